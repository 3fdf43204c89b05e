import type { ChannelConfigOf, ChannelKind } from '../../contract/notification-channels.js';
import type { Lang, Text } from '../../domain/i18n.js';

export type { ChannelKind } from '../../contract/notification-channels.js';

export type { OutgoingMessage } from '../../domain/notification-messages.js';

import type { OutgoingMessage } from '../../domain/notification-messages.js';

export interface MessageLink {
  label: string;
  /** An absolute http(s) URL into the app. */
  url: string;
}

/** What the receiving side said when it took the message. */
export interface DeliveryReceipt {
  channel: ChannelKind;
  key: string;
  /** The `now` the send was made with. */
  sentAt: Date;
  /** HTTP status, or the SMTP reply code to the message data. */
  status: number;
  /** The vendor's or the SMTP server's id for the message when it gives one (an e-mail's Message-ID). */
  remoteId: string | null;
  /** Recipients an SMTP server refused while accepting the others. */
  rejectedRecipients: string[];
}

/** Sends through one kind of channel; `config` is already parsed with the channel's schema. */
export interface Notifier<K extends ChannelKind = ChannelKind> {
  readonly kind: K;
  /** Delivers the message or throws NotifierError; `now` signs and stamps the request. */
  send(config: ChannelConfigOf<K>, message: OutgoingMessage, now: Date): Promise<DeliveryReceipt>;
}

export interface NotifierOptions {
  /** Limit for one request (connect, send and answer together); 10 s unless set. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const USER_AGENT = 'Taizhang-Notifier/1.0';

/** How a channel is named in a reason shown to people. */
export const CHANNEL_NAMES: Record<ChannelKind, Text> = {
  dingtalk: { zh: '钉钉', en: 'DingTalk' },
  wecom: { zh: '企业微信', en: 'WeCom' },
  feishu: { zh: '飞书', en: 'Feishu' },
  webhook: { zh: 'Webhook 接收方', en: 'The webhook receiver' },
  email: { zh: '邮件服务器', en: 'The mail server' },
};

export interface NotifierErrorDetails {
  /** HTTP status or SMTP reply code, when the server answered. */
  status?: number | null;
  /** The vendor's own error code (DingTalk/WeCom errcode, Feishu code) or an SMTP/network error code. */
  code?: number | string | null;
  /** How long the server asked to be left alone (Retry-After), in ms. */
  retryAfterMs?: number | null;
}

/** A send that did not go through; `reason` is short enough to show in Settings and holds no secret. */
export class NotifierError extends Error {
  readonly status: number | null;
  readonly code: number | string | null;
  readonly retryAfterMs: number | null;
  constructor(
    readonly channel: ChannelKind,
    /** True when the same message may go through later (network, timeout, 5xx, 429, rate limits). */
    readonly retryable: boolean,
    readonly reason: Text,
    details: NotifierErrorDetails = {},
  ) {
    super(`${channel}: ${reason.en}`);
    this.name = 'NotifierError';
    this.status = details.status ?? null;
    this.code = details.code ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
}

/** A receipt for an HTTP channel, which has no message id and no per-recipient answer. */
export function httpReceipt(
  channel: ChannelKind,
  message: OutgoingMessage,
  now: Date,
  status: number,
): DeliveryReceipt {
  return { channel, key: message.key, sentAt: now, status, remoteId: null, rejectedRecipients: [] };
}
