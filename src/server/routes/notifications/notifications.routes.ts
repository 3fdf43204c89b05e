import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { channelConfig } from '../../../commands/channel-rules.js';
import { createChannel } from '../../../commands/create-channel.js';
import { deleteChannel } from '../../../commands/delete-channel.js';
import { listManageableChannels } from '../../../commands/list-channels.js';
import { listNotifications } from '../../../commands/list-notifications.js';
import { markNotificationsRead } from '../../../commands/mark-notifications-read.js';
import { testChannel } from '../../../commands/test-channel.js';
import { updateChannel } from '../../../commands/update-channel.js';
import { summariseChannel } from '../../../contract/notification-channels.js';
import {
  ChannelCreateSchema,
  ChannelListQuerySchema,
  ChannelSchema,
  ChannelTestResultSchema,
  ChannelUpdateSchema,
  InboxQuerySchema,
  InboxSchema,
  MarkReadSchema,
} from '../../../contract/notifications.js';
import { type Lang, pick, type Text } from '../../../domain/i18n.js';
import { renderStored } from '../../../domain/notification-messages.js';
import { Problem } from '../../../domain/problem.js';
import type { ChannelRow, NotificationRow } from '../../../store/schema.js';
import { commandContext } from '../../context.js';
import { idParams, problemResponses } from '../openapi.js';

const tags = ['notifications'];

export function presentNotification(row: NotificationRow, lang: Lang, baseUrl: string) {
  const rendered = renderStored(row.kind, row.params, lang, baseUrl);
  return {
    id: row.id,
    kind: row.kind,
    title: rendered.title,
    text: rendered.text,
    path: rendered.path,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

function storedText(value: string | null, lang: Lang): string | null {
  if (value === null) return null;
  try {
    return pick(JSON.parse(value) as Text, lang);
  } catch {
    return value;
  }
}

export function presentChannel(row: ChannelRow, lang: Lang) {
  const config = channelConfig(row);
  const summary = config ? summariseChannel(config) : { kind: row.kind, target: '…', signed: false };
  return {
    id: row.id,
    scope: row.scope,
    scopeId: row.scope_id,
    kind: summary.kind,
    name: row.name,
    target: summary.target,
    signed: summary.signed,
    enabled: row.enabled === 1,
    failingSince: row.failing_since,
    lastError: storedText(row.last_error, lang),
    lastSuccessAt: row.last_success_at,
    version: row.version,
    createdAt: row.created_at,
  };
}

export async function notificationRoutes(app: FastifyInstance) {
  const { publicUrl } = app.services;

  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'My inbox, newest first, in my language, with the unread count',
        querystring: InboxQuerySchema,
        response: { 200: InboxSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const page = await listNotifications(ctx, req.query);
      return {
        items: page.rows.map((row) => presentNotification(row, req.lang, publicUrl)),
        nextCursor: page.nextCursor,
        unread: page.unread,
      };
    },
  );

  app.post(
    '/api/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark notifications read: { ids } or { all: true }',
        body: MarkReadSchema,
        response: { 200: z.object({ updated: z.number().int(), unread: z.number().int() }), ...problemResponses },
      },
    },
    async (req) => markNotificationsRead(await commandContext(req), req.body),
  );

  app.get(
    '/api/notification-channels',
    {
      schema: {
        tags,
        summary: 'Channels I manage: my own, my team’s group chats (manager), everyone’s (admin); secrets never shown',
        querystring: ChannelListQuerySchema,
        response: { 200: z.object({ items: z.array(ChannelSchema) }), ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return { items: (await listManageableChannels(ctx, req.query)).map((row) => presentChannel(row, req.lang)) };
    },
  );

  app.post(
    '/api/notification-channels',
    {
      schema: {
        tags,
        summary: 'Add a channel: DingTalk / WeCom / Feishu robot, signed webhook or e-mail, for me or a team',
        body: ChannelCreateSchema,
        response: { 201: ChannelSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      const ctx = await commandContext(req);
      const row = await createChannel(ctx, req.body);
      reply.status(201);
      return presentChannel(row, req.lang);
    },
  );

  app.patch(
    '/api/notification-channels/:id',
    {
      schema: {
        tags,
        summary: 'Change a channel (send its version); a secret left out is kept',
        params: idParams,
        body: ChannelUpdateSchema,
        response: { 200: ChannelSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return presentChannel(await updateChannel(ctx, (req.params as { id: string }).id, req.body), req.lang);
    },
  );

  app.delete(
    '/api/notification-channels/:id',
    {
      schema: { tags, summary: 'Remove a channel', params: idParams, response: { 204: z.null(), ...problemResponses } },
    },
    async (req, reply) => {
      await deleteChannel(await commandContext(req), (req.params as { id: string }).id);
      reply.status(204);
      return null;
    },
  );

  app.post(
    '/api/notification-channels/:id/test',
    {
      schema: {
        tags,
        summary: 'Send a test message through the channel now; answers whether it went through and why not',
        params: idParams,
        response: { 200: ChannelTestResultSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const send = app.services.channelSender;
      if (!send)
        throw new Problem('unavailable', { zh: '此服务器未配置消息发送', en: 'Sending is not set up on this server' });
      const result = await testChannel(ctx, (req.params as { id: string }).id, {
        lang: req.lang,
        baseUrl: publicUrl,
        send,
      });
      return {
        ok: result.ok,
        error: result.error ? pick(result.error, req.lang) : null,
        channel: presentChannel(result.channel, req.lang),
      };
    },
  );
}
