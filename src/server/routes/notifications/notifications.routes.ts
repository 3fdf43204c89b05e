import type { FastifyInstance } from 'fastify';
import { channelConfig } from '../../../commands/channel-rules.js';
import { createChannel } from '../../../commands/create-channel.js';
import { deleteChannel } from '../../../commands/delete-channel.js';
import { listManageableChannels } from '../../../commands/list-channels.js';
import { listNotifications } from '../../../commands/list-notifications.js';
import { markNotificationsRead } from '../../../commands/mark-notifications-read.js';
import { testChannel } from '../../../commands/test-channel.js';
import { updateChannel } from '../../../commands/update-channel.js';
import { type ChannelSummary, summariseChannel } from '../../../contract/notification-channels.js';
import { type Lang, pick, type Text } from '../../../domain/i18n.js';
import { renderStored } from '../../../domain/notification-messages.js';
import { Problem } from '../../../domain/problem.js';
import type { ChannelRow, NotificationRow } from '../../../store/schema.js';
import { commandContext } from '../../context.js';
import { defineRoute } from '../define-route.js';

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
  // The stored kind is one the channel was created with (an unreadable configuration keeps it).
  const summary = config
    ? summariseChannel(config)
    : { kind: row.kind as ChannelSummary['kind'], target: '…', signed: false };
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

  defineRoute(app, 'GET /api/notifications', async (req) => {
    const ctx = await commandContext(req);
    const page = await listNotifications(ctx, req.query);
    return {
      items: page.rows.map((row) => presentNotification(row, req.lang, publicUrl)),
      nextCursor: page.nextCursor,
      unread: page.unread,
    };
  });

  defineRoute(app, 'POST /api/notifications/read', async (req) =>
    markNotificationsRead(await commandContext(req), req.body),
  );

  defineRoute(app, 'GET /api/notification-channels', async (req) => {
    const ctx = await commandContext(req);
    return { items: (await listManageableChannels(ctx, req.query)).map((row) => presentChannel(row, req.lang)) };
  });

  defineRoute(app, 'POST /api/notification-channels', async (req, reply) => {
    const ctx = await commandContext(req);
    const row = await createChannel(ctx, req.body);
    return presentChannel(row, req.lang);
  });

  defineRoute(app, 'PATCH /api/notification-channels/:id', async (req) => {
    const ctx = await commandContext(req);
    return presentChannel(await updateChannel(ctx, req.params.id, req.body), req.lang);
  });

  defineRoute(app, 'DELETE /api/notification-channels/:id', async (req, reply) => {
    await deleteChannel(await commandContext(req), req.params.id);
    return reply.send();
  });

  defineRoute(app, 'POST /api/notification-channels/:id/test', async (req) => {
    const ctx = await commandContext(req);
    const send = app.services.channelSender;
    if (!send)
      throw new Problem('unavailable', { zh: '此服务器未配置消息发送', en: 'Sending is not set up on this server' });
    const result = await testChannel(ctx, req.params.id, {
      lang: req.lang,
      baseUrl: publicUrl,
      send,
    });
    return {
      ok: result.ok,
      error: result.error ? pick(result.error, req.lang) : null,
      channel: presentChannel(result.channel, req.lang),
    };
  });
}
