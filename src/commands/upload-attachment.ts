import type { Readable } from 'node:stream';
import { AttachmentFieldsSchema } from '../contract/attachments.js';
import { parseInput } from '../contract/validate.js';
import { invalid, Problem } from '../domain/problem.js';
import type { FileStorage } from '../store/file-storage.js';
import { FileTooLargeError } from '../store/file-storage.js';
import { newId } from '../store/ids.js';
import { type AttachmentRow, insertAttachment } from '../store/queries/attachments.js';
import { writeAudit } from '../store/queries/audit.js';
import {
  acceptedMediaType,
  cleanFileName,
  formatBytes,
  requireAttachmentWrite,
  requireReadableParent,
} from './attachment-rules.js';
import type { CommandContext } from './context.js';

/** The largest file the organisation accepts, in bytes (org settings, default 20 MB). */
export function attachmentLimit(ctx: CommandContext): number {
  return ctx.org.settings.attachmentMaxBytes;
}

/**
 * Attaches a file to an account or deal: 404 unless the actor may read the record, 403 unless their
 * role attaches, 400 for bad fields, 415 for a type outside the allow-list, 413 over the size limit.
 * The bytes go to storage first (content-addressed, so a failed insert leaves at most a reusable
 * blob); the row, its audit and an `attachment` row on the parent's trail go in one transaction.
 */
export async function uploadAttachment(
  ctx: CommandContext,
  storage: FileStorage,
  fields: unknown,
  file: { fileName: string; stream: Readable },
): Promise<AttachmentRow> {
  const { actor, org, now } = ctx;
  const raw = (fields ?? {}) as Record<string, unknown>;
  const entity = raw.entity === 'deal' || raw.entity === 'account' ? raw.entity : undefined;
  if (entity && typeof raw.entityId === 'string' && raw.entityId.length > 0)
    await requireReadableParent(ctx.db, actor, entity, raw.entityId);
  requireAttachmentWrite(actor);
  const data = parseInput(AttachmentFieldsSchema, fields);
  const fileName = cleanFileName(file.fileName);
  if (!fileName) throw invalid([{ field: 'file', message: { zh: '缺少文件名', en: 'The file has no name' } }]);
  const mimeType = acceptedMediaType(fileName);
  if (!mimeType) {
    throw new Problem(
      'unsupported_media',
      {
        zh: `不支持该文件类型（${fileName}）。可上传：PDF、Word、Excel、PPT、PNG、JPG、TXT、CSV、ZIP`,
        en: `This file type is not accepted (${fileName}). Accepted: PDF, Word, Excel, PowerPoint, PNG, JPG, TXT, CSV, ZIP`,
      },
      [{ field: 'file', message: { zh: '不支持的文件类型', en: 'file type not accepted' } }],
    );
  }
  const maxBytes = attachmentLimit(ctx);
  let stored;
  try {
    stored = await storage.put(file.stream, { maxBytes });
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      throw new Problem(
        'too_large',
        {
          zh: `文件超过 ${formatBytes(maxBytes)} 的上限`,
          en: `The file is larger than the ${formatBytes(maxBytes)} limit`,
        },
        [
          {
            field: 'file',
            message: { zh: `不能超过 ${formatBytes(maxBytes)}`, en: `must be at most ${formatBytes(maxBytes)}` },
          },
        ],
        { maxBytes },
      );
    }
    throw error;
  }
  if (stored.size === 0) throw invalid([{ field: 'file', message: { zh: '文件是空的', en: 'The file is empty' } }]);
  return ctx.db.transaction().execute(async (trx) => {
    // The parent may have been deleted while the bytes arrived.
    await requireReadableParent(trx, actor, data.entity, data.entityId);
    const row: AttachmentRow = {
      id: newId(now.getTime()),
      org_id: org.id,
      entity: data.entity,
      entity_id: data.entityId,
      file_name: fileName,
      mime_type: mimeType,
      size_bytes: stored.size,
      storage_key: stored.key,
      sha256: stored.sha256,
      uploaded_by: actor.userId,
      created_at: now.toISOString(),
      deleted_at: null,
    };
    await insertAttachment(trx, row);
    await writeAudit(trx, actor, now, {
      entity: 'attachment',
      entityId: row.id,
      action: 'create',
      changes: [
        { field: 'fileName', from: null, to: fileName },
        { field: 'sizeBytes', from: null, to: stored.size },
        { field: `${data.entity}Id`, from: null, to: data.entityId },
      ],
    });
    await writeAudit(trx, actor, now, {
      entity: data.entity,
      entityId: data.entityId,
      action: 'attachment',
      changes: [{ field: 'file', from: null, to: fileName }],
    });
    return row;
  });
}
