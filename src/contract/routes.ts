import {
  AccountCreateSchema,
  AccountDetailSchema,
  AccountListQuerySchema,
  AccountSchema,
  AccountUpdateSchema,
  ContactCreateSchema,
  ContactDetailSchema,
  ContactListQuerySchema,
  ContactSchema,
  ContactUpdateSchema,
  ProductCreateSchema,
  ProductListQuerySchema,
  ProductSchema,
  SearchQuerySchema,
  SearchResultSchema,
} from './accounts.js';
import {
  AttachmentListQuerySchema,
  AttachmentListSchema,
  AttachmentSchema,
  AttachmentUploadDoc,
} from './attachments.js';
import {
  AuditListSchema,
  AuditLogFilterSchema,
  AuditLogListSchema,
  AuditLogQuerySchema,
  AuditQuerySchema,
} from './audit.js';
import { HealthSchema, ListQuerySchema, listOf, OpenApiDocumentSchema } from './common.js';
import {
  DealCreateSchema,
  DealDetailSchema,
  DealListQuerySchema,
  DealSchema,
  DealStageMoveSchema,
  DealUpdateSchema,
  FollowupCreateSchema,
  FollowupSchema,
} from './deals.js';
import type { RouteSpec } from './http.js';
import {
  ChannelCreateSchema,
  ChannelListQuerySchema,
  ChannelListSchema,
  ChannelSchema,
  ChannelTestResultSchema,
  ChannelUpdateSchema,
  InboxQuerySchema,
  InboxSchema,
  MarkReadAnswerSchema,
  MarkReadSchema,
} from './notifications.js';
import {
  PaymentCreateSchema,
  PaymentDeleteSchema,
  PaymentPlanSchema,
  PaymentSchema,
  PaymentUpdateSchema,
  ReceiptAnswerSchema,
  ReceiptCreateSchema,
} from './payments.js';
import { PipelineSchema, PipelineUpdateSchema } from './pipeline.js';
import {
  CollectionReportQuerySchema,
  CollectionReportSchema,
  PipelineReportQuerySchema,
  PipelineReportSchema,
  StalledReportQuerySchema,
  StalledReportSchema,
  UpdateRateQuerySchema,
  UpdateRateSchema,
} from './reports.js';
import { SettingsSchema, SettingsUpdateSchema } from './settings.js';
import { TaskCreateSchema, TaskListQuerySchema, TaskSchema, TaskUpdateSchema, TaskVersionSchema } from './tasks.js';
import {
  LoginSchema,
  MeSchema,
  SignedInSchema,
  SignedOutSchema,
  TeamCreateSchema,
  TeamListSchema,
  TeamSchema,
  TeamUpdateSchema,
  TokenCreatedSchema,
  TokenCreateSchema,
  UserCreateSchema,
  UserListSchema,
  UserSchema,
  UserUpdateSchema,
} from './users.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Every route of the API, keyed `METHOD /path` (path parameters as `:name`): the one source of truth
 * the server registers its handlers by (server/routes/define-route.ts), the OpenAPI document is made of
 * (contract/openapi.ts) and the web app's client is typed by (web/api-client.ts, `import type` only).
 * Request schemas are the very ones the commands parse with; `errors` lists the error statuses a route
 * answers beyond those its shape implies (contract/http.ts errorStatuses).
 */
