import type { ChannelConfigOf } from '../../contract/notification-channels.js';
import type { Text } from '../../domain/i18n.js';
import {
  CHANNEL_NAMES,
  DEFAULT_TIMEOUT_MS,
  type DeliveryReceipt,
  httpReceipt,
  type Notifier,
  NotifierError,
  type NotifierOptions,
  type OutgoingMessage,
} from './notifier.js';
import { httpStatusError, postJson } from './post-json.js';

type RobotKind = 'dingtalk' | 'wecom' | 'feishu';

/** The two fields every robot vendor answers with, under its own names. */
export interface RobotReply {
  code: number;
  message: string;
}

/** How a vendor error code is taken: whether a later try can succeed, and what to tell the admin. */
export interface KnownCode {
  retryable: boolean;
  reason: Text;
}

/** How a vendor's answers are read. */
interface RobotAnswers {
  kind: RobotKind;
  /** Finds the vendor's code and message in its JSON answer, or null when it is not such an answer. */
  readReply: (json: Record<string, unknown>) => RobotReply | null;
  knownCodes: Record<number, KnownCode>;
}

/** What sets one chat robot vendor apart from the others. */
export interface RobotVendor<K extends RobotKind> extends RobotAnswers {
  kind: K;
  /** The address (signed where the vendor signs it) and JSON body of one message. */
  request: (config: ChannelConfigOf<K>, message: OutgoingMessage, now: Date) => { url: string; body: unknown };
}

/** DingTalk and WeCom both allow a robot 20 messages a minute and answer with their own code beyond that. */
export const SENDING_TOO_FAST: KnownCode = {
  retryable: true,
  reason: {
    zh: '发送太频繁（每个机器人每分钟最多 20 条），稍后重试',
    en: 'sending too fast (20 messages a minute per robot); will retry',
  },
};

// Both DingTalk and WeCom answer -1 for "system busy"; every vendor says so for a passing overload.
const BUSY: KnownCode = {
  retryable: true,
  reason: { zh: '系统繁忙，稍后重试', en: 'the service is busy; will retry' },
};

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The vendor's own words, cleaned for a one-line reason: robots do not echo tokens, but keep it short. */
const vendorWords = (message: string) =>
  message
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, 120);

/** A notifier for a chat robot: POSTs the vendor's request and reads its answer; a non-zero code is a NotifierError. */
export function robotNotifier<K extends RobotKind>(vendor: RobotVendor<K>, options: NotifierOptions): Notifier<K> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    kind: vendor.kind,
    send: (config, message, now) => postToRobot(vendor, vendor.request(config, message, now), message, now, timeoutMs),
  };
}

async function postToRobot(
  vendor: RobotAnswers,
  request: { url: string; body: unknown },
  message: OutgoingMessage,
  now: Date,
  timeoutMs: number,
): Promise<DeliveryReceipt> {
  const channel = vendor.kind;
  const answer = await postJson({ channel, url: request.url, body: JSON.stringify(request.body), timeoutMs, now });
  if (answer.status === 429 || answer.status >= 500) throw httpStatusError(channel, answer, now);
  const json = parseJsonObject(answer.body);
  const reply = json ? vendor.readReply(json) : null;
  const name = CHANNEL_NAMES[channel];
  if (reply && reply.code !== 0) {
    const known = vendor.knownCodes[reply.code] ?? (reply.code === -1 ? BUSY : undefined);
    const words = vendorWords(reply.message);
    const what: Text = known
      ? { zh: `${name.zh}：${known.reason.zh}`, en: `${name.en}: ${known.reason.en}` }
      : { zh: `${name.zh}拒绝了消息`, en: `${name.en} refused the message` };
    const reason: Text = {
      zh: `${what.zh}（错误码 ${reply.code}${words && `：${words}`}）`,
      en: `${what.en} (error ${reply.code}${words && `: ${words}`})`,
    };
    throw new NotifierError(channel, known?.retryable ?? false, reason, { status: answer.status, code: reply.code });
  }
  if (answer.status < 200 || answer.status >= 300) throw httpStatusError(channel, answer, now);
  if (!reply) {
    // A 2xx that is not the vendor's JSON comes from something in between (a proxy, a captive portal).
    throw new NotifierError(
      channel,
      true,
      { zh: `${name.zh}的应答无法识别`, en: `${name.en} gave an answer that is not its usual one` },
      { status: answer.status },
    );
  }
  return httpReceipt(channel, message, now, answer.status);
}

/** Reads a numeric field of a robot's answer. */
export function numberField(json: Record<string, unknown>, name: string): number | null {
  const value = json[name];
  return typeof value === 'number' ? value : null;
}

/** Reads a text field of a robot's answer, '' when it is missing. */
export function textField(json: Record<string, unknown>, name: string): string {
  const value = json[name];
  return typeof value === 'string' ? value : '';
}

/** Reads DingTalk's and WeCom's `{ errcode, errmsg }` answer. */
export function errcodeReply(json: Record<string, unknown>): RobotReply | null {
  const code = numberField(json, 'errcode');
  return code === null ? null : { code, message: textField(json, 'errmsg') };
}
