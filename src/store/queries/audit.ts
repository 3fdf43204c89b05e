import type { Actor } from '../../domain/actor.js';
import { auditValue, type FieldChange } from '../../domain/audit.js';
import type { Q } from '../dialect.js';
import { newId } from '../ids.js';
import type { NewAuditRow } from '../schema.js';

export interface AuditEntry {
  entity: string;
  entityId: string;
  action: string;
  changes?: FieldChange[];
}

type AuditActor = Pick<Actor, 'orgId' | 'userId'> | { orgId: string; userId: null };

function auditRows(actor: AuditActor, at: Date, entry: AuditEntry): NewAuditRow[] {
  const base = {
    org_id: actor.orgId,
    at: at.toISOString(),
    actor_id: actor.userId,
    entity: entry.entity,
    entity_id: entry.entityId,
    action: entry.action,
  };
  return entry.changes && entry.changes.length > 0
    ? entry.changes.map((change) => ({
        ...base,
        id: newId(at.getTime()),
        field: change.field,
        from_value: auditValue(change.from),
        to_value: auditValue(change.to),
      }))
    : [{ ...base, id: newId(at.getTime()), field: null, from_value: null, to_value: null }];
}

/** Appends audit rows for one action: a row per changed field, or one row when no field is named. */
export async function writeAudit(db: Q, actor: AuditActor, at: Date, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values(auditRows(actor, at, entry))
    .execute();
}

/** writeAudit for many records at once (one action over a batch), in a few multi-row inserts. */
export async function writeAuditBatch(db: Q, actor: AuditActor, at: Date, entries: AuditEntry[]): Promise<void> {
  const rows = entries.flatMap((entry) => auditRows(actor, at, entry));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('audit_log')
      .values(rows.slice(i, i + 500))
      .execute();
}

export interface AuditQuery {
  entity: string;
  entityId: string;
  limit: number;
  before?: { at: string; id: string };
}

/** The audit trail of one record, newest first. */
export async function listAudit(db: Q, orgId: string, query: AuditQuery) {
  return listAuditLog(
    db,
    orgId,
    { entity: query.entity, entityId: query.entityId },
    { limit: query.limit, before: query.before },
  );
}

/** Whether a user or team exists in the organisation (deactivated ones too: their trail stays readable). */
export async function auditSubjectExists(db: Q, orgId: string, entity: 'user' | 'team', id: string): Promise<boolean> {
  const table = ({ user: 'users', team: 'teams' } as const)[entity];
  const row = await db
    .selectFrom(table)
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/** The instalment a receipt belongs to (same organisation), for reading the receipt's trail. */
export async function receiptPaymentId(db: Q, orgId: string, receiptId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('receipts')
    .select('payment_id')
    .where('org_id', '=', orgId)
    .where('id', '=', receiptId)
    .executeTakeFirst();
  return row?.payment_id;
}

export interface AuditLogFilters {
  entity?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  /** Instants (ISO, UTC) bounding `at`: from inclusive, to exclusive. */
  fromAt?: string;
  toAt?: string;
}

/** The organisation's audit log, newest first, filtered, after a keyset position (at, id). */
export async function listAuditLog(
  db: Q,
  orgId: string,
  filters: AuditLogFilters,
  page: { limit: number; before?: { at: string; id: string } },
) {
  let q = db.selectFrom('audit_log').selectAll().where('org_id', '=', orgId);
  if (filters.entity) q = q.where('entity', '=', filters.entity);
  if (filters.entityId) q = q.where('entity_id', '=', filters.entityId);
  if (filters.actorId) q = q.where('actor_id', '=', filters.actorId);
  if (filters.action) q = q.where('action', '=', filters.action);
  if (filters.fromAt) q = q.where('at', '>=', filters.fromAt);
  if (filters.toAt) q = q.where('at', '<', filters.toAt);
  if (page.before) {
    const { at, id } = page.before;
    q = q.where((eb) => eb.or([eb('at', '<', at), eb.and([eb('at', '=', at), eb('id', '<', id)])]));
  }
  return q.orderBy('at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}
