import { notFound } from '../domain/problem.js';
import {
  type AttachmentRow,
  findAttachment,
  getAttachmentRow,
  markAttachmentDeleted,
} from '../store/queries/attachments.js';
import { writeAudit } from '../store/queries/audit.js';
import { ATTACHMENT_NOT_FOUND, findReadableParent, requireAttachmentDelete } from './attachment-rules.js';
import type { CommandContext } from './context.js';

/** Soft-deletes an attachment (the bytes stay); audited on the attachment and on its record. */
export async function deleteAttachment(ctx: CommandContext, id: string): Promise<AttachmentRow> {
  const { actor, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findAttachment(trx, actor.orgId, id);
    const parent = row ? await findReadableParent(trx, actor, row.entity, row.entity_id) : undefined;
    if (!row || !parent) throw notFound(ATTACHMENT_NOT_FOUND);
    await requireAttachmentDelete(trx, actor, row, parent);
    if (!(await markAttachmentDeleted(trx, id, now.toISOString()))) throw notFound(ATTACHMENT_NOT_FOUND);
    await writeAudit(trx, actor, now, { entity: 'attachment', entityId: id, action: 'delete' });
    await writeAudit(trx, actor, now, {
      entity: row.entity,
      entityId: row.entity_id,
      action: 'attachment_delete',
      changes: [{ field: 'file', from: row.file_name, to: null }],
    });
    return (await getAttachmentRow(trx, id))!;
  });
}
