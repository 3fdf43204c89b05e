import type { Insertable } from 'kysely';
import type { Q } from '../dialect.js';
import type {
  ChannelRow,
  DeliveryRow,
  JobRunsTable,
  NotificationDeliveriesTable,
  NotificationRow,
  NotificationsTable,
} from '../schema.js';

/**
 * Job runs, the inbox, channels and deliveries. Every insert that a retried or concurrent run could
 * repeat is "insert unless the key exists", so the unique keys make sending idempotent.
 */

/** Claims one occurrence of a job for an organisation; false when it already ran (here or elsewhere). */
export async function claimJobRun(db: Q, row: JobRunsTable): Promise<boolean> {
  const result = await db
    .insertInto('job_runs')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'job_id', 'slot']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function setJobRunCount(
  db: Q,
  key: { org_id: string; job_id: string; slot: string },
  count: number,
): Promise<void> {
  await db
    .updateTable('job_runs')
    .set({ created_count: count })
    .where('org_id', '=', key.org_id)
    .where('job_id', '=', key.job_id)
    .where('slot', '=', key.slot)
    .execute();
}

export async function listJobRuns(db: Q, orgId: string, jobId?: string) {
  let q = db.selectFrom('job_runs').selectAll().where('org_id', '=', orgId);
  if (jobId) q = q.where('job_id', '=', jobId);
  return q.orderBy('ran_at', 'desc').limit(200).execute();
}

/** Adds an inbox notification unless one with the key exists; true when added. */
export async function insertNotification(db: Q, row: Insertable<NotificationsTable>): Promise<boolean> {
  const result = await db
    .insertInto('notifications')
    .values(row)
    .onConflict((oc) => oc.columns(['org_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Queues a message for a channel unless that channel already has it; true when queued. */
export async function insertDelivery(db: Q, row: Insertable<NotificationDeliveriesTable>): Promise<boolean> {
  const result = await db
    .insertInto('notification_deliveries')
    .values(row)
    .onConflict((oc) => oc.columns(['channel_id', 'key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export interface InboxQuery {
  unreadOnly: boolean;
  limit: number;
  /** Keyset: items created before this (created_at, id). */
  before?: { createdAt: string; id: string };
}

export async function listInbox(db: Q, orgId: string, userId: string, query: InboxQuery): Promise<NotificationRow[]> {
  let q = db.selectFrom('notifications').selectAll().where('org_id', '=', orgId).where('recipient_id', '=', userId);
  if (query.unreadOnly) q = q.where('read_at', 'is', null);
  if (query.before) {
    const { createdAt, id } = query.before;
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]),
    );
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

export async function countUnread(db: Q, orgId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('recipient_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the user's notifications read (the given ones, or all); returns how many changed. */
export async function markRead(
  db: Q,
  orgId: string,
  userId: string,
  ids: string[] | 'all',
  at: string,
): Promise<number> {
  let q = db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('org_id', '=', orgId)
    .where('recipient_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids !== 'all') q = q.where('id', 'in', ids.length > 0 ? ids : ['']);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// --------------------------------------------------------------------------------------- channels

export async function listChannels(
  db: Q,
  orgId: string,
  scope?: { scope: 'user' | 'team'; scopeIds: string[] },
): Promise<ChannelRow[]> {
  let q = db
    .selectFrom('notification_channels')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null);
  if (scope)
    q = q.where('scope', '=', scope.scope).where('scope_id', 'in', scope.scopeIds.length > 0 ? scope.scopeIds : ['']);
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function getChannel(db: Q, orgId: string, id: string): Promise<ChannelRow | undefined> {
  return db
    .selectFrom('notification_channels')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function insertChannel(db: Q, row: ChannelRow): Promise<void> {
  await db.insertInto('notification_channels').values(row).execute();
}

export async function updateChannelIfVersion(
  db: Q,
  id: string,
  version: number,
  patch: Partial<
    Pick<
      ChannelRow,
      'name' | 'kind' | 'config' | 'enabled' | 'deleted_at' | 'failing_since' | 'last_error' | 'updated_at'
    >
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('notification_channels')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records a channel's latest outcome: a success clears its failing state, a final failure sets it. */
export async function recordChannelOutcome(
  db: Q,
  id: string,
  outcome: { ok: true; at: string } | { ok: false; at: string; error: string },
): Promise<void> {
  if (outcome.ok) {
    await db
      .updateTable('notification_channels')
      .set({ last_success_at: outcome.at, failing_since: null, last_error: null })
      .where('id', '=', id)
      .execute();
  } else {
    await db
      .updateTable('notification_channels')
      .set((eb) => ({ failing_since: eb.fn.coalesce('failing_since', eb.val(outcome.at)), last_error: outcome.error }))
      .where('id', '=', id)
      .execute();
  }
}

// ------------------------------------------------------------------------------------- deliveries

export type DueDelivery = DeliveryRow & { channel_kind: string; channel_config: string; channel_name: string };

/**
 * Deliveries whose time has come, on channels still enabled, oldest first: pending ones, and ones a
 * sender claimed but never finished (it stopped mid-send) once their claim has run out.
 */
export async function dueDeliveries(db: Q, now: string, limit: number): Promise<DueDelivery[]> {
  return db
    .selectFrom('notification_deliveries')
    .innerJoin('notification_channels', 'notification_channels.id', 'notification_deliveries.channel_id')
    .selectAll('notification_deliveries')
    .select([
      'notification_channels.kind as channel_kind',
      'notification_channels.config as channel_config',
      'notification_channels.name as channel_name',
    ])
    .where('notification_deliveries.status', 'in', ['pending', 'sending'])
    .where('notification_deliveries.next_attempt_at', '<=', now)
    .where('notification_channels.enabled', '=', 1)
    .where('notification_channels.deleted_at', 'is', null)
    .orderBy('notification_deliveries.next_attempt_at')
    .orderBy('notification_deliveries.id')
    .limit(limit)
    .execute();
}

/**
 * Claims a due delivery for sending until `until`: only one sender's claim succeeds, so two instances
 * (or two overlapping ticks) never send the same message twice.
 */
export async function claimDelivery(
  db: Q,
  delivery: Pick<DeliveryRow, 'id' | 'attempts' | 'status' | 'next_attempt_at'>,
  until: string,
): Promise<boolean> {
  const result = await db
    .updateTable('notification_deliveries')
    .set({ status: 'sending', next_attempt_at: until })
    .where('id', '=', delivery.id)
    .where('status', '=', delivery.status)
    .where('attempts', '=', delivery.attempts)
    .where('next_attempt_at', '=', delivery.next_attempt_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records how a claimed delivery went (sent, retry later, or failed); false when the claim was lost. */
export async function finishDelivery(
  db: Q,
  id: string,
  attempts: number,
  patch: Pick<DeliveryRow, 'status' | 'next_attempt_at' | 'last_error' | 'sent_at'>,
): Promise<boolean> {
  const result = await db
    .updateTable('notification_deliveries')
    .set({ ...patch, attempts: attempts + 1 })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('attempts', '=', attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listDeliveries(
  db: Q,
  orgId: string,
  filter: { channelId?: string; key?: string; limit: number },
): Promise<DeliveryRow[]> {
  let q = db.selectFrom('notification_deliveries').selectAll().where('org_id', '=', orgId);
  if (filter.channelId) q = q.where('channel_id', '=', filter.channelId);
  if (filter.key) q = q.where('key', '=', filter.key);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}