export const API_ROUTES = {
  'GET /api/openapi.json': {
    summary: 'This document (OpenAPI 3.1)',
    tags: ['system'],
    public: true,
    response: OpenApiDocumentSchema,
  },
  'GET /api/health': {
    summary: 'Liveness and database engine',
    tags: ['system'],
    public: true,
    response: HealthSchema,
  },
  'GET /api/accounts': {
    summary: "List the organisation's accounts (q searches name and USCC, zh/en), keyset paging",
    tags: ['accounts'],
    query: AccountListQuerySchema,
    errors: [403],
    response: listOf(AccountSchema),
  },
  'POST /api/accounts': {
    summary: 'Create an account (USCC optional, unique among live accounts)',
    tags: ['accounts'],
    body: AccountCreateSchema,
    status: 201,
    errors: [409],
    response: AccountDetailSchema,
  },
  'GET /api/accounts/:id': {
    summary: 'An account with its contacts (decision chain) and the number of its deals you may see',
    tags: ['accounts'],
    errors: [403],
    response: AccountDetailSchema,
  },
  'PATCH /api/accounts/:id': {
    summary: 'Edit account fields (send the current version)',
    tags: ['accounts'],
    body: AccountUpdateSchema,
    response: AccountDetailSchema,
  },
  'DELETE /api/accounts/:id': {
    summary: 'Soft-delete an account (restorable; its contacts are hidden with it)',
    tags: ['accounts'],
    response: AccountDetailSchema,
  },
  'POST /api/accounts/:id/restore': {
    summary: 'Restore a deleted account',
    tags: ['accounts'],
    errors: [409],
    response: AccountDetailSchema,
  },
  'GET /api/accounts/:id/contacts': {
    summary: "An account's contacts with their decision-chain roles, in the order added",
    tags: ['contacts'],
    query: ContactListQuerySchema,
    errors: [403],
    response: listOf(ContactSchema),
  },
  'POST /api/accounts/:id/contacts': {
    summary: 'Add a contact to an account',
    tags: ['contacts'],
    body: ContactCreateSchema,
    status: 201,
    response: ContactSchema,
  },
  'GET /api/contacts/:id': { summary: 'A contact', tags: ['contacts'], errors: [403], response: ContactDetailSchema },
  'PATCH /api/contacts/:id': {
    summary: 'Edit a contact (send the current version)',
    tags: ['contacts'],
    body: ContactUpdateSchema,
    response: ContactSchema,
  },
  'DELETE /api/contacts/:id': {
    summary: 'Soft-delete a contact (restorable)',
    tags: ['contacts'],
    response: ContactSchema,
  },
  'POST /api/contacts/:id/restore': {
    summary: 'Restore a deleted contact',
    tags: ['contacts'],
    response: ContactSchema,
  },
  'POST /api/attachments': {
    summary:
      'Upload a file to an account or deal (multipart/form-data: entity, entityId, then file; 413 over the limit, 415 for other types)',
    tags: ['attachments'],
    body: AttachmentUploadDoc,
    multipart: true,
    status: 201,
    errors: [404],
    response: AttachmentSchema,
  },
  'GET /api/attachments': {
    summary: 'Attachments of an account or deal, newest first',
    tags: ['attachments'],
    query: AttachmentListQuerySchema,
    errors: [403, 404],
    response: AttachmentListSchema,
  },
  'GET /api/attachments/:id/download': {
    summary: 'The file (Content-Disposition carries the original name, RFC 5987)',
    tags: ['attachments'],
    errors: [403],
    response: { file: '*/*', description: 'The file as uploaded, with its media type' },
  },
  'DELETE /api/attachments/:id': {
    summary: 'Remove an attachment (soft: the trail keeps it)',
    tags: ['attachments'],
    response: AttachmentSchema,
  },
  'GET /api/audit': {
    summary: 'Audit trail of a record (who changed which field from what to what), newest first',
    tags: ['audit'],
    query: AuditQuerySchema,
    errors: [403, 404],
    response: AuditListSchema,
  },
  'GET /api/audit/log': {
    summary:
      'The organisation’s audit log (admin), newest first; filters entity, id, actorId, action, from/to (days in the organisation’s time zone)',
    tags: ['audit'],
    query: AuditLogQuerySchema,
    errors: [403],
    response: AuditLogListSchema,
  },
  'GET /api/audit.csv': {
    summary:
      'The organisation’s audit log as CSV (admin; UTF-8 with BOM, header in the request’s language), same filters as /api/audit/log',
    tags: ['audit'],
    query: AuditLogFilterSchema,
    errors: [403],
    response: { file: 'text/csv', description: 'CSV, UTF-8 with BOM' },
  },
  'POST /api/auth/login': {
    summary: 'Sign in: sets the session cookie and answers the CSRF token',
    tags: ['auth'],
    body: LoginSchema,
    response: SignedInSchema,
    public: true,
    errors: [401, 429],
  },
  'POST /api/auth/logout': { summary: 'Sign out', tags: ['auth'], response: SignedOutSchema },
  'GET /api/me': { summary: 'Who am I', tags: ['auth'], response: MeSchema },
  'POST /api/tokens': {
    summary: 'Create a personal API token (shown once)',
    tags: ['auth'],
    body: TokenCreateSchema,
    status: 201,
    response: TokenCreatedSchema,
  },
  'GET /api/deals': {
    summary: 'List deals (the ledger) with filters, sort and keyset paging',
    tags: ['deals'],
    query: DealListQuerySchema,
    errors: [403],
    response: listOf(DealSchema),
  },
  'POST /api/deals': {
    summary: 'Create a deal',
    tags: ['deals'],
    body: DealCreateSchema,
    status: 201,
    response: DealSchema,
  },
  'GET /api/deals/:id': {
    summary: 'A deal with its light, line items and stage history',
    tags: ['deals'],
    errors: [403],
    response: DealDetailSchema,
  },
  'PATCH /api/deals/:id': {
    summary: 'Edit deal fields (send the current version)',
    tags: ['deals'],
    body: DealUpdateSchema,
    response: DealSchema,
  },
  'DELETE /api/deals/:id': { summary: 'Soft-delete a deal (restorable)', tags: ['deals'], response: DealSchema },
  'POST /api/deals/:id/restore': { summary: 'Restore a deleted deal', tags: ['deals'], response: DealSchema },
  'POST /api/deals/:id/stage': {
    summary: 'Move a deal to a stage (required fields of the target stage, history and audit in one transaction)',
    tags: ['deals'],
    body: DealStageMoveSchema,
    response: DealSchema,
  },
  'GET /api/deals/:id/followups': {
    summary: "A deal's follow-ups, newest first",
    tags: ['deals'],
    query: ListQuerySchema,
    response: listOf(FollowupSchema),
  },
  'POST /api/deals/:id/followups': {
    summary: 'Record a follow-up (verbatim customer feedback required)',
    tags: ['deals'],
    body: FollowupCreateSchema,
    status: 201,
    response: FollowupSchema,
  },
  'GET /api/notifications': {
    summary: 'My inbox, newest first, in my language, with the unread count',
    tags: ['notifications'],
    query: InboxQuerySchema,
    response: InboxSchema,
  },
  'POST /api/notifications/read': {
    summary: 'Mark notifications read: { ids } or { all: true }',
    tags: ['notifications'],
    body: MarkReadSchema,
    response: MarkReadAnswerSchema,
  },
  'GET /api/notification-channels': {
    summary: 'Channels I manage: my own, my team’s group chats (manager), everyone’s (admin); secrets never shown',
    tags: ['notifications'],
    query: ChannelListQuerySchema,
    response: ChannelListSchema,
  },
  'POST /api/notification-channels': {
    summary: 'Add a channel: DingTalk / WeCom / Feishu robot, signed webhook or e-mail, for me or a team',
    tags: ['notifications'],
    body: ChannelCreateSchema,
    status: 201,
    errors: [404],
    response: ChannelSchema,
  },
  'PATCH /api/notification-channels/:id': {
    summary: 'Change a channel (send its version); a secret left out is kept',
    tags: ['notifications'],
    body: ChannelUpdateSchema,
    response: ChannelSchema,
  },
  'DELETE /api/notification-channels/:id': {
    summary: 'Remove a channel',
    tags: ['notifications'],
    status: 204,
    response: null,
  },
  'POST /api/notification-channels/:id/test': {
    summary: 'Send a test message through the channel now; answers whether it went through and why not',
    tags: ['notifications'],
    errors: [503],
    response: ChannelTestResultSchema,
  },
  'GET /api/deals/:id/payments': {
    summary: "A deal's payment plan: instalments with receipts, and planned / received / outstanding totals",
    tags: ['payments'],
    response: PaymentPlanSchema,
  },
  'POST /api/deals/:id/payments': {
    summary: "Finance/admin: add an instalment to a won deal's payment plan",
    tags: ['payments'],
    body: PaymentCreateSchema,
    status: 201,
    response: PaymentSchema,
  },
  'PATCH /api/payments/:id': {
    summary: "Finance/admin: change an instalment's due date, amount or condition (send its version)",
    tags: ['payments'],
    body: PaymentUpdateSchema,
    response: PaymentSchema,
  },
  'DELETE /api/payments/:id': {
    summary: 'Finance/admin: remove an instalment nothing was received on (soft delete; send its version as ?version=)',
    tags: ['payments'],
    query: PaymentDeleteSchema,
    response: PaymentSchema,
  },
  'POST /api/payments/:id/receipts': {
    summary: 'Finance/admin: record money received on an instalment (partial is fine, more than outstanding is not)',
    tags: ['payments'],
    body: ReceiptCreateSchema,
    status: 201,
    errors: [409],
    response: ReceiptAnswerSchema,
  },
  'GET /api/pipeline': {
    summary: "The organisation's stages in order (names in both languages, label in yours)",
    tags: ['organisation'],
    response: PipelineSchema,
  },
  'PUT /api/pipeline': {
    summary:
      'Admin: replace the stages (rename, reorder, add — leave the key out and one is made —, remove, probabilities, required fields, typical days); send the organisation version. Removing a stage that live deals are in needs moveDealsTo naming where they go, else 409.',
    tags: ['organisation'],
    body: PipelineUpdateSchema,
    response: PipelineSchema,
  },
  'GET /api/settings': {
    summary:
      'Organisation settings: name, time zone, currency, status-light thresholds, attachment limit, daily update and digest times, update window, working days, team-chat language',
    tags: ['organisation'],
    response: SettingsSchema,
  },
  'PATCH /api/settings': {
    summary: 'Admin: change organisation settings (send the organisation version)',
    tags: ['organisation'],
    body: SettingsUpdateSchema,
    response: SettingsSchema,
  },
  'GET /api/products': {
    summary: 'The product catalogue by name (active only unless includeInactive=true)',
    tags: ['products'],
    query: ProductListQuerySchema,
    errors: [403],
    response: listOf(ProductSchema),
  },
  'POST /api/products': {
    summary: 'Admin: add a product (unit price in minor units)',
    tags: ['products'],
    body: ProductCreateSchema,
    status: 201,
    errors: [409],
    response: ProductSchema,
  },
  'GET /api/reports/collection': {
    summary:
      'Payment collection (回款) by month: planned (instalments by due month) vs received (receipts by received month), overdue instalments, per-owner totals',
    tags: ['reports'],
    query: CollectionReportQuerySchema,
    errors: [403],
    response: CollectionReportSchema,
  },
  'GET /api/reports/pipeline': {
    summary: 'Open deals you may see, per stage: count, amount, weighted amount (Σ amount × probability / 100)',
    tags: ['reports'],
    query: PipelineReportQuerySchema,
    errors: [403],
    response: PipelineReportSchema,
  },
  'GET /api/reports/stalled': {
    summary:
      'Weekly review: open deals without activity for more than `days` days (longest first, at most 500), grouped by stage and owner',
    tags: ['reports'],
    query: StalledReportQuerySchema,
    errors: [403],
    response: StalledReportSchema,
  },
  'GET /api/reports/stalled.xlsx': {
    summary:
      "The weekly review as an Excel workbook (same data and visibility as /api/reports/stalled; headers in the request's language)",
    tags: ['reports'],
    query: StalledReportQuerySchema,
    errors: [403],
    response: { file: XLSX, description: 'An Excel workbook' },
  },
  'GET /api/reports/update-rate': {
    summary:
      'Update rate (台账更新率): share of active deals touched within the expected window, per day or week, per rep and team',
    tags: ['reports'],
    query: UpdateRateQuerySchema,
    errors: [403],
    response: UpdateRateSchema,
  },
  'GET /api/search': {
    summary: 'Global search: up to 8 each of accounts, contacts and deals you may see (zh/en)',
    tags: ['search'],
    query: SearchQuerySchema,
    errors: [403],
    response: SearchResultSchema,
  },
  'GET /api/tasks': {
    summary:
      'Tasks the actor may see (on visible deals, assigned to or created by them), soonest due first; status=open|done|overdue',
    tags: ['tasks'],
    query: TaskListQuerySchema,
    response: listOf(TaskSchema),
  },
  'POST /api/tasks': {
    summary: 'Create a task (optionally on a deal or an account)',
    tags: ['tasks'],
    body: TaskCreateSchema,
    status: 201,
    response: TaskSchema,
  },
  'GET /api/tasks/:id': { summary: 'One task', tags: ['tasks'], response: TaskSchema },
  'PATCH /api/tasks/:id': {
    summary: 'Edit a task (send the current version)',
    tags: ['tasks'],
    body: TaskUpdateSchema,
    response: TaskSchema,
  },
  'POST /api/tasks/:id/complete': {
    summary: 'Mark a task done (audited on the task and on its deal as task_done)',
    tags: ['tasks'],
    body: TaskVersionSchema,
    response: TaskSchema,
  },
  'POST /api/tasks/:id/reopen': {
    summary: 'Open a done task again',
    tags: ['tasks'],
    body: TaskVersionSchema,
    response: TaskSchema,
  },
  'DELETE /api/tasks/:id': { summary: 'Soft-delete a task', tags: ['tasks'], response: TaskSchema },
  'GET /api/users': {
    summary: "The organisation's users (everyone may list names; e-mails for admins)",
    tags: ['users'],
    response: UserListSchema,
  },
  'POST /api/users': {
    summary: 'Admin: create a user',
    tags: ['users'],
    body: UserCreateSchema,
    status: 201,
    errors: [409],
    response: UserSchema,
  },
  'PATCH /api/users/:id': {
    summary:
      'Admin: change a user (name, role, team, active; send the version). The last active admin cannot be deactivated or demoted (409)',
    tags: ['users'],
    body: UserUpdateSchema,
    response: UserSchema,
  },
  'GET /api/teams': { summary: 'Teams', tags: ['users'], errors: [403], response: TeamListSchema },
  'POST /api/teams': {
    summary: 'Admin: create a team',
    tags: ['users'],
    body: TeamCreateSchema,
    status: 201,
    response: TeamSchema,
  },
  'PATCH /api/teams/:id': {
    summary:
      'Admin: rename a team, name its manager or set its reminder and digest times (null: the organisation’s); send the version',
    tags: ['users'],
    body: TeamUpdateSchema,
    response: TeamSchema,
  },
} as const satisfies Record<string, RouteSpec>;

export type ApiRoutes = typeof API_ROUTES;
export type ApiRouteKey = keyof ApiRoutes;
