import type { Selectable } from 'kysely';
import type { Q } from '../dialect.js';
import type { AttachmentsTable } from '../schema.js';

export type AttachmentRow = Selectable<AttachmentsTable>;

export async function insertAttachment(db: Q, row: AttachmentRow): Promise<void> {
  await db.insertInto('attachments').values(row).execute();
}

/** A live attachment of the organisation (the caller checks the parent's visibility). */
export async function findAttachment(db: Q, orgId: string, id: string): Promise<AttachmentRow | undefined> {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function getAttachmentRow(db: Q, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The live attachments of one record, newest first. */
export async function listAttachments(
  db: Q,
  orgId: string,
  entity: 'account' | 'deal',
  entityId: string,
): Promise<AttachmentRow[]> {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * The live attachments of one record uploaded at any of these instants (the times of `attachment` rows
 * on its audit trail, which are written in the same transaction with the same clock).
 */
export async function liveAttachmentsUploadedAt(
  db: Q,
  orgId: string,
  entity: 'account' | 'deal',
  entityId: string,
  ats: string[],
): Promise<AttachmentRow[]> {
  const unique = [...new Set(ats)];
  if (unique.length === 0) return [];
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .where('deleted_at', 'is', null)
    .where('created_at', 'in', unique)
    .execute();
}

/** Soft-deletes an attachment still live; false when it was already gone. */
export async function markAttachmentDeleted(db: Q, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('attachments')
    .set({ deleted_at: at })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function userNames(db: Q, orgId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
