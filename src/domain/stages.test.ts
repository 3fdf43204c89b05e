import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STAGES,
  findStage,
  missingFieldsForStage,
  newStageKey,
  PROBABILITIES,
  pipelineProblems,
  type Stage,
  type StageFieldValues,
} from './stages.js';

const stage = (key: string) => findStage(DEFAULT_STAGES, key)!;
const filled: StageFieldValues = {
  amount: 100_00,
  expectedCloseDate: '2026-06-30',
  accountId: 'a1',
  lossReason: 'price',
  nextStep: '发合同',
};

describe('the default funnel', () => {
  it('is the table of DOMAIN.md', () => {
    expect(DEFAULT_STAGES.map((s) => [s.key, s.name.zh, s.name.en, s.probability, s.kind])).toEqual([
      ['lead', '潜在客户', 'Lead', 10, 'open'],
      ['qualified', '需求确认', 'Qualified', 30, 'open'],
      ['proposal', '方案报价', 'Proposal', 50, 'open'],
      ['negotiation', '谈判签约', 'Negotiation', 80, 'open'],
      ['won', '赢单', 'Won', 100, 'won'],
      ['lost', '输单', 'Lost', 0, 'lost'],
    ]);
    expect(pipelineProblems(DEFAULT_STAGES)).toEqual([]);
  });

  it('uses only probabilities from the fixed list', () => {
    expect([...PROBABILITIES]).toEqual([0, 10, 30, 50, 80, 100]);
    for (const s of DEFAULT_STAGES) expect(PROBABILITIES).toContain(s.probability);
  });
});

describe('missingFieldsForStage', () => {
  it('proposal needs an amount above zero', () => {
    expect(missingFieldsForStage(stage('proposal'), filled)).toEqual([]);
    expect(missingFieldsForStage(stage('proposal'), { ...filled, amount: 0 })).toEqual(['amount']);
    expect(missingFieldsForStage(stage('proposal'), { ...filled, amount: null })).toEqual(['amount']);
  });

  it('negotiation needs amount and expected close date, both listed', () => {
    expect(missingFieldsForStage(stage('negotiation'), { ...filled, amount: 0, expectedCloseDate: null })).toEqual([
      'amount',
      'expectedCloseDate',
    ]);
  });

  it('lost needs a loss reason; blank text counts as missing', () => {
    expect(missingFieldsForStage(stage('lost'), { ...filled, lossReason: null })).toEqual(['lossReason']);
    expect(missingFieldsForStage(stage('lost'), { ...filled, lossReason: '  ' })).toEqual(['lossReason']);
    expect(missingFieldsForStage(stage('lost'), { ...filled, amount: 0 })).toEqual([]);
  });

  it('lead and qualified need nothing', () => {
    const empty: StageFieldValues = {
      amount: 0,
      expectedCloseDate: null,
      accountId: null,
      lossReason: null,
      nextStep: null,
    };
    expect(missingFieldsForStage(stage('lead'), empty)).toEqual([]);
    expect(missingFieldsForStage(stage('qualified'), empty)).toEqual([]);
  });

  it("honours an organisation's own required fields", () => {
    const custom: Stage = { ...stage('qualified'), requiredFields: ['accountId', 'nextStep'] };
    expect(missingFieldsForStage(custom, { ...filled, accountId: null, nextStep: '' })).toEqual([
      'accountId',
      'nextStep',
    ]);
  });
});

describe('pipelineProblems', () => {
  const fields = (stages: Stage[]) => pipelineProblems(stages).map((p) => p.field);

  it('finds duplicate keys, naming the position', () => {
    const problems = pipelineProblems([
      ...DEFAULT_STAGES.slice(0, 4),
      { ...stage('lead') },
      ...DEFAULT_STAGES.slice(4),
    ]);
    expect(problems).toEqual([
      { field: 'stages.4.key', message: { zh: '阶段标识重复：lead', en: 'Duplicate stage key: lead' } },
    ]);
  });

  it('needs exactly one won and one lost stage', () => {
    expect(fields(DEFAULT_STAGES.filter((s) => s.kind !== 'won'))).toEqual(['stages']);
    expect(pipelineProblems(DEFAULT_STAGES.filter((s) => s.kind !== 'won'))[0].message.en).toBe(
      'One stage must be the won stage',
    );
    expect(pipelineProblems(DEFAULT_STAGES.filter((s) => s.kind !== 'lost'))[0].message.en).toBe(
      'One stage must be the lost stage',
    );
    const twoWon = [...DEFAULT_STAGES, { ...stage('won'), key: 'won2' }];
    expect(pipelineProblems(twoWon).map((p) => p.message.en)).toEqual(['Only one won and one lost stage are allowed']);
    const twoLost = [...DEFAULT_STAGES, { ...stage('lost'), key: 'lost2' }];
    expect(pipelineProblems(twoLost).map((p) => p.message.en)).toEqual(['Only one won and one lost stage are allowed']);
  });

  it('needs at least one open stage', () => {
    expect(pipelineProblems([stage('won'), stage('lost')]).map((p) => p.message.en)).toEqual([
      'At least one open stage is needed',
    ]);
  });

  it('reports every problem at once', () => {
    expect(pipelineProblems([]).map((p) => p.message.en)).toEqual([
      'One stage must be the won stage',
      'One stage must be the lost stage',
      'At least one open stage is needed',
    ]);
  });

  it('keeps the won and lost stages after every open stage', () => {
    const wonFirst = [stage('lead'), stage('won'), stage('qualified'), stage('lost')];
    expect(pipelineProblems(wonFirst)).toEqual([
      {
        field: 'stages.2.kind',
        message: {
          zh: '赢单和输单阶段必须排在所有进行中阶段之后',
          en: 'The won and lost stages come after every open stage',
        },
      },
    ]);
    expect(pipelineProblems([stage('lead'), stage('lost'), stage('won')])).toEqual([]);
  });

  it('accepts a renamed, reordered, re-weighted pipeline', () => {
    const custom = [
      { ...stage('qualified'), name: { zh: '初步接触', en: 'First contact' }, probability: 10 as const },
      stage('lead'),
      stage('negotiation'),
      stage('won'),
      stage('lost'),
    ];
    expect(pipelineProblems(custom)).toEqual([]);
  });
});

describe('newStageKey', () => {
  it('makes a key from the English name', () => {
    expect(newStageKey({ zh: '合同审批', en: 'Contract review' }, new Set())).toBe('contract-review');
    expect(newStageKey({ zh: '演示', en: '  Démo / POC (2nd) ' }, new Set())).toBe('demo-poc-2nd');
  });

  it('falls back to "stage" when the name has no Latin letters or digits', () => {
    expect(newStageKey({ zh: '试用', en: '试用' }, new Set())).toBe('stage');
  });

  it('never takes a key in use now or in the past', () => {
    expect(newStageKey({ zh: '线索', en: 'Lead' }, new Set(['lead', 'lead-2']))).toBe('lead-3');
  });

  it('stays within the key pattern however long the name is', () => {
    const key = newStageKey({ zh: '长', en: 'A very long stage name that goes on and on and on' }, new Set());
    expect(key.length).toBeLessThanOrEqual(32);
    expect(key).toMatch(/^[a-z0-9][a-z0-9_-]*[a-z0-9]$/);
  });
});
