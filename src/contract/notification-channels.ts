import { z } from 'zod';

/** The outbound channels a notification can go through. */
export const CHANNEL_KINDS = ['dingtalk', 'wecom', 'feishu', 'webhook', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Checks a URL and answers a refinement code of `validate.ts`, or null when it is fine. */
type UrlRule = (url: URL) => string | null;

function parsedUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

// fetch refuses URLs with a user name or password, and they would sit in the settings in plain text.
const hasCredentials = (url: URL) => url.username !== '' || url.password !== '';

// Robot webhooks carry their token in the address, so plain http would send it in the clear.
const vendorWebhook =
  (isVendorShape: (url: URL) => boolean, code: string): UrlRule =>
  (url) => {
    if (url.protocol !== 'https:' || hasCredentials(url)) return 'https_url';
    return isVendorShape(url) ? null : code;
  };

const WebhookUrlSchema = (rule: UrlRule) =>
  z
    .string()
    .max(2000)
    .superRefine((value, ctx) => {
      const url = parsedUrl(value.trim());
      const code = url ? rule(url) : 'http_url';
      if (code) ctx.addIssue({ code: 'custom', message: code });
    })
    .transform((value) => value.trim());

/** A signing secret as copied from the vendor's console: one word, no spaces. */
const SecretSchema = z
  .string()
  .max(200)
  .refine((v) => /^\S+$/.test(v), 'secret')
  .optional();

export const DingTalkChannelSchema = z.strictObject({
  kind: z.literal('dingtalk'),
  /** https://oapi.dingtalk.com/robot/send?access_token=… */
  webhookUrl: WebhookUrlSchema(
    vendorWebhook((url) => (url.searchParams.get('access_token') ?? '') !== '', 'dingtalk_webhook'),
  ),
  /** 加签 secret (SEC…); when set every request is signed. */
  secret: SecretSchema.refine((v) => v === undefined || v.startsWith('SEC'), 'dingtalk_secret'),
});

export const WeComChannelSchema = z.strictObject({
  kind: z.literal('wecom'),
  /** https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… (the key is the only credential). */
  webhookUrl: WebhookUrlSchema(vendorWebhook((url) => (url.searchParams.get('key') ?? '') !== '', 'wecom_webhook')),
});

export const FeishuChannelSchema = z.strictObject({
  kind: z.literal('feishu'),
  /** https://open.feishu.cn/open-apis/bot/v2/hook/… (or open.larksuite.com). */
  webhookUrl: WebhookUrlSchema(
    vendorWebhook((url) => /\/open-apis\/bot\/v2\/hook\/[^/]+$/.test(url.pathname), 'feishu_webhook'),
  ),
  /** 签名校验 secret; when set every request carries timestamp and sign. */
  secret: SecretSchema,
});

export const WebhookChannelSchema = z.strictObject({
  kind: z.literal('webhook'),
  /** Any http(s) receiver; http is allowed for systems inside the company network. */
  url: WebhookUrlSchema((url) =>
    (url.protocol === 'https:' || url.protocol === 'http:') && !hasCredentials(url) ? null : 'http_url',
  ),
  /** Shared secret for X-Taizhang-Signature; long enough not to be guessed. */
  secret: z
    .string()
    .min(16)
    .max(200)
    .refine((v) => /^\S+$/.test(v), 'secret')
    .optional(),
});

export const EmailChannelSchema = z.strictObject({
  kind: z.literal('email'),
  /** Recipients; the SMTP server and sender come from the server's configuration, not from here. */
  to: z.array(z.email().max(254)).min(1).max(50),
});

/** One configured channel, told apart by `kind`. */
export const NotificationChannelSchema = z.discriminatedUnion('kind', [
  DingTalkChannelSchema,
  WeComChannelSchema,
  FeishuChannelSchema,
  WebhookChannelSchema,
  EmailChannelSchema,
]);

export type DingTalkChannel = z.output<typeof DingTalkChannelSchema>;
export type WeComChannel = z.output<typeof WeComChannelSchema>;
export type FeishuChannel = z.output<typeof FeishuChannelSchema>;
export type WebhookChannel = z.output<typeof WebhookChannelSchema>;
export type EmailChannel = z.output<typeof EmailChannelSchema>;
export type NotificationChannel = z.output<typeof NotificationChannelSchema>;
/** The configuration of the channel of one kind. */
export type ChannelConfigOf<K extends ChannelKind> = Extract<NotificationChannel, { kind: K }>;

/** What Settings and logs may show of a channel: never the secret, and the address's tokens cut to their end. */
export interface ChannelSummary {
  kind: ChannelKind;
  /** e.g. `oapi.dingtalk.com/robot/send?access_token=…3f9a`, or the recipients of an e-mail channel. */
  target: string;
  /** Whether requests are signed with a secret. */
  signed: boolean;
}

// Four characters tell two robots apart without giving enough away to use one. Any query value may be
// a credential; in a path only long parts with digits look like tokens (Feishu's hook id), words stay.
const lastFour = (token: string) => (token.length >= 12 ? `…${token.slice(-4)}` : '…');
const maskPathPart = (part: string) => (part.length >= 16 && /\d/.test(part) ? lastFour(part) : part);

/** Describes a channel without its secrets. */
export function summariseChannel(channel: NotificationChannel): ChannelSummary {
  if (channel.kind === 'email') return { kind: 'email', target: channel.to.join(', '), signed: false };
  const address = channel.kind === 'webhook' ? channel.url : channel.webhookUrl;
  const url = parsedUrl(address);
  const signed = 'secret' in channel && channel.secret !== undefined;
  if (!url) return { kind: channel.kind, target: '…', signed };
  const path = url.pathname.split('/').map(maskPathPart).join('/');
  const query = [...url.searchParams].map(([name, value]) => `${name}=${lastFour(value)}`).join('&');
  return { kind: channel.kind, target: `${url.host}${path}${query ? `?${query}` : ''}`, signed };
}
