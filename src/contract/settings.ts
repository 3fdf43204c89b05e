import { z } from 'zod';
import { CurrencySchema, RequiredTextSchema, VersionSchema } from './common.js';

/** Status-light thresholds (红黄绿灯), in days. */
const LightSettingsFields = {
  redStalledDays: z.number().int().min(1).max(365),
  yellowStalledDays: z.number().int().min(1).max(365),
  yellowNextStepDueDays: z.number().int().min(0).max(60),
};

export const MIN_ATTACHMENT_BYTES = 1024;
export const MAX_ATTACHMENT_BYTES = 1024 * 1024 * 1024;

export const SettingsUpdateSchema = z.strictObject({
  name: RequiredTextSchema(200).optional(),
  /** IANA time zone, e.g. Asia/Shanghai: decides "today" for due dates, overdue payments and reminders. */
  timezone: z.string().min(1).max(64).optional(),
  currency: CurrencySchema.optional(),
  light: z.strictObject(LightSettingsFields).partial().optional(),
  attachmentMaxBytes: z.number().int().min(MIN_ATTACHMENT_BYTES).max(MAX_ATTACHMENT_BYTES).optional(),
  /** Daily update deadline, HH:MM in the organisation's time zone. */
  dailyUpdateTime: z.string().max(5).optional(),
  /** When managers get the day's digest, HH:MM in the organisation's time zone. */
  digestTime: z.string().max(5).optional(),
  /** A deal counts as kept up to date when touched within this many days (1 = today). */
  updateWindowDays: z.number().int().min(1).max(30).optional(),
  /** Working days (1 = Monday … 7 = Sunday): reminders go out and the update rate counts on these. */
  workdays: z.array(z.number().int().min(1).max(7)).max(7).optional(),
  /** The language of messages to team chats (a person's own messages follow their language). */
  notifyLocale: z.enum(['zh-CN', 'en']).optional(),
  version: VersionSchema,
});
export type SettingsUpdate = z.output<typeof SettingsUpdateSchema>;

export const SettingsSchema = z.object({
  name: z.string(),
  timezone: z.string(),
  currency: z.string(),
  light: z.object(LightSettingsFields),
  attachmentMaxBytes: z.number().int(),
  dailyUpdateTime: z.string(),
  digestTime: z.string(),
  updateWindowDays: z.number().int(),
  workdays: z.array(z.number().int()),
  notifyLocale: z.enum(['zh-CN', 'en']),
  /** The organisation's version (shared with the pipeline): send it back with PATCH. */
  version: z.number().int(),
});

// The answers as the client reads them (web app: `import type`).
export type Settings = z.output<typeof SettingsSchema>;
