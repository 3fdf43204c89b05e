import { z } from 'zod';
import { PROBABILITIES } from '../domain/stages.js';
import { isCalendarDate } from '../domain/time.js';

export const IdSchema = z.string().min(1).max(64);
export const CalendarDateSchema = z.string().refine(isCalendarDate, 'date');
export const DateTimeSchema = z
  .string()
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
    'datetime',
  );
export const MoneySchema = z.number().refine((v) => Number.isSafeInteger(v) && v >= 0, 'money');
export const CurrencySchema = z.string().refine((v) => /^[A-Z]{3}$/.test(v), 'currency');
export const ProbabilitySchema = z
  .number()
  .refine((v) => (PROBABILITIES as readonly number[]).includes(v), 'probability');
/** Required text: whitespace alone does not count. */
export const RequiredTextSchema = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => v.trim().length > 0, 'blank');
export const OptionalTextSchema = (max: number) => z.string().max(max).nullish();
export const VersionSchema = z.number().int().min(1);

/** Query strings arrive as text: these coerce them while naming the field when they fail. */
export const QueryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ListQuerySchema = z.object({
  limit: QueryInt(1, 200).default(50),
  cursor: z.string().max(500).optional(),
  count: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

/** Every error answer (application/problem+json, RFC 9457), in the language of the request. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  /** Every invalid field, each with its message. */
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** On a stale version (409): the record's current version. */
  currentVersion: z.number().int().optional(),
  /** On a duplicate (409): the record that already holds the value. */
  existingId: z.string().optional(),
  /** On a file over the limit (413): the limit in bytes. */
  maxBytes: z.number().int().optional(),
});

export const ROLES = ['admin', 'manager', 'sales', 'finance', 'marketing', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const OpenApiDocumentSchema = z
  .object({ openapi: z.string(), info: z.record(z.string(), z.unknown()), paths: z.record(z.string(), z.unknown()) })
  .loose();

export const HealthSchema = z.object({ status: z.literal('ok'), db: z.enum(['sqlite', 'postgres']) });

/** A keyset page: `nextCursor` fetches the next one; `total` unless `count=false` was asked. */
/** A keyset page of items as the client reads it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable(), total: z.number().int().optional() });
}
