import { deriveIntents } from '../src/domain/intents.js';
import { searchTokens } from '../src/domain/search-tokens.js';
import { DEFAULT_STAGES, LOSS_REASONS } from '../src/domain/stages.js';
import { ALPHABET, base32 } from '../src/store/ids.js';

/**
 * Deterministic synthetic ledger data for the benchmark: the same seed and size give the same rows on
 * SQLite and PostgreSQL. Times are spread around a fixed base instant (BASE_NOW) so every status-light
 * colour occurs; the benchmark server's clock starts at BASE_NOW, so the colours stay put across runs.
 */

export const BASE_NOW = '2026-03-02T02:00:00.000Z';
export const BASE_MS = Date.parse(BASE_NOW);
const DAY = 86_400_000;
/** Deals are created evenly over the two years before BASE_NOW (ids sort in creation order). */
const HISTORY_START_MS = BASE_MS - 730 * DAY;
const HISTORY_SPAN_MS = 729 * DAY;

/** mulberry32: tiny, fast, good enough for test data; one stream per concern keeps tables independent. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const between = (r: () => number, min: number, max: number) => min + r() * (max - min);
const intBetween = (r: () => number, min: number, max: number) => Math.floor(between(r, min, max + 1));

/** An id in the format of store/ids newId (time, sequence, random), but reproducible. */
export function idAt(ms: number, sequence: number, r: () => number): string {
  let random = '';
  for (let i = 0; i < 9; i++) random += ALPHABET[Math.floor(r() * 32)];
  return base32(ms, 10) + base32(sequence % 32768, 3) + random;
}

const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10); // Asia/Shanghai calendar day

// Company names: city + two-character brand + industry + legal form. Brand characters come from two
// disjoint lists, so a brand like 华信 is a selective search and 科技 a broad one.
const CITIES = [
  '北京',
  '上海',
  '广州',
  '深圳',
  '杭州',
  '南京',
  '苏州',
  '成都',
  '武汉',
  '西安',
  '重庆',
  '天津',
  '长沙',
  '郑州',
  '青岛',
  '厦门',
  '合肥',
  '济南',
  '宁波',
  '无锡',
];
const BRAND_A = [
  '华',
  '中',
  '金',
  '瑞',
  '东',
  '恒',
  '永',
  '宏',
  '博',
  '新',
  '海',
  '天',
  '嘉',
  '鼎',
  '盛',
  '泰',
  '明',
  '德',
  '安',
  '兴',
  '长',
  '万',
  '联',
  '远',
  '正',
  '达',
  '光',
  '和',
  '佳',
  '华',
];
const BRAND_B = [
  '信',
  '通',
  '科',
  '源',
  '达',
  '丰',
  '诚',
  '越',
  '辰',
  '创',
  '邦',
  '拓',
  '远',
  '睿',
  '捷',
  '汇',
  '峰',
  '盈',
  '润',
  '康',
  '晟',
  '祥',
  '耀',
  '驰',
  '航',
  '宇',
  '讯',
  '智',
  '茂',
  '凯',
];
const INDUSTRIES = [
  { word: '科技', industry: '信息技术' },
  { word: '智能制造', industry: '制造业' },
  { word: '医疗器械', industry: '医疗' },
  { word: '物流', industry: '物流' },
  { word: '能源', industry: '能源' },
  { word: '食品', industry: '消费品' },
  { word: '建设工程', industry: '建筑' },
  { word: '教育科技', industry: '教育' },
  { word: '新材料', industry: '化工' },
  { word: '汽车零部件', industry: '汽车' },
  { word: '电子', industry: '电子' },
  { word: '零售', industry: '零售' },
];
const LEGAL_FORMS = ['有限公司', '股份有限公司', '集团有限公司', '有限责任公司'];
const SIZES = ['1-50', '51-200', '201-1000', '1000+'];
const SOURCES = ['展会', '官网', '转介绍', '电话营销', '合作伙伴', '老客户'];
const PRODUCTS = [
  'CRM',
  'ERP',
  'Cloud 云平台',
  'SaaS 订阅',
  'MES 系统',
  'WMS 仓储',
  'OA 办公',
  'BI 报表',
  '数据中台',
  '安全网关',
  'IoT 平台',
  '视频会议',
  '服务器采购',
  '存储扩容',
  '运维服务',
];
const PROJECT_KINDS = ['采购项目', '二期项目', '升级改造', '年度续费', '试点项目', '集中采购', '扩容项目', '年度框架'];
const COMPETITORS = ['金蝶', '用友', '销售易', 'Salesforce', '纷享销客'];
const NEXT_STEPS = [
  '安排技术交流',
  '发送报价单',
  '约老板面谈',
  '提交方案',
  '安排演示',
  '合同条款确认',
  '催促付款',
  '安排现场调研',
];
const VERBATIMS = [
  '客户表示预算已批，希望下周安排技术交流。',
  '对方觉得报价太贵，希望再给些折扣。',
  '客户提到友商也在报价，需要尽快给出方案。',
  '总经理参加了会议，对方案比较认可。',
  '客户担心实施周期太长，暂缓决策。',
  '电话沟通了需求细节，客户比较满意。',
  '客户要求月底前给出正式合同。',
  'Met the CTO, budget is approved, asked for a demo next week.',
  '客户内部还在讨论，再看看。',
  '采购部门要求补充资质文件。',
  '微信沟通，客户对价格有顾虑。',
  '现场拜访，了解到客户有预算，计划本季度上线。',
];
const VERBATIM_INTENTS = VERBATIMS.map((text) => JSON.stringify(deriveIntents(text)));
const CHANNELS = ['visit', 'call', 'wechat', 'email', 'meeting', 'other'];
const RESOURCES = ['[]', '[]', '[]', '["售前支持"]', '["技术方案"]', '["商务审批"]'];
const LOSS_KEYS = Object.keys(LOSS_REASONS);
const OPEN_STAGES = DEFAULT_STAGES.filter((s) => s.kind === 'open');
const OPEN_WEIGHTS = [0.35, 0.28, 0.22, 0.15];
const PROBABILITY = new Map(DEFAULT_STAGES.map((s) => [s.key, s.probability]));

