import { CHANNEL_NAMES, type ChannelKind, NotifierError, USER_AGENT } from './notifier.js';

export interface PostRequest {
  channel: ChannelKind;
  url: string;
  /** The exact JSON text to send (signatures are computed over it). */
  body: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** The clock of the send, for a Retry-After given as a date. */
  now: Date;
}

export interface PostAnswer {
  status: number;
  headers: Headers;
  /** The start of the answer's body; robots answer with a few bytes of JSON. */
  body: string;
}

/** Enough for any vendor's JSON answer; a receiver that sends more is not read further. */
const MAX_ANSWER_BYTES = 64 * 1024;
const MAX_REDIRECTS = 3;

/** POSTs JSON within a time limit, following only same-origin 307/308 redirects; network failures become NotifierError. */
export async function postJson(request: PostRequest): Promise<PostAnswer> {
  const name = CHANNEL_NAMES[request.channel];
  let url = parseUrl(request);
  // One limit for the whole exchange, redirects and reading the answer included.
  const signal = AbortSignal.timeout(request.timeoutMs);
  for (let hop = 0; ; hop += 1) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT, ...request.headers },
        body: request.body,
        redirect: 'manual',
        signal,
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.body?.cancel();
        // A redirect elsewhere would hand the body (and a signed request) to a host nobody configured;
        // 301/302/303 would turn the POST into a GET that delivers nothing.
        const target = new URL(location, url);
        const followable =
          (response.status === 307 || response.status === 308) && target.origin === url.origin && hop < MAX_REDIRECTS;
        if (!followable) {
          throw new NotifierError(
            request.channel,
            false,
            {
              zh: `${name.zh}的地址被重定向到别处（HTTP ${response.status}），请填写最终地址`,
              en: `${name.en} redirects the address elsewhere (HTTP ${response.status}); enter the final address`,
            },
            { status: response.status },
          );
        }
        url = target;
        continue;
      }
      return { status: response.status, headers: response.headers, body: await readLimited(response) };
    } catch (error) {
      throw asNotifierError(request, error);
    }
  }
}

function parseUrl(request: PostRequest): URL {
  try {
    return new URL(request.url);
  } catch {
    // The address holds the token, so it is not repeated in the reason.
    throw new NotifierError(request.channel, false, { zh: '地址格式不正确', en: 'the address is not a valid URL' });
  }
}

async function readLimited(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < MAX_ANSWER_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel();
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES));
}

function asNotifierError(request: PostRequest, error: unknown): NotifierError {
  if (error instanceof NotifierError) return error;
  const name = CHANNEL_NAMES[request.channel];
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    const seconds = Math.round(request.timeoutMs / 100) / 10;
    return new NotifierError(
      request.channel,
      true,
      {
        zh: `${name.zh}在 ${seconds} 秒内没有回应`,
        en: `${name.en} did not answer within ${seconds} s`,
      },
      { code: 'ETIMEDOUT' },
    );
  }
  // undici reports "fetch failed" with the system error as its cause; only the code is kept, since
  // messages of other causes may quote the URL and with it the token.
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : 'ENETWORK';
  return new NotifierError(
    request.channel,
    true,
    {
      zh: `无法连接${name.zh}（${code}）`,
      en: `could not reach ${name.en} (${code})`,
    },
    { code },
  );
}

/** Reads Retry-After (seconds or an HTTP date) as a wait in ms from `now`. */
export function retryAfterMs(headers: Headers, now: Date): number | null {
  const value = headers.get('retry-after')?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** The error for an HTTP status outside 2xx: 408, 429 and 5xx may pass later, other statuses will not. */
export function httpStatusError(channel: ChannelKind, answer: PostAnswer, now: Date): NotifierError {
  const name = CHANNEL_NAMES[channel];
  const { status } = answer;
  const details = { status, retryAfterMs: retryAfterMs(answer.headers, now) };
  if (status === 429) {
    return new NotifierError(
      channel,
      true,
      { zh: `${name.zh}限流，稍后重试（HTTP 429）`, en: `${name.en} is rate limiting; will retry (HTTP 429)` },
      details,
    );
  }
  if (status >= 500 || status === 408) {
    return new NotifierError(
      channel,
      true,
      { zh: `${name.zh}暂时出错（HTTP ${status}）`, en: `${name.en} had a temporary error (HTTP ${status})` },
      details,
    );
  }
  if (status === 401 || status === 403) {
    return new NotifierError(
      channel,
      false,
      {
        zh: `${name.zh}拒绝了请求（HTTP ${status}），请检查地址和密钥`,
        en: `${name.en} refused the request (HTTP ${status}); check the address and secret`,
      },
      details,
    );
  }
  if (status === 404 || status === 410) {
    return new NotifierError(
      channel,
      false,
      { zh: `${name.zh}找不到该地址（HTTP ${status}）`, en: `${name.en} does not know this address (HTTP ${status})` },
      details,
    );
  }
  return new NotifierError(
    channel,
    false,
    { zh: `${name.zh}不接受该请求（HTTP ${status}）`, en: `${name.en} rejected the request (HTTP ${status})` },
    details,
  );
}
