import { z } from 'zod';
import { IdSchema, QueryInt } from './common.js';

export const AUDIT_ENTITIES = ['deal', 'account', 'contact', 'payment', 'receipt', 'user', 'team', 'organisation', 'task', 'attachment'] as const;
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
  action: z.string(),
  field: z.string().nullable(),
  /** Values as text: strings as they were, anything else as JSON. */
  from: z.string().nullable(),
  to: z.string().nullable(),
});

export const AuditListSchema = z.object({ items: z.array(AuditItemSchema), nextCursor: z.string().nullable() });