/** The Chinese and Latin words the benchmark searches for (a selective brand, a broad word, a Latin prefix). */
export const SEARCH_SAMPLES = { zhBrand: '华信', zhBroad: '科技', latinPrefix: 'clo' };

export interface SeedUser {
  id: string;
  name: string;
  email: string;
  role: 'manager' | 'sales';
  teamId: string;
}

export interface SeedTeam {
  id: string;
  name: string;
  managerId: string;
}

const TEAM_NAMES = ['华东大区', '华北大区', '华南大区', '西部大区', '大客户部'];
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
];

/** Five teams of one manager and nine reps (50 people who own deals). */
export function seedPeople(orgCreatedMs: number): { teams: SeedTeam[]; users: SeedUser[] } {
  const r = prng(7);
  const teams: SeedTeam[] = [];
  const users: SeedUser[] = [];
  let seq = 0;
  TEAM_NAMES.forEach((name, t) => {
    const teamId = idAt(orgCreatedMs + 1, seq++, r);
    const members: SeedUser[] = [];
    for (let m = 0; m < 10; m++) {
      const n = users.length + members.length;
      members.push({
        id: idAt(orgCreatedMs + 2, seq++, r),
        name: `${pick(r, SURNAMES)}${pick(r, GIVEN)}`,
        email: `${m === 0 ? 'manager' : 'rep'}${String(n).padStart(2, '0')}@bench.example`,
        role: m === 0 ? 'manager' : 'sales',
        teamId,
      });
    }
    teams.push({ id: teamId, name, managerId: members[0].id });
    users.push(...members);
    void t;
  });
  return { teams, users };
}

export type Row = (string | number | null)[];

export const ACCOUNT_COLUMNS = [
  'id',
  'org_id',
  'name',
  'name_key',
  'uscc',
  'industry',
  'size',
  'region',
  'source',
  'budget_range',
  'pain_points',
  'owner_id',
  'tier',
  'tags',
  'custom',
  'search_tokens',
  'version',
  'created_at',
  'updated_at',
  'deleted_at',
] as const;
export const DEAL_COLUMNS = [
  'id',
  'org_id',
  'account_id',
  'title',
  'owner_id',
  'stage',
  'amount',
  'currency',
  'probability',
  'expected_close_date',
  'closed_at',
  'loss_reason',
  'risk_flag',
  'risk_reason',
  'source',
  'competitors',
  'custom',
  'next_step',
  'next_step_due',
  'last_followup_at',
  'last_activity_at',
  'next_payment_due',
  'stage_entered_at',
  'search_tokens',
  'version',
  'created_at',
  'updated_at',
  'deleted_at',
] as const;
export const FOLLOWUP_COLUMNS = [
  'id',
  'org_id',
  'deal_id',
  'account_id',
  'author_id',
  'at',
  'channel',
  'verbatim',
  'summary',
  'next_step',
  'next_step_due',
  'resources_needed',
  'intents',
  'created_at',
] as const;
export const STAGE_HISTORY_COLUMNS = ['id', 'org_id', 'deal_id', 'from_stage', 'to_stage', 'at', 'actor_id'] as const;
export const COLLABORATOR_COLUMNS = ['org_id', 'deal_id', 'user_id', 'created_at'] as const;
/** PostgreSQL element types for unnest(); everything not listed is text. */
export const INT_COLUMNS = new Set(['amount', 'probability', 'risk_flag', 'version']);

