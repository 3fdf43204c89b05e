import { z } from 'zod';
import { CalendarDateSchema, IdSchema, QueryInt } from './common.js';

export const AUDIT_ENTITIES = [
  'deal',
  'account',
  'contact',
  'payment',
  'receipt',
  'user',
  'team',
  'organisation',
  'task',
  'attachment',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

export const AuditQuerySchema = z.object({
  entity: z.enum(AUDIT_ENTITIES),
  id: IdSchema,
  limit: QueryInt(1, 200).default(50),
  cursor: z.string().max(500).optional(),
});

export const AuditItemSchema = z.object({
  id: z.string(),
  at: z.string(),
  /** Null for changes made by the system (sign-up, jobs). */
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  /** The record the row is about (on a deal's trail: the deal, or one of its tasks, instalments or receipts). */
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  field: z.string().nullable(),
  /** Values as text: strings as they were, anything else as JSON. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  /**
   * On a deal's or account's trail, an upload (action `attachment`) whose file is still there: where to
   * download it. Absent on every other row.
   */
  attachment: z.object({ id: z.string(), fileName: z.string(), downloadUrl: z.string() }).optional(),
});

export const AuditListSchema = z.object({ items: z.array(AuditItemSchema), nextCursor: z.string().nullable() });

/** Filters of the organisation-wide audit log (admin): every filter optional, dates in the organisation's time zone. */
export const AuditLogFilterSchema = z.object({
  entity: z.enum(AUDIT_ENTITIES).optional(),
  /** The record's id. */
  id: IdSchema.optional(),
  /** Who acted. */
  actorId: IdSchema.optional(),
  action: z.string().min(1).max(40).optional(),
  /** First day (YYYY-MM-DD), inclusive. */
  from: CalendarDateSchema.optional(),
  /** Last day (YYYY-MM-DD), inclusive. */
  to: CalendarDateSchema.optional(),
});
export type AuditLogFilter = z.output<typeof AuditLogFilterSchema>;

export const AuditLogQuerySchema = AuditLogFilterSchema.extend({
  limit: QueryInt(1, 200).default(50),
  cursor: z.string().max(500).optional(),
});

export const AuditLogItemSchema = AuditItemSchema;

/** Most rows one CSV export carries (newest first). */
export const AUDIT_CSV_MAX_ROWS = 100_000;

export const AuditLogListSchema = z.object({ items: z.array(AuditLogItemSchema), nextCursor: z.string().nullable() });

// The answers as the client reads them (web app: `import type`).
export type AuditItem = z.output<typeof AuditItemSchema>;
export type AuditPage = z.output<typeof AuditListSchema>;
