import { sql } from 'kysely';
import type { Q } from '../dialect.js';

/**
 * The ledger's rhythm: scheduled job runs, the in-app inbox, outbound channels (robots, webhooks,
 * e-mail) and each message's delivery to each channel.
 *
 * Idempotency lives in unique keys, not in process memory: a job slot runs once per organisation
 * (job_runs primary key), a notification is created once per key, and a message is delivered once per
 * channel and key, so a restart or a second app instance never sends twice.
 */
export async function up(db: Q): Promise<void> {
  const s = db.schema;

  await s
    .createTable('job_runs')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('job_id', 'text', (c) => c.notNull())
    // Which occurrence: e.g. "team:<id>:2026-11-27" for a team's daily reminder of that date.
    .addColumn('slot', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('ran_at', 'text', (c) => c.notNull())
    // How many notifications the run created (for operators and tests).
    .addColumn('created_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_runs_pk', ['org_id', 'job_id', 'slot'])
    .execute();

  await s
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    // What the message says, as data: it is rendered in the reader's language when shown or sent.
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await s.createIndex('notifications_org_key_uq').unique().on('notifications').columns(['org_id', 'key']).execute();
  await s
    .createIndex('notifications_recipient_idx')
    .on('notifications')
    .columns(['recipient_id', 'read_at', 'created_at'])
    .execute();

  await s
    .createTable('notification_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    // 'user': a person's own channel; 'team': a group chat robot of a team.
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // The channel's settings (URLs, secrets, addresses) as JSON; never returned in full by the API.
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('failing_since', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await s
    .createIndex('notification_channels_scope_idx')
    .on('notification_channels')
    .columns(['org_id', 'scope', 'scope_id'])
    .execute();

  await s
    .createTable('notification_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('notification_channels.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    // pending → sending (claimed by one sender until next_attempt_at) → sent, pending again, or failed.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createIndex('notification_deliveries_channel_key_uq')
    .unique()
    .on('notification_deliveries')
    .columns(['channel_id', 'key'])
    .execute();
  await s
    .createIndex('notification_deliveries_due_idx')
    .on('notification_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();

  // The task-due sweep (open tasks by due time) and the update-rate report (follow-ups by date).
  await s
    .createIndex('tasks_open_due_idx')
    .on('tasks')
    .columns(['due_at', 'org_id'])
    .where(sql.ref('done_at'), 'is', null)
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await s.createIndex('followups_org_at_idx').on('followups').columns(['org_id', 'at', 'deal_id']).execute();

  // A team's own reminder and digest times (HH:MM in the organisation's zone); null: the organisation's.
  await s.alterTable('teams').addColumn('reminder_time', 'text').execute();
  await s.alterTable('teams').addColumn('digest_time', 'text').execute();
}