export interface AccountGen {
  row: Row;
  id: string;
  name: string;
  /** Short name used in deal titles (brand + industry word). */
  short: string;
}

/** Account `i` of `count`: created over the two years, owned by one of the reps. */
export function makeAccount(i: number, count: number, orgId: string, users: SeedUser[], r: () => number): AccountGen {
  const createdMs = HISTORY_START_MS - 30 * DAY + Math.floor((i * HISTORY_SPAN_MS) / count);
  const id = idAt(createdMs, i, r);
  const city = pick(r, CITIES);
  const brand = pick(r, BRAND_A) + pick(r, BRAND_B);
  const industry = pick(r, INDUSTRIES);
  const name = `${city}${brand}${industry.word}${pick(r, LEGAL_FORMS)}`;
  // Same name twice is a real-world duplicate; the key (as domain/dedup-keys builds it) strips the legal form.
  const nameKey = name.replace(/(股份有限公司|有限责任公司|集团有限公司|有限公司)$/u, '').toLowerCase();
  const at = iso(createdMs);
  const row: Row = [
    id,
    orgId,
    name,
    nameKey,
    null,
    industry.industry,
    pick(r, SIZES),
    city,
    pick(r, SOURCES),
    null,
    null,
    pick(r, users).id,
    pick(r, ['A', 'B', 'C', null]),
    '[]',
    '{}',
    searchTokens(name),
    1,
    at,
    at,
    null,
  ];
  return { row, id, name, short: brand + industry.word };
}

export interface DealGen {
  deal: Row;
  followups: Row[];
  stageHistory: Row[];
  collaborators: Row[];
}

/**
 * Deal `i` of `count` with its follow-ups (3 on average: deal pairs share six, so the total is exactly
 * 3 × count), stage history and sometimes a collaborator. Older deals are more often closed.
 */
