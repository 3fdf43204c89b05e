import { z } from 'zod';
import { REQUIRABLE_FIELDS } from '../domain/stages.js';
import { ProbabilitySchema, RequiredTextSchema, VersionSchema } from './common.js';

/** Most stages an organisation's pipeline may have. */
export const MAX_STAGES = 20;

export const StageInputSchema = z.strictObject({
  /**
   * Stable identifier deals refer to (lower-case letters, digits, _ and -); renaming changes `name`, not `key`.
   * Leave it out for a new stage: the server makes one from the English name and it never changes after.
   */
  key: z.string().min(1).max(40).optional(),
  name: z.strictObject({ zh: RequiredTextSchema(40), en: RequiredTextSchema(40) }),
  kind: z.enum(['open', 'won', 'lost']),
  probability: ProbabilitySchema,
  requiredFields: z.array(z.enum(REQUIRABLE_FIELDS)).max(REQUIRABLE_FIELDS.length).default([]),
  /** Typical days in this stage (longer turns the light yellow); null: no limit. */
  typicalDays: z.number().int().min(1).max(3650).nullable().default(null),
});
export type StageInput = z.output<typeof StageInputSchema>;

export const PipelineUpdateSchema = z.strictObject({
  stages: z.array(StageInputSchema).min(1).max(MAX_STAGES),
  /**
   * Where the live deals of a removed stage go: removed stage key → key of a kept stage of the same kind.
   * Removing a stage that still holds deals without naming a target answers 409.
   */
  moveDealsTo: z.record(z.string().min(1).max(40), z.string().min(1).max(40)).default({}),
  version: VersionSchema,
});
export type PipelineUpdate = z.output<typeof PipelineUpdateSchema>;

export const StageSchema = z.object({
  key: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  /** The name in the request's language. */
  label: z.string(),
  kind: z.enum(['open', 'won', 'lost']),
  probability: z.number().int(),
  requiredFields: z.array(z.enum(REQUIRABLE_FIELDS)),
  typicalDays: z.number().int().nullable(),
});

export const PipelineSchema = z.object({
  stages: z.array(StageSchema),
  /** The organisation's version: send it back with PUT. */
  version: z.number().int(),
  /** PUT only: how many live deals moved out of removed stages (see moveDealsTo). */
  movedDeals: z.number().int().optional(),
});

// The answers as the client reads them (web app: `import type`).
export type Stage = z.output<typeof StageSchema>;
export type Pipeline = z.output<typeof PipelineSchema>;
