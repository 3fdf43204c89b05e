import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Row types of every table. Timestamps are ISO-8601 UTC strings, calendar dates YYYY-MM-DD strings,
 * money integer minor units, flags 0/1 integers — the same representation on SQLite and PostgreSQL.
 */

type Timestamp = string;
type CalendarDate = string;
type Flag = number;
/** JSON kept as text so both engines store it the same way. */
type JsonText = string;

export interface SchemaMigrationsTable {
  id: number;
  name: string;
  applied_at: Timestamp;
}

export interface OrganisationsTable {
  id: string;
  name: string;
  timezone: string;
  currency: string;
  /** LightSettings and other organisation settings. */
  settings: JsonText;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
  /** Moved on by every change to the organisation's deals, collaborators, accounts or users (migration 0006). */
  ledger_version: Generated<number>;
}

/** Live deals' totals per organisation, stage and owner (kept by triggers on deals; migration 0005). */
export interface PipelineTotalsTable {
  org_id: string;
  stage: string;
  owner_id: string;
  deals: number;
  amount: number;
  /** Σ amount × probability (percent points). */
  weighted: number;
}

export interface PipelineStagesTable {
  org_id: string;
  key: string;
  position: number;
  name_zh: string;
  name_en: string;
  kind: 'open' | 'won' | 'lost';
  probability: number;
  required_fields: JsonText;
  typical_days: number | null;
}