export function makeDeal(
  i: number,
  count: number,
  orgId: string,
  users: SeedUser[],
  accounts: AccountGen[],
  r: () => number,
): DealGen {
  const createdMs = HISTORY_START_MS + Math.floor((i * HISTORY_SPAN_MS) / count);
  const id = idAt(createdMs, i, r);
  const age = i / count; // 0 oldest … 1 newest
  const owner = pick(r, users);
  // Only accounts that already existed when the deal was created (old customers collect more deals).
  const known = Math.max(1, Math.min(accounts.length, Math.floor(accounts.length * (age + 30 / 729))));
  const account = r() < 0.05 ? null : accounts[Math.floor(r() * known)];
  const pairOffset = pairedOffset(i);
  const followupCount = 3 + pairOffset;

  let stage: string;
  const closed = r() < 0.05 + 0.75 * (1 - age);
  if (closed) stage = r() < 0.55 ? 'won' : 'lost';
  else {
    const u = r();
    let acc = 0;
    stage = OPEN_STAGES[OPEN_STAGES.length - 1].key;
    for (let s = 0; s < OPEN_STAGES.length; s++) {
      acc += OPEN_WEIGHTS[s];
      if (u < acc) {
        stage = OPEN_STAGES[s].key;
        break;
      }
    }
  }

  let lastActivity: number;
  let stageEntered: number;
  let lastFollowup: number | null;
  let closedAt: number | null = null;
  if (closed) {
    closedAt = Math.min(createdMs + between(r, 5, 180) * DAY, BASE_MS - 3600_000);
    lastActivity = closedAt;
    stageEntered = closedAt;
    lastFollowup = followupCount === 0 ? null : Math.max(createdMs, closedAt - between(r, 0.2, 20) * DAY);
  } else {
    // Spread so every light occurs: ~35% active in the last 3 days, ~20% 3–7 days, ~45% stalled.
    const u = r();
    const idleDays =
      u < 0.35 ? between(r, 0.01, 2.99) : u < 0.55 ? between(r, 3.01, 6.99) : 7.01 + Math.pow(r(), 2) * 120;
    lastActivity = Math.max(createdMs + 60_000, BASE_MS - idleDays * DAY);
    if (stage === 'lead') {
      stageEntered = createdMs;
      if (followupCount === 0) lastActivity = createdMs;
      lastFollowup = followupCount === 0 ? null : lastActivity;
    } else if (followupCount === 0 || r() < 0.3) {
      // The stage change was the latest activity; follow-ups came before it.
      stageEntered = lastActivity;
      lastFollowup = followupCount === 0 ? null : Math.max(createdMs, stageEntered - between(r, 0.5, 20) * DAY);
    } else {
      stageEntered = Math.max(createdMs, lastActivity - between(r, 0, 40) * DAY);
      lastFollowup = lastActivity;
    }
  }

  const open = !closed;
  const nextStep = open && r() >= 0.08 ? pick(r, NEXT_STEPS) : null;
  let nextStepDue: string | null = null;
  if (nextStep) {
    const u = r();
    const days = u < 0.15 ? -intBetween(r, 1, 10) : u < 0.25 ? intBetween(r, 0, 2) : intBetween(r, 3, 30);
    nextStepDue = dateOf(BASE_MS + days * DAY);
  }
  let expectedClose: string | null;
  if (closed) expectedClose = dateOf(closedAt!);
  else if (stage === 'lead' && r() < 0.2) expectedClose = null;
  else
    expectedClose =
      r() < 0.1 ? dateOf(BASE_MS - intBetween(r, 1, 60) * DAY) : dateOf(BASE_MS + intBetween(r, 7, 365) * DAY);
  let nextPaymentDue: string | null = null;
  if (stage === 'won') {
    const u = r();
    if (u < 0.1) nextPaymentDue = dateOf(BASE_MS - intBetween(r, 1, 60) * DAY);
    else if (u < 0.4) nextPaymentDue = dateOf(BASE_MS + intBetween(r, 1, 120) * DAY);
  }
  const riskFlag = open && r() < 0.02 ? 1 : 0;
  // Log-uniform ¥10k … ¥5M, in fen, rounded to ¥100.
  const amount = Math.round(Math.exp(between(r, Math.log(10_000), Math.log(5_000_000))) / 100) * 10_000;
  const product = pick(r, PRODUCTS);
  const title = `${account ? account.short : pick(r, CITIES) + '政企'}${product}${pick(r, PROJECT_KINDS)}`;
  const updatedAt = iso(lastActivity);
  const deleted = r() < 0.003 ? iso(lastActivity + 3600_000) : null;
  const deal: Row = [
    id,
    orgId,
    account?.id ?? null,
    title,
    owner.id,
    stage,
    amount,
    'CNY',
    PROBABILITY.get(stage) ?? 0,
    expectedClose,
    closedAt === null ? null : iso(closedAt),
    stage === 'lost' ? pick(r, LOSS_KEYS) : null,
    riskFlag,
    riskFlag ? '客户预算被冻结' : null,
    pick(r, SOURCES),
    r() < 0.15 ? JSON.stringify([pick(r, COMPETITORS)]) : '[]',
    '{}',
    nextStep,
    nextStepDue,
    lastFollowup === null ? null : iso(lastFollowup),
    iso(lastActivity),
    nextPaymentDue,
    iso(stageEntered),
    searchTokens(title, account?.name),
    1,
    iso(createdMs),
    updatedAt,
    deleted,
  ];

  const followups: Row[] = [];
  if (lastFollowup !== null) {
    const times: number[] = [];
    for (let k = 0; k < followupCount - 1; k++) times.push(createdMs + r() * (lastFollowup - createdMs));
    times.sort((a, b) => a - b);
    times.push(lastFollowup);
    times.forEach((at, k) => {
      const v = Math.floor(r() * VERBATIMS.length);
      const last = k === times.length - 1;
      const step = last ? nextStep : pick(r, NEXT_STEPS);
      const due = last ? nextStepDue : dateOf(at + intBetween(r, 1, 14) * DAY);
      followups.push([
        idAt(createdMs, k, r),
        orgId,
        id,
        account?.id ?? null,
        owner.id,
        iso(at),
        pick(r, CHANNELS),
        VERBATIMS[v],
        null,
        step,
        due,
        pick(r, RESOURCES),
        VERBATIM_INTENTS[v],
        iso(at),
      ]);
    });
  }
  const stageHistory: Row[] = [[idAt(createdMs, 100, r), orgId, id, null, 'lead', iso(createdMs), owner.id]];
  if (stage !== 'lead')
    stageHistory.push([idAt(createdMs, 101, r), orgId, id, 'lead', stage, iso(stageEntered), owner.id]);
  const collaborators: Row[] = [];
  if (r() < 0.02) {
    const other = pick(r, users);
    if (other.id !== owner.id) collaborators.push([orgId, id, other.id, iso(createdMs)]);
  }
  return { deal, followups, stageHistory, collaborators };
}

/** −3…+3 for deal pairs (2k, 2k+1) with opposite signs, so follow-ups total exactly 3 per deal. */
function pairedOffset(i: number): number {
  const pair = Math.floor(i / 2);
  const offset = (((pair * 2654435761) >>> 0) % 7) - 3;
  return i % 2 === 0 ? offset : -offset;
}
