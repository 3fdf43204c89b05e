import { createHmac } from 'node:crypto';
import type { WebhookChannel } from '../../contract/notification-channels.js';
import { DEFAULT_TIMEOUT_MS, httpReceipt, type Notifier, type NotifierOptions } from './notifier.js';
import { httpStatusError, postJson } from './post-json.js';

/**
 * Any HTTP receiver: the message as JSON, signed like common webhook senders do, so the receiver can check
 * it came from this server (HMAC over "timestamp.body") and refuse replays (the timestamp).
 */
export function createWebhookNotifier(options: NotifierOptions = {}): Notifier<'webhook'> {
  return {
    kind: 'webhook',
    async send(config: WebhookChannel, message, now) {
      const body = JSON.stringify({
        id: message.key,
        kind: message.kind,
        lang: message.lang,
        title: message.title,
        text: message.text,
        markdown: message.markdown,
        links: message.links,
        sentAt: now.toISOString(),
      });
      const timestamp = String(Math.floor(now.getTime() / 1000));
      const headers: Record<string, string> = { 'x-taizhang-timestamp': timestamp };
      if (config.secret) {
        headers['x-taizhang-signature'] =
          `sha256=${createHmac('sha256', config.secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
      }
      const answer = await postJson({
        channel: 'webhook',
        url: config.url,
        body,
        headers,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        now,
      });
      if (answer.status < 200 || answer.status >= 300) throw httpStatusError('webhook', answer, now);
      return httpReceipt('webhook', message, now, answer.status);
    },
  };
}
