import type { Q } from '../dialect.js';
import { createSearchIndex } from '../dialect.js';

/** The ledger's records: organisation, people, accounts, deals and everything hanging off them. */
export async function up(db: Q): Promise<void> {
  const s = db.schema;
  await s
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  await s
    .createTable('pipeline_stages')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('probability', 'integer', (c) => c.notNull())
    .addColumn('required_fields', 'text', (c) => c.notNull())
    .addColumn('typical_days', 'integer')
    .addPrimaryKeyConstraint('pipeline_stages_pk', ['org_id', 'key'])
    .execute();

  await s
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('manager_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await s.createIndex('teams_org_idx').on('teams').columns(['org_id', 'name']).execute();

  await s
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('locale', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  // Sign-in is by e-mail alone, so an e-mail belongs to one user across all organisations.
  await s.createIndex('users_email_uq').on('users').column('email').unique().execute();
  await s.createIndex('users_org_team_idx').on('users').columns(['org_id', 'team_id']).execute();

  await s
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await s
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await s.createIndex('api_tokens_hash_uq').on('api_tokens').column('token_hash').unique().execute();

  await s
    .createTable('login_attempts')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .execute();

  await s
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('uscc', 'text')
    .addColumn('industry', 'text')
    .addColumn('size', 'text')
    .addColumn('region', 'text')
    .addColumn('source', 'text')
    .addColumn('budget_range', 'text')
    .addColumn('pain_points', 'text')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('tier', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('custom', 'text', (c) => c.notNull())
    .addColumn('search_tokens', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await s.createIndex('accounts_org_name_idx').on('accounts').columns(['org_id', 'name_key']).execute();
  await s.createIndex('accounts_org_updated_idx').on('accounts').columns(['org_id', 'updated_at', 'id']).execute();
  // USCC is unique per organisation when present; the command checks live rows, the index guards races.
  await s.createIndex('accounts_org_uscc_idx').on('accounts').columns(['org_id', 'uscc']).execute();
  await createSearchIndex(db, 'accounts');

  await s
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('wechat', 'text')
    .addColumn('decision_role', 'text')
    .addColumn('attitude', 'text')
    .addColumn('preferences', 'text')
    .addColumn('search_tokens', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await s.createIndex('contacts_account_idx').on('contacts').columns(['account_id', 'name']).execute();
  await createSearchIndex(db, 'contacts');

  await s
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sku', 'text')
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('products_org_idx').on('products').columns(['org_id', 'name']).execute();

  await s
    .createTable('deals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('probability', 'integer', (c) => c.notNull())
    .addColumn('expected_close_date', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('loss_reason', 'text')
    .addColumn('risk_flag', 'integer', (c) => c.notNull())
    .addColumn('risk_reason', 'text')
    .addColumn('source', 'text')
    .addColumn('competitors', 'text', (c) => c.notNull())
    .addColumn('custom', 'text', (c) => c.notNull())
    .addColumn('next_step', 'text')
    .addColumn('next_step_due', 'text')
    .addColumn('last_followup_at', 'text')
    .addColumn('last_activity_at', 'text', (c) => c.notNull())
    .addColumn('next_payment_due', 'text')
    .addColumn('stage_entered_at', 'text', (c) => c.notNull())
    .addColumn('search_tokens', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  // One index per offered sort (keyset pages walk them), plus owner/stage/activity for filters.
  for (const column of [
    'updated_at',
    'created_at',
    'amount',
    'expected_close_date',
    'last_followup_at',
    'last_activity_at',
  ] as const) {
    await s.createIndex(`deals_org_${column}_idx`).on('deals').columns(['org_id', column, 'id']).execute();
  }
  await s.createIndex('deals_owner_idx').on('deals').columns(['owner_id', 'updated_at', 'id']).execute();
  await s.createIndex('deals_org_stage_idx').on('deals').columns(['org_id', 'stage', 'last_activity_at']).execute();
  await s.createIndex('deals_account_idx').on('deals').columns(['account_id']).execute();
  await createSearchIndex(db, 'deals');

  await s
    .createTable('deal_collaborators')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull().references('deals.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deal_collaborators_pk', ['deal_id', 'user_id'])
    .execute();
  await s.createIndex('deal_collaborators_user_idx').on('deal_collaborators').columns(['user_id', 'deal_id']).execute();

  await s
    .createTable('deal_line_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull().references('deals.id'))
    .addColumn('product_id', 'text', (c) => c.references('products.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull())
    .addColumn('discount_bp', 'integer', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await s.createIndex('deal_line_items_deal_idx').on('deal_line_items').columns(['deal_id', 'position']).execute();

  await s
    .createTable('followups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.references('deals.id'))
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('verbatim', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('next_step', 'text')
    .addColumn('next_step_due', 'text')
    .addColumn('resources_needed', 'text', (c) => c.notNull())
    .addColumn('intents', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('followups_deal_idx').on('followups').columns(['deal_id', 'at']).execute();
  await s.createIndex('followups_account_idx').on('followups').columns(['account_id', 'at']).execute();
  await s.createIndex('followups_org_author_idx').on('followups').columns(['org_id', 'author_id', 'at']).execute();

  await s
    .createTable('stage_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull().references('deals.id'))
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('stage_history_deal_idx').on('stage_history').columns(['deal_id', 'at']).execute();
  await s.createIndex('stage_history_org_idx').on('stage_history').columns(['org_id', 'at']).execute();

  await s
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('assignee_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('deal_id', 'text', (c) => c.references('deals.id'))
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('done_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await s.createIndex('tasks_assignee_idx').on('tasks').columns(['assignee_id', 'done_at', 'due_at']).execute();
  await s.createIndex('tasks_deal_idx').on('tasks').columns(['deal_id']).execute();

  await s
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'text', (c) => c.notNull().references('deals.id'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('condition', 'text')
    .addColumn('received_amount', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await s.createIndex('payments_deal_idx').on('payments').columns(['deal_id', 'due_date']).execute();
  await s.createIndex('payments_org_due_idx').on('payments').columns(['org_id', 'due_date']).execute();

  await s
    .createTable('receipts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('receipts_payment_idx').on('receipts').columns(['payment_id']).execute();

  await s
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await s.createIndex('attachments_entity_idx').on('attachments').columns(['org_id', 'entity', 'entity_id']).execute();

  await s
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('from_value', 'text')
    .addColumn('to_value', 'text')
    .execute();
  await s.createIndex('audit_entity_idx').on('audit_log').columns(['org_id', 'entity', 'entity_id', 'at']).execute();
  await s.createIndex('audit_org_at_idx').on('audit_log').columns(['org_id', 'at']).execute();
}
