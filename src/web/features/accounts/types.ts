/** Shapes of the accounts API as this feature reads them (see src/contract/accounts.ts, attachments.ts). */
export type DecisionRole = 'decision_maker' | 'influencer' | 'user' | 'gatekeeper' | 'champion' | 'blocker';
export type Attitude = 'supportive' | 'neutral' | 'opposed';
export const DECISION_ROLES: DecisionRole[] = [
  'decision_maker',
  'influencer',
  'champion',
  'blocker',
  'user',
  'gatekeeper',
];
export const ATTITUDES: Attitude[] = ['supportive', 'neutral', 'opposed'];

export interface Account {
  id: string;
  name: string;
  uscc: string | null;
  industry: string | null;
  size: string | null;
  region: string | null;
  source: string | null;
  budgetRange: string | null;
  painPoints: string | null;
  ownerId: string;
  ownerName: string | null;
  tier: string | null;
  tags: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}
export interface Contact {
  id: string;
  accountId: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  decisionRole: DecisionRole | null;
  attitude: Attitude | null;
  preferences: string | null;
  version: number;
}
export interface AccountDetail extends Account {
  contacts: Contact[];
  dealCount: number;
}
export interface Attachment {
  id: string;
  entity: 'account' | 'deal';
  entityId: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  uploadedBy: string;
  uploadedByName: string | null;
  createdAt: string;
  downloadUrl: string;
}

/** Suggestions for free-text account fields (any value is accepted). */
export const INDUSTRIES = [
  '制造',
  '家电',
  '汽车零部件',
  '电子',
  '医药',
  '化工',
  '食品',
  '物流',
  '零售',
  '能源',
  '建筑',
  '金融',
  '教育',
  '互联网',
];
export const TIERS = ['A', 'B', 'C'];
export const SIZES = ['20-99人', '100-499人', '500-999人', '1000人以上'];
export const SOURCES = ['展会', '官网', '老客户介绍', '电话开发', '合作伙伴'];
export const BUDGETS = ['10万以内', '10-50万', '50-100万', '100万以上'];
