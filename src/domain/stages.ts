import type { Text } from './i18n.js';

/** Probability is chosen from this fixed list, never typed freely (0 belongs to lost deals). */
export const PROBABILITIES = [0, 10, 30, 50, 80, 100] as const;
export type Probability = (typeof PROBABILITIES)[number];

export type StageKind = 'open' | 'won' | 'lost';

/** Deal fields a stage may require before a deal can enter it. */
export const REQUIRABLE_FIELDS = ['amount', 'expectedCloseDate', 'accountId', 'lossReason', 'nextStep'] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];

export interface Stage {
  key: string;
  name: Text;
  kind: StageKind;
  probability: Probability;
  requiredFields: RequirableField[];
  /** Typical days a deal spends here; longer turns the light yellow. Null: no limit. */
  typicalDays: number | null;
}

/** The default funnel of DOMAIN.md; each organisation may rename, reorder and re-weight it. */
export const DEFAULT_STAGES: Stage[] = [
  {
    key: 'lead',
    name: { zh: '潜在客户', en: 'Lead' },
    kind: 'open',
    probability: 10,
    requiredFields: [],
    typicalDays: 14,
  },
  {
    key: 'qualified',
    name: { zh: '需求确认', en: 'Qualified' },
    kind: 'open',
    probability: 30,
    requiredFields: [],
    typicalDays: 21,
  },
  {
    key: 'proposal',
    name: { zh: '方案报价', en: 'Proposal' },
    kind: 'open',
    probability: 50,
    requiredFields: ['amount'],
    typicalDays: 21,
  },
  {
    key: 'negotiation',
    name: { zh: '谈判签约', en: 'Negotiation' },
    kind: 'open',
    probability: 80,
    requiredFields: ['amount', 'expectedCloseDate'],
    typicalDays: 30,
  },
  {
    key: 'won',
    name: { zh: '赢单', en: 'Won' },
    kind: 'won',
    probability: 100,
    requiredFields: ['amount'],
    typicalDays: null,
  },
  {
    key: 'lost',
    name: { zh: '输单', en: 'Lost' },
    kind: 'lost',
    probability: 0,
    requiredFields: ['lossReason'],
    typicalDays: null,
  },
];

export const LOSS_REASONS: Record<string, Text> = {
  price: { zh: '价格', en: 'Price' },
  competitor: { zh: '输给竞争对手', en: 'Lost to competitor' },
  no_budget: { zh: '没有预算', en: 'No budget' },
  no_decision: { zh: '客户不决策', en: 'No decision' },
  timing: { zh: '时机不对', en: 'Timing' },
  product_fit: { zh: '产品不匹配', en: 'Product fit' },
  contract_terms: { zh: '合同条款', en: 'Contract terms' },
  relationship: { zh: '关系不到位', en: 'Relationship' },
  other: { zh: '其他', en: 'Other' },
};

export const FIELD_LABELS: Record<RequirableField, Text> = {
  amount: { zh: '金额', en: 'Amount' },
  expectedCloseDate: { zh: '预计成交日期', en: 'Expected close date' },
  accountId: { zh: '客户', en: 'Account' },
  lossReason: { zh: '输单原因', en: 'Loss reason' },
  nextStep: { zh: '下一步计划', en: 'Next step' },
};

export interface StageFieldValues {
  amount: number | null;
  expectedCloseDate: string | null;
  accountId: string | null;
  lossReason: string | null;
  nextStep: string | null;
}

/** Lists the required fields of `target` that the deal (after the move) would leave empty. */
export function missingFieldsForStage(target: Stage, values: StageFieldValues): RequirableField[] {
  return target.requiredFields.filter((field) => {
    const value = values[field];
    if (value === null || value === undefined) return true;
    if (typeof value === 'string' && value.trim() === '') return true;
    if (field === 'amount' && typeof value === 'number' && value <= 0) return true;
    return false;
  });
}

export function findStage(stages: Stage[], key: string): Stage | undefined {
  return stages.find((stage) => stage.key === key);
}

/** Checks an organisation's pipeline as a whole; returns the problems, empty when it is usable. */
export function pipelineProblems(stages: Stage[]): { field: string; message: Text }[] {
  const problems: { field: string; message: Text }[] = [];
  const keys = new Set<string>();
  stages.forEach((stage, index) => {
    if (keys.has(stage.key)) {
      problems.push({
        field: `stages.${index}.key`,
        message: { zh: `阶段标识重复：${stage.key}`, en: `Duplicate stage key: ${stage.key}` },
      });
    }
    keys.add(stage.key);
  });
  if (!stages.some((stage) => stage.kind === 'won')) {
    problems.push({ field: 'stages', message: { zh: '必须有一个赢单阶段', en: 'One stage must be the won stage' } });
  }
  if (!stages.some((stage) => stage.kind === 'lost')) {
    problems.push({ field: 'stages', message: { zh: '必须有一个输单阶段', en: 'One stage must be the lost stage' } });
  }
  if (
    stages.filter((stage) => stage.kind === 'won').length > 1 ||
    stages.filter((stage) => stage.kind === 'lost').length > 1
  ) {
    problems.push({
      field: 'stages',
      message: { zh: '赢单和输单阶段各只能有一个', en: 'Only one won and one lost stage are allowed' },
    });
  }
  if (!stages.some((stage) => stage.kind === 'open')) {
    problems.push({
      field: 'stages',
      message: { zh: '至少需要一个进行中的阶段', en: 'At least one open stage is needed' },
    });
  }
  // The board and the funnel read left to right: every open stage first, the closing stages at the end.
  const firstClosed = stages.findIndex((stage) => stage.kind !== 'open');
  const openAfter =
    firstClosed < 0 ? -1 : stages.findIndex((stage, index) => index > firstClosed && stage.kind === 'open');
  if (openAfter >= 0) {
    problems.push({
      field: `stages.${openAfter}.kind`,
      message: {
        zh: '赢单和输单阶段必须排在所有进行中阶段之后',
        en: 'The won and lost stages come after every open stage',
      },
    });
  }
  return problems;
}

/** Longest key a generated stage key may have before a "-2" style suffix. */
const GENERATED_KEY_LENGTH = 32;

/**
 * A key for a new stage, made once from its English name ("Contract review" → "contract-review") and never
 * changed afterwards; `taken` holds keys in use now or in the past (history refers to them), so a suffix
 * ("-2", "-3", …) keeps it unique. A name with no Latin letters or digits gives "stage".
 */
export function newStageKey(name: Text, taken: ReadonlySet<string>): string {
  const slug =
    name.en
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, GENERATED_KEY_LENGTH)
      .replace(/-+$/, '') || 'stage';
  if (!taken.has(slug)) return slug;
  for (let n = 2; ; n++) {
    const candidate = `${slug}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The keys of the stages of one kind, in pipeline order. */
export function stageKeys(stages: Stage[], kind: StageKind): string[] {
  return stages.filter((stage) => stage.kind === kind).map((stage) => stage.key);
}
