import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { deleteAttachment } from '../../../commands/delete-attachment.js';
import { listAttachmentsOf, openAttachment } from '../../../commands/list-attachments.js';
import { uploadAttachment } from '../../../commands/upload-attachment.js';
import { MAX_ATTACHMENT_BYTES } from '../../../contract/settings.js';
import { invalid, Problem } from '../../../domain/problem.js';
import { localFileStorage } from '../../../store/file-storage.js';
import { type AttachmentRow, userNames } from '../../../store/queries/attachments.js';
import { commandContext } from '../../context.js';
import { defineRoute } from '../define-route.js';

const tags = ['attachments'];

function presentAttachment(row: AttachmentRow, names: Map<string, string>) {
  return {
    id: row.id,
    entity: row.entity,
    entityId: row.entity_id,
    fileName: row.file_name,
    mimeType: row.mime_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedByName: names.get(row.uploaded_by) ?? null,
    createdAt: row.created_at,
    deletedAt: row.deleted_at,
    downloadUrl: `/api/attachments/${row.id}/download`,
  };
}

/** RFC 6266/5987: an ASCII fallback plus the UTF-8 name, so 报价单.pdf arrives as 报价单.pdf. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export async function attachmentRoutes(app: FastifyInstance) {
  // Multipart only in this scope; the per-request file limit comes from the organisation's settings.
  await app.register(multipart, {
    limits: { fields: 10, fieldSize: 1000, files: 1, parts: 12, fileSize: MAX_ATTACHMENT_BYTES + 1 },
  });
  const storage = localFileStorage(app.services.dataDir);

  defineRoute(app, 'POST /api/attachments', async (req, reply) => {
    const ctx = await commandContext(req);
    if (!req.isMultipart()) {
      throw new Problem('unsupported_media', {
        zh: '请用 multipart/form-data 上传文件',
        en: 'Upload files as multipart/form-data',
      });
    }
    const fields: Record<string, string> = {};
    let row: AttachmentRow | undefined;
    for await (const part of req.parts({ limits: { fileSize: ctx.org.settings.attachmentMaxBytes + 1 } })) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (row || part.fieldname !== 'file') {
        part.file.resume();
        throw invalid([
          {
            field: part.fieldname,
            message: { zh: '一次只能上传一个文件（字段名 file）', en: 'Send one file, in the field "file"' },
          },
        ]);
      }
      row = await uploadAttachment(ctx, storage, fields, { fileName: part.filename, stream: part.file });
    }
    if (!row) throw invalid([{ field: 'file', message: { zh: '请选择文件', en: 'is required' } }]);
    return presentAttachment(row, await userNames(ctx.db, ctx.org.id, [row.uploaded_by]));
  });

  defineRoute(app, 'GET /api/attachments', async (req) => {
    const ctx = await commandContext(req);
    const rows = await listAttachmentsOf(ctx, req.query);
    const names = await userNames(
      ctx.db,
      ctx.org.id,
      rows.map((r) => r.uploaded_by),
    );
    return { items: rows.map((row) => presentAttachment(row, names)) };
  });

  defineRoute(app, 'GET /api/attachments/:id/download', async (req, reply) => {
    const ctx = await commandContext(req);
    const { row, stream, size } = await openAttachment(ctx, storage, req.params.id);
    reply
      .header('content-type', row.mime_type)
      .header('content-length', String(size))
      .header('content-disposition', contentDisposition(row.file_name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store');
    return reply.send(stream);
  });

  defineRoute(app, 'DELETE /api/attachments/:id', async (req) => {
    const ctx = await commandContext(req);
    const row = await deleteAttachment(ctx, req.params.id);
    return presentAttachment(row, await userNames(ctx.db, ctx.org.id, [row.uploaded_by]));
  });
}
