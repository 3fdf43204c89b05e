import type { NotificationChannel } from '../contract/notification-channels.js';
import type { Lang, Text } from '../domain/i18n.js';
import { type OutgoingMessage, outgoingMessage, renderNotification } from '../domain/notification-messages.js';
import { recordChannelOutcome } from '../store/queries/notifications.js';
import type { ChannelRow } from '../store/schema.js';
import { channelConfig, findManageableChannel } from './channel-rules.js';
import type { CommandContext } from './context.js';

/** What a channel test needs from outside the commands: the senders (jobs/notifiers), wired by the app. */
export type ChannelSender = (channel: NotificationChannel, message: OutgoingMessage, now: Date) => Promise<unknown>;
/** A failed send tells why (zh/en); anything else is an unexpected error. */
export type SendFailure = { reason: Text };

/**
 * 发送测试消息: sends a test message through the channel right now (not queued) and records the outcome,
 * so a fixed channel stops showing as failing at once.
 */
export async function testChannel(
  ctx: CommandContext,
  id: string,
  input: { lang: Lang; baseUrl: string; send: ChannelSender },
): Promise<{ ok: boolean; error: Text | null; channel: ChannelRow }> {
  const { actor, now } = ctx;
  const row = await findManageableChannel(ctx.db, actor, id);
  const config = channelConfig(row);
  const at = now.toISOString();
  let error: Text | null = null;
  if (!config) {
    error = { zh: '通道配置无效，请重新保存', en: 'The channel settings are invalid: save them again' };
  } else {
    const rendered = renderNotification(
      'channel_test',
      { channelName: row.name, requestedBy: actor.name },
      input.lang,
      input.baseUrl,
    );
    try {
      await input.send(
        config,
        outgoingMessage(`channel_test:${row.id}:${at}`, 'channel_test', input.lang, rendered),
        now,
      );
    } catch (failure) {
      const reason = (failure as Partial<SendFailure>).reason;
      error = reason && typeof reason.zh === 'string' ? reason : { zh: '发送出错', en: 'Sending failed' };
    }
  }
  await ctx.db
    .transaction()
    .execute((trx) =>
      recordChannelOutcome(trx, row.id, error ? { ok: false, at, error: JSON.stringify(error) } : { ok: true, at }),
    );
  const fresh = error
    ? { ...row, failing_since: row.failing_since ?? at, last_error: JSON.stringify(error) }
    : { ...row, failing_since: null, last_error: null, last_success_at: at };
  return { ok: error === null, error, channel: fresh };
}
