import { errcodeReply, type KnownCode, robotNotifier, SENDING_TOO_FAST } from './chat-robot.js';
import type { Notifier, NotifierOptions } from './notifier.js';
import { markdownDocument } from './render-message.js';

// WeCom's documented limit for markdown.content: 4096 bytes of UTF-8.
const MAX_MARKDOWN_BYTES = 4096;

const KNOWN_CODES: Record<number, KnownCode> = {
  45009: SENDING_TOO_FAST,
  93000: {
    retryable: false,
    reason: { zh: 'Webhook 地址中的 key 无效', en: 'the key in the webhook address is not valid' },
  },
  45002: { retryable: false, reason: { zh: '消息内容过长', en: 'the message is too long' } },
};

/** The WeCom group robot (企业微信群机器人): a Markdown message; the key in the address is its only credential. */
export function createWeComNotifier(options: NotifierOptions = {}): Notifier<'wecom'> {
  return robotNotifier(
    {
      kind: 'wecom',
      request: (config, message) => ({
        url: config.webhookUrl,
        body: { msgtype: 'markdown', markdown: { content: markdownDocument(message, MAX_MARKDOWN_BYTES) } },
      }),
      readReply: errcodeReply,
      knownCodes: KNOWN_CODES,
    },
    options,
  );
}
