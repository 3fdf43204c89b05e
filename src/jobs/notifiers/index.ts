import type { ChannelKind, NotificationChannel } from '../../contract/notification-channels.js';
import { createDingTalkNotifier } from './dingtalk.js';
import { createEmailNotifier, type SmtpServer } from './email.js';
import { createFeishuNotifier } from './feishu.js';
import type { DeliveryReceipt, Notifier, NotifierOptions, OutgoingMessage } from './notifier.js';
import { createWebhookNotifier } from './webhook.js';
import { createWeComNotifier } from './wecom.js';

export { messageIdFor, type SmtpServer } from './email.js';
export {
  CHANNEL_NAMES,
  type ChannelKind,
  DEFAULT_TIMEOUT_MS,
  type DeliveryReceipt,
  type MessageLink,
  type Notifier,
  NotifierError,
  type NotifierErrorDetails,
  type NotifierOptions,
  type OutgoingMessage,
} from './notifier.js';

export interface NotifierSetup extends NotifierOptions {
  /** The server's mail account; without it e-mail channels fail with a reason naming the variables. */
  smtp?: SmtpServer | null;
}

/** One notifier per channel kind. */
export type NotifierRegistry = { readonly [K in ChannelKind]: Notifier<K> };

/** Builds the notifier of every channel kind with the same options. */
export function createNotifiers(setup: NotifierSetup = {}): NotifierRegistry {
  const options: NotifierOptions = { timeoutMs: setup.timeoutMs };
  return {
    dingtalk: createDingTalkNotifier(options),
    wecom: createWeComNotifier(options),
    feishu: createFeishuNotifier(options),
    webhook: createWebhookNotifier(options),
    email: createEmailNotifier(setup.smtp ?? null, options),
  };
}

/** Sends `message` through `channel` with the notifier of its kind; resolves with a receipt or throws NotifierError. */
export function sendNotification(
  notifiers: NotifierRegistry,
  channel: NotificationChannel,
  message: OutgoingMessage,
  now: Date,
): Promise<DeliveryReceipt> {
  // One case per kind keeps the config and the notifier's type together without a cast.
  switch (channel.kind) {
    case 'dingtalk':
      return notifiers.dingtalk.send(channel, message, now);
    case 'wecom':
      return notifiers.wecom.send(channel, message, now);
    case 'feishu':
      return notifiers.feishu.send(channel, message, now);
    case 'webhook':
      return notifiers.webhook.send(channel, message, now);
    case 'email':
      return notifiers.email.send(channel, message, now);
  }
}
