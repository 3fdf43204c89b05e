import { createHmac } from 'node:crypto';
import type { FeishuChannel } from '../../contract/notification-channels.js';
import { type KnownCode, numberField, robotNotifier, textField } from './chat-robot.js';
import type { Notifier, NotifierOptions, OutgoingMessage } from './notifier.js';
import { linksNotIn, truncateUtf8 } from './render-message.js';

// Feishu takes request bodies up to 20 KB; the text is cut to leave room for the title, links and JSON.
const MAX_TEXT_BYTES = 15_000;

const KNOWN_CODES: Record<number, KnownCode> = {
  11232: { retryable: true, reason: { zh: '发送太频繁，稍后重试', en: 'sending too fast; will retry' } },
  19021: {
    retryable: false,
    reason: {
      zh: '签名校验失败：请检查密钥，以及服务器时钟是否准确',
      en: 'the signature was refused: check the secret and that the server clock is right',
    },
  },
  19022: {
    retryable: false,
    reason: { zh: '服务器 IP 不在机器人的 IP 白名单中', en: "this server's IP address is not on the bot's allow list" },
  },
  19024: {
    retryable: false,
    reason: { zh: '消息不含机器人要求的自定义关键词', en: 'the message lacks the keyword the bot requires' },
  },
  9499: { retryable: false, reason: { zh: '请求格式不被接受', en: 'the request was not accepted' } },
};

/** Feishu's signature (签名校验): base64 HMAC-SHA256 keyed by "timestamp\nsecret" over an empty message. */
function signature(secret: string, now: Date): { timestamp: string; sign: string } {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const sign = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
  return { timestamp, sign };
}

type PostElement = { tag: 'text'; text: string } | { tag: 'a'; text: string; href: string };

/** A rich-text (post) message: one paragraph per line of text, then one per link the text does not hold. */
function postContent(message: OutgoingMessage) {
  const text = truncateUtf8(message.text, MAX_TEXT_BYTES);
  const lines: PostElement[][] = text.split('\n').map((line) => [{ tag: 'text', text: line }]);
  // A blank line sets the links apart from the text.
  const links: PostElement[][] = linksNotIn(text, message.links).map((link) => [
    { tag: 'a', text: link.label, href: link.url },
  ]);
  const spacer: PostElement[][] = links.length > 0 ? [[{ tag: 'text', text: '' }]] : [];
  const locale = message.lang === 'en' ? 'en_us' : 'zh_cn';
  return { post: { [locale]: { title: message.title, content: [...lines, ...spacer, ...links] } } };
}

/** The Feishu (飞书) custom bot: a rich-text post, signed when a secret is set. */
export function createFeishuNotifier(options: NotifierOptions = {}): Notifier<'feishu'> {
  return robotNotifier(
    {
      kind: 'feishu',
      request: (config, message, now) => ({
        url: config.webhookUrl,
        body: {
          ...(config.secret ? signature(config.secret, now) : {}),
          msg_type: 'post',
          content: postContent(message),
        },
      }),
      // Feishu answers { code, msg }; older bots answer { StatusCode, StatusMessage }.
      readReply: (json) => {
        const code = numberField(json, 'code') ?? numberField(json, 'StatusCode');
        return code === null ? null : { code, message: textField(json, 'msg') || textField(json, 'StatusMessage') };
      },
      knownCodes: KNOWN_CODES,
    },
    options,
  );
}
