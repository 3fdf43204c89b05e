import { createHmac } from 'node:crypto';
import { errcodeReply, type KnownCode, robotNotifier, SENDING_TOO_FAST } from './chat-robot.js';
import type { Notifier, NotifierOptions } from './notifier.js';
import { markdownDocument } from './render-message.js';

// DingTalk refuses longer messages; the body is cut to fit and the title and links are kept.
const MAX_MARKDOWN_BYTES = 18_000;

const KNOWN_CODES: Record<number, KnownCode> = {
  130101: SENDING_TOO_FAST,
  660026: SENDING_TOO_FAST,
  310000: {
    retryable: false,
    reason: {
      zh: '与机器人的安全设置不符（自定义关键词、加签或 IP 地址段）',
      en: "the robot's security settings do not match (keywords, signing or IP range)",
    },
  },
  300001: {
    retryable: false,
    reason: { zh: 'Webhook 地址中的 access_token 无效', en: 'the access_token in the webhook address is not valid' },
  },
  400102: { retryable: false, reason: { zh: '机器人已停用', en: 'the robot has been disabled' } },
};

/** The query DingTalk's signing (加签) asks for: base64 HMAC-SHA256 keyed by the secret over "timestamp\nsecret". */
function signedUrl(webhookUrl: string, secret: string, now: Date): string {
  const timestamp = String(now.getTime());
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
  const url = new URL(webhookUrl);
  // URLSearchParams percent-encodes '+', '/' and '=' of the base64, as DingTalk's urlEncode does.
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('sign', sign);
  return url.toString();
}

/** The DingTalk custom robot (自定义机器人): a Markdown message, signed when a secret is set. */
export function createDingTalkNotifier(options: NotifierOptions = {}): Notifier<'dingtalk'> {
  return robotNotifier(
    {
      kind: 'dingtalk',
      request: (config, message, now) => ({
        url: config.secret ? signedUrl(config.webhookUrl, config.secret, now) : config.webhookUrl,
        body: {
          msgtype: 'markdown',
          markdown: { title: message.title, text: markdownDocument(message, MAX_MARKDOWN_BYTES) },
        },
      }),
      readReply: errcodeReply,
      knownCodes: KNOWN_CODES,
    },
    options,
  );
}