export interface TeamsTable {
  id: string;
  org_id: string;
  name: string;
  manager_id: string | null;
  /** HH:MM in the organisation's zone; null: the organisation's default. */
  reminder_time: string | null;
  digest_time: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface UsersTable {
  id: string;
  org_id: string;
  name: string;
  email: string;
  password_hash: string;
  role: 'admin' | 'manager' | 'sales' | 'finance' | 'marketing' | 'viewer';
  team_id: string | null;
  locale: string | null;
  active: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface SessionsTable {
  id: string;
  org_id: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  org_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginAttemptsTable {
  key: string;
  window_start: Timestamp;
  failures: number;
}

export interface AccountsTable {
  id: string;
  org_id: string;
  name: string;
  name_key: string;
  uscc: string | null;
  industry: string | null;
  size: string | null;
  region: string | null;
  source: string | null;
  budget_range: string | null;
  pain_points: string | null;
  owner_id: string;
  tier: string | null;
  tags: JsonText;
  custom: JsonText;
  search_tokens: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface ContactsTable {
  id: string;
  org_id: string;
  account_id: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  decision_role: string | null;
  attitude: string | null;
  preferences: string | null;
  search_tokens: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface ProductsTable {
  id: string;
  org_id: string;
  name: string;
  sku: string | null;
  unit_price: number;
  currency: string;
  active: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DealsTable {
  id: string;
  org_id: string;
  account_id: string | null;
  title: string;
  owner_id: string;
  stage: string;
  amount: number;
  currency: string;
  probability: number;
  expected_close_date: CalendarDate | null;
  closed_at: Timestamp | null;
  loss_reason: string | null;
  risk_flag: Flag;
  risk_reason: string | null;
  source: string | null;
  competitors: JsonText;
  custom: JsonText;
  next_step: string | null;
  next_step_due: CalendarDate | null;
  last_followup_at: Timestamp | null;
  /** Latest follow-up or stage change: what "stalled" measures. */
  last_activity_at: Timestamp;
  /** Earliest due date among instalments not fully received (kept by payment commands). */
  next_payment_due: CalendarDate | null;
  stage_entered_at: Timestamp;
  search_tokens: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface DealCollaboratorsTable {
  org_id: string;
  deal_id: string;
  user_id: string;
  created_at: Timestamp;
}

export interface DealLineItemsTable {
  id: string;
  org_id: string;
  deal_id: string;
  product_id: string | null;
  description: string;
  quantity: number;
  unit_price: number;
  /** Discount in basis points (1000 = 10%). */
  discount_bp: number;
  total: number;
  position: number;
}

export interface FollowupsTable {
  id: string;
  org_id: string;
  deal_id: string | null;
  account_id: string | null;
  author_id: string;
  at: Timestamp;
  channel: string;
  verbatim: string;
  summary: string | null;
  next_step: string | null;
  next_step_due: CalendarDate | null;
  resources_needed: JsonText;
  intents: JsonText;
  created_at: Timestamp;
}

export interface StageHistoryTable {
  id: string;
  org_id: string;
  deal_id: string;
  from_stage: string | null;
  to_stage: string;
  at: Timestamp;
  actor_id: string;
}

export interface TasksTable {
  id: string;
  org_id: string;
  title: string;
  notes: string | null;
  assignee_id: string;
  created_by: string;
  due_at: Timestamp | null;
  deal_id: string | null;
  account_id: string | null;
  done_at: Timestamp | null;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface PaymentsTable {
  id: string;
  org_id: string;
  deal_id: string;
  due_date: CalendarDate;
  amount: number;
  condition: string | null;
  received_amount: number;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface ReceiptsTable {
  id: string;
  org_id: string;
  payment_id: string;
  amount: number;
  received_at: CalendarDate;
  note: string | null;
  recorded_by: string;
  created_at: Timestamp;
}

export interface AttachmentsTable {
  id: string;
  org_id: string;
  entity: 'account' | 'deal';
  entity_id: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  storage_key: string;
  sha256: string;
  uploaded_by: string;
  created_at: Timestamp;
  deleted_at: Timestamp | null;
}

export interface AuditLogTable {
  id: string;
  org_id: string;
  at: Timestamp;
  actor_id: string | null;
  entity: string;
  entity_id: string;
  action: string;
  field: string | null;
  from_value: string | null;
  to_value: string | null;
}

export interface JobRunsTable {
  org_id: string;
  job_id: string;
  slot: string;
  due_at: Timestamp;
  ran_at: Timestamp;
  created_count: number;
}

export interface NotificationsTable {
  id: string;
  org_id: string;
  recipient_id: string;
  kind: string;
  key: string;
  /** JSON: what the message says, rendered in the reader's language (jobs/messages). */
  params: JsonText;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface NotificationChannelsTable {
  id: string;
  org_id: string;
  scope: 'user' | 'team';
  scope_id: string;
  kind: string;
  name: string;
  /** JSON of the channel's settings, secrets included: never sent back whole. */
  config: JsonText;
  enabled: Flag;
  failing_since: Timestamp | null;
  last_error: string | null;
  last_success_at: Timestamp | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
  deleted_at: Timestamp | null;
}

export interface NotificationDeliveriesTable {
  id: string;
  org_id: string;
  channel_id: string;
  key: string;
  kind: string;
  params: JsonText;
  lang: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  sent_at: Timestamp | null;
  created_at: Timestamp;
}

export interface Database {
  schema_migrations: SchemaMigrationsTable;
  organisations: OrganisationsTable;
  pipeline_stages: PipelineStagesTable;
  pipeline_totals: PipelineTotalsTable;
  teams: TeamsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  accounts: AccountsTable;
  contacts: ContactsTable;
  products: ProductsTable;
  deals: DealsTable;
  deal_collaborators: DealCollaboratorsTable;
  deal_line_items: DealLineItemsTable;
  followups: FollowupsTable;
  stage_history: StageHistoryTable;
  tasks: TasksTable;
  payments: PaymentsTable;
  receipts: ReceiptsTable;
  attachments: AttachmentsTable;
  audit_log: AuditLogTable;
  job_runs: JobRunsTable;
  notifications: NotificationsTable;
  notification_channels: NotificationChannelsTable;
  notification_deliveries: NotificationDeliveriesTable;
}

export type DealRow = Selectable<DealsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type UserRow = Selectable<UsersTable>;
export type FollowupRow = Selectable<FollowupsTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type ChannelRow = Selectable<NotificationChannelsTable>;
export type DeliveryRow = Selectable<NotificationDeliveriesTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
export type DealUpdate = Updateable<DealsTable>;
export type { ColumnType, Generated };
