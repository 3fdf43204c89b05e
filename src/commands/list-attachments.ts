import { AttachmentListQuerySchema } from '../contract/attachments.js';
import { parseInput } from '../contract/validate.js';
import { notFound } from '../domain/problem.js';
import type { FileStorage } from '../store/file-storage.js';
import { type AttachmentRow, findAttachment, listAttachments } from '../store/queries/attachments.js';
import { ATTACHMENT_NOT_FOUND, findReadableParent, requireReadableParent } from './attachment-rules.js';
import type { CommandContext } from './context.js';

/** The live attachments of a record the actor may read, newest first. */
export async function listAttachmentsOf(ctx: CommandContext, query: unknown): Promise<AttachmentRow[]> {
  const data = parseInput(AttachmentListQuerySchema, query);
  await requireReadableParent(ctx.db, ctx.actor, data.entity, data.id);
  return listAttachments(ctx.db, ctx.org.id, data.entity, data.id);
}

/** An attachment and its bytes, when the actor may read its record (404 otherwise, also for missing bytes). */
export async function openAttachment(ctx: CommandContext, storage: FileStorage, id: string) {
  const row = await findAttachment(ctx.db, ctx.org.id, id);
  if (!row || !(await findReadableParent(ctx.db, ctx.actor, row.entity, row.entity_id)))
    throw notFound(ATTACHMENT_NOT_FOUND);
  const file = await storage.get(row.storage_key);
  if (!file)
    throw notFound({
      zh: '附件文件已丢失，请联系管理员',
      en: 'The file is missing from storage; contact your administrator',
    });
  return { row, ...file };
}
