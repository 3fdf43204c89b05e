import { z } from 'zod';
import { IdSchema, QueryInt, RequiredTextSchema, VersionSchema } from './common.js';
import { CHANNEL_KINDS, NotificationChannelSchema } from './notification-channels.js';

/** The in-app inbox and the outbound channels of people and teams. */

export const InboxQuerySchema = z.object({
  unread: z.enum(['true', 'false']).default('false'),
  limit: QueryInt(1, 100).default(20),
  cursor: z.string().max(200).optional(),
});

export const NotificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  text: z.string(),
  /** Where the item leads in the app. */
  path: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const InboxSchema = z.object({
  items: z.array(NotificationSchema),
  nextCursor: z.string().nullable(),
  unread: z.number().int(),
});

export const MarkReadSchema = z.strictObject({
  /** These notifications; or `all: true` for every unread one. */
  ids: z.array(IdSchema).max(500).optional(),
  all: z.boolean().optional(),
});

export const ChannelCreateSchema = z.strictObject({
  /** 'user': the signed-in user's own channel (or, for an admin, `scopeId`'s); 'team': a team's group chat. */
  scope: z.enum(['user', 'team']),
  scopeId: IdSchema.optional(),
  name: RequiredTextSchema(100),
  config: NotificationChannelSchema,
  enabled: z.boolean().default(true),
});

export const ChannelUpdateSchema = z.strictObject({
  name: RequiredTextSchema(100).optional(),
  /** The whole configuration; a secret left out keeps the one stored (same kind only). */
  config: NotificationChannelSchema.optional(),
  enabled: z.boolean().optional(),
  version: VersionSchema,
});

export const ChannelListQuerySchema = z.object({
  scope: z.enum(['user', 'team']).optional(),
  scopeId: IdSchema.optional(),
});

export const ChannelSchema = z.object({
  id: z.string(),
  scope: z.enum(['user', 'team']),
  scopeId: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  name: z.string(),
  /** The address with its tokens cut (never a secret). */
  target: z.string(),
  signed: z.boolean(),
  enabled: z.boolean(),
  /** Set once a message could not be delivered after every retry; cleared by the next success. */
  failingSince: z.string().nullable(),
  lastError: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});

export const ChannelTestResultSchema = z.object({
  ok: z.boolean(),
  /** Why it failed, in the reader's language. */
  error: z.string().nullable(),
  channel: ChannelSchema,
});

export const MarkReadAnswerSchema = z.object({ updated: z.number().int(), unread: z.number().int() });
export const ChannelListSchema = z.object({ items: z.array(ChannelSchema) });

// The answers as the client reads them (web app: `import type`).
export type InboxItem = z.output<typeof NotificationSchema>;
export type Inbox = z.output<typeof InboxSchema>;
export type Channel = z.output<typeof ChannelSchema>;
export type ChannelTestResult = z.output<typeof ChannelTestResultSchema>;
