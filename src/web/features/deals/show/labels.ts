import type { MessageKey } from '../../../i18n';

/** Intent tags derived by the server from a follow-up's text (src/domain/intents.ts). */
export const INTENT_KEYS: Record<string, MessageKey> = {
  competitor_mentioned: 'deal.intent.competitor_mentioned',
  price_sensitive: 'deal.intent.price_sensitive',
  budget_confirmed: 'deal.intent.budget_confirmed',
  decision_maker_involved: 'deal.intent.decision_maker_involved',
  timeline_urgent: 'deal.intent.timeline_urgent',
  objection: 'deal.intent.objection',
};

export const CHANNEL_KEYS: Record<string, MessageKey> = {
  visit: 'channel.visit',
  call: 'channel.call',
  wechat: 'channel.wechat',
  email: 'channel.email',
  meeting: 'channel.meeting',
  other: 'channel.other',
};

export const DECISION_ROLE_KEYS: Record<string, MessageKey> = {
  decision_maker: 'deal.role.decision_maker',
  influencer: 'deal.role.influencer',
  user: 'deal.role.user',
  gatekeeper: 'deal.role.gatekeeper',
  champion: 'deal.role.champion',
  blocker: 'deal.role.blocker',
};

export const ATTITUDE_KEYS: Record<string, MessageKey> = {
  supportive: 'deal.attitude.supportive',
  neutral: 'deal.attitude.neutral',
  opposed: 'deal.attitude.opposed',
};

/** Deal fields as the audit trail names them. */
export const AUDIT_FIELD_KEYS: Record<string, MessageKey> = {
  title: 'deal.field.title',
  amount: 'deal.field.amount',
  currency: 'deal.field.currency',
  probability: 'deal.field.probability',
  expectedCloseDate: 'deal.field.expectedCloseDate',
  nextStep: 'deal.field.nextStep',
  nextStepDue: 'deal.field.nextStepDue',
  nextPaymentDue: 'deal.field.nextPaymentDue',
  source: 'deal.field.source',
  competitors: 'deal.field.competitors',
  riskFlag: 'deal.field.risk',
  riskReason: 'deal.field.riskReason',
  lossReason: 'deal.field.lossReason',
  ownerId: 'deal.field.owner',
  accountId: 'deal.field.account',
  lineItems: 'deal.tab.lineItems',
  collaboratorIds: 'deal.field.collaborators',
  closedAt: 'deal.field.closedAt',
  stage: 'deal.field.stage',
  custom: 'deal.field.custom',
};
