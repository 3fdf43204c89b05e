import { z } from 'zod';
import { IdSchema } from './common.js';

export const ATTACHMENT_ENTITIES = ['account', 'deal'] as const;
export type AttachmentEntity = (typeof ATTACHMENT_ENTITIES)[number];

/** The file types accepted, by extension, with the media type they are served as. */
export const ATTACHMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  zip: 'application/zip',
};

/** The form fields of an upload (multipart/form-data; send them before the file). */
export const AttachmentFieldsSchema = z.strictObject({
  entity: z.enum(ATTACHMENT_ENTITIES),
  entityId: IdSchema,
});

/** The upload as documented (the body is multipart/form-data: entity, entityId, then file). */
export const AttachmentUploadDoc = z.object({
  entity: z.enum(ATTACHMENT_ENTITIES),
  entityId: z.string(),
  file: z.string().describe('The file (binary). Types: pdf, doc/x, xls/x, ppt/x, png, jpg, txt, csv, zip'),
});

export const AttachmentListQuerySchema = z.strictObject({
  entity: z.enum(ATTACHMENT_ENTITIES),
  id: IdSchema,
});

export const AttachmentSchema = z.object({
  id: z.string(),
  entity: z.enum(ATTACHMENT_ENTITIES),
  entityId: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedByName: z.string().nullable(),
  createdAt: z.string(),
  deletedAt: z.string().nullable(),
  /** Where to fetch the bytes (Content-Disposition carries the original file name). */
  downloadUrl: z.string(),
});

export const AttachmentListSchema = z.object({ items: z.array(AttachmentSchema) });

// The answers as the client reads them (web app: `import type`).
export type Attachment = z.output<typeof AttachmentSchema>;
