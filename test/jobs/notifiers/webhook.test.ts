import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNotifiers, sendNotification } from '../../../src/jobs/notifiers/index.js';
import { createWebhookNotifier } from '../../../src/jobs/notifiers/webhook.js';
import { notifierFailure, type Receiver, startReceiver } from './http-receiver.js';
import { EN_MESSAGE, NOW, ZH_MESSAGE } from './messages.js';

let receiver: Receiver;
let elsewhere: Receiver;
beforeAll(async () => {
  [receiver, elsewhere] = await Promise.all([startReceiver(), startReceiver()]);
});
afterAll(() => Promise.all([receiver.close(), elsewhere.close()]));
beforeEach(() => {
  receiver.requests.length = 0;
  elsewhere.requests.length = 0;
  receiver.reply = () => ({ status: 204, body: '' });
});

const SECRET = 'whsec_4kT9pQ2xV7mN3bR8';
const webhook = createWebhookNotifier({ timeoutMs: 300 });

/** What a receiver written from the documentation alone would do to check a delivery. */
function verifies(rawBody: string, timestamp: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

describe('generic webhook', () => {
  it('posts the message as JSON with a timestamp and a signature a receiver can check over the raw body', async () => {
    const receipt = await webhook.send(
      { kind: 'webhook', url: receiver.url('/hooks/taizhang?tenant=acme'), secret: SECRET },
      ZH_MESSAGE,
      NOW,
    );
    const [request] = receiver.requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hooks/taizhang?tenant=acme');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['user-agent']).toMatch(/^Taizhang-Notifier\//);
    expect(JSON.parse(request.body)).toEqual({
      id: 'daily_update_reminder:user-7:2026-03-02',
      kind: 'daily_update_reminder',
      lang: 'zh-CN',
      title: '今日进展提醒',
      text: '张伟，你好：\n今天还有 2 个商机没有更新进展。\n\n请在 18:00 前填写。',
      markdown: ZH_MESSAGE.markdown,
      links: [{ label: '打开台账', url: 'https://taizhang.example.com/deals?owner=me&light=red' }],
      sentAt: '2026-03-02T02:00:00.123Z',
    });
    const timestamp = request.headers['x-taizhang-timestamp'] as string;
    expect(timestamp).toBe('1772416800');
    const signature = request.headers['x-taizhang-signature'] as string;
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifies(request.body, timestamp, signature, SECRET)).toBe(true);
    expect(verifies(request.body, timestamp, signature, 'another-secret-0000')).toBe(false);
    expect(verifies(request.body.replace('18:00', '19:00'), timestamp, signature, SECRET)).toBe(false);
    expect(receipt).toEqual({
      channel: 'webhook',
      key: ZH_MESSAGE.key,
      sentAt: NOW,
      status: 204,
      remoteId: null,
      rejectedRecipients: [],
    });
  });

  it('carries English text, emoji and markup unchanged, and sends no signature without a secret', async () => {
    await webhook.send({ kind: 'webhook', url: receiver.url('/in') }, EN_MESSAGE, NOW);
    const [request] = receiver.requests;
    const body = JSON.parse(request.body);
    expect(body).toMatchObject({
      id: EN_MESSAGE.key,
      lang: 'en',
      title: EN_MESSAGE.title,
      text: EN_MESSAGE.text,
      links: EN_MESSAGE.links,
    });
    expect(body.text).toContain('<script>alert("x")</script> & "Acme" Ltd\'s deal has had no activity for 9 days 🚦.');
    expect(request.headers['x-taizhang-timestamp']).toBe('1772416800');
    expect(request.headers['x-taizhang-signature']).toBeUndefined();
  });

  it('takes 5xx, 429 and 408 as retryable and other 4xx as final', async () => {
    const send = () => webhook.send({ kind: 'webhook', url: receiver.url('/in'), secret: SECRET }, ZH_MESSAGE, NOW);
    for (const status of [500, 502, 503, 408]) {
      receiver.reply = () => ({ status, body: 'try later' });
      expect((await notifierFailure(send(), true)).status).toBe(status);
    }
    receiver.reply = () => ({
      status: 429,
      headers: { 'retry-after': new Date(NOW.getTime() + 90_000).toUTCString() },
      body: 'slow down',
    });
    // An HTTP date has whole seconds, so the wait is counted from the send's clock to that second.
    expect(await notifierFailure(send(), true)).toMatchObject({ status: 429, retryAfterMs: 89_877 });
    for (const status of [400, 401, 403, 404, 410, 422]) {
      receiver.reply = () => ({ status, body: 'no' });
      const error = await notifierFailure(send(), false);
      expect(error.status).toBe(status);
      expect(error.reason.zh).toContain(`HTTP ${status}`);
    }
  });

  it('gives up on a receiver that does not answer in time, as retryable, without waiting long', async () => {
    receiver.reply = () => ({ hang: true });
    const started = Date.now();
    const error = await notifierFailure(
      webhook.send({ kind: 'webhook', url: receiver.url('/slow') }, ZH_MESSAGE, NOW),
      true,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.code).toBe('ETIMEDOUT');
    expect(error.reason).toEqual({
      zh: 'Webhook 接收方在 0.3 秒内没有回应',
      en: 'The webhook receiver did not answer within 0.3 s',
    });
  });

  it('takes a refused connection as retryable and never repeats the address or the secret', async () => {
    const closed = await startReceiver();
    const url = closed.url('/hook?token=very-secret-token-123');
    await closed.close();
    const error = await notifierFailure(webhook.send({ kind: 'webhook', url, secret: SECRET }, ZH_MESSAGE, NOW), true);
    expect(error.code).toBe('ECONNREFUSED');
    const everything = `${error.message} ${JSON.stringify(error)} ${error.reason.zh} ${error.reason.en} ${String(error.stack)}`;
    expect(everything).not.toContain('very-secret-token-123');
    expect(everything).not.toContain(SECRET);
  });

  it('follows a 307 on the same host, but not a redirect to another host or one that would become a GET', async () => {
    receiver.reply = (request) =>
      request.url === '/old' ? { status: 307, headers: { location: '/new' } } : { status: 200, body: 'ok' };
    await webhook.send({ kind: 'webhook', url: receiver.url('/old'), secret: SECRET }, ZH_MESSAGE, NOW);
    expect(receiver.requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/old'],
      ['POST', '/new'],
    ]);
    expect(receiver.requests[1].body).toBe(receiver.requests[0].body);

    receiver.requests.length = 0;
    receiver.reply = () => ({ status: 308, headers: { location: elsewhere.url('/steal') } });
    const crossHost = await notifierFailure(
      webhook.send({ kind: 'webhook', url: receiver.url('/old'), secret: SECRET }, ZH_MESSAGE, NOW),
      false,
    );
    expect(crossHost.status).toBe(308);
    expect(elsewhere.requests).toHaveLength(0);

    receiver.reply = () => ({ status: 302, headers: { location: '/new' } });
    expect(
      (await notifierFailure(webhook.send({ kind: 'webhook', url: receiver.url('/old') }, ZH_MESSAGE, NOW), false))
        .status,
    ).toBe(302);

    receiver.reply = () => ({ status: 307, headers: { location: '/loop' } });
    await notifierFailure(webhook.send({ kind: 'webhook', url: receiver.url('/loop') }, ZH_MESSAGE, NOW), false);
  });
});

describe('notifier registry', () => {
  it('sends each channel through the notifier of its kind', async () => {
    receiver.reply = (request) => ({
      body: request.url.startsWith('/robot') ? { errcode: 0, errmsg: 'ok' } : { code: 0, msg: 'success' },
    });
    const notifiers = createNotifiers({ timeoutMs: 2000 });
    expect(Object.keys(notifiers).sort()).toEqual(['dingtalk', 'email', 'feishu', 'webhook', 'wecom']);
    const dingtalk = await sendNotification(
      notifiers,
      { kind: 'dingtalk', webhookUrl: receiver.url('/robot/send?access_token=abc') },
      ZH_MESSAGE,
      NOW,
    );
    const feishu = await sendNotification(
      notifiers,
      { kind: 'feishu', webhookUrl: receiver.url('/open-apis/bot/v2/hook/abc') },
      EN_MESSAGE,
      NOW,
    );
    expect([dingtalk.channel, feishu.channel]).toEqual(['dingtalk', 'feishu']);
    expect(JSON.parse(receiver.requests[0].body).msgtype).toBe('markdown');
    expect(JSON.parse(receiver.requests[1].body).msg_type).toBe('post');
  });

  it('fails e-mail channels for good, naming the variables, when the server has no mail account', async () => {
    const error = await notifierFailure(
      sendNotification(createNotifiers(), { kind: 'email', to: ['li.na@example.com'] }, ZH_MESSAGE, NOW),
      false,
    );
    expect(error.reason.en).toContain('TAIZHANG_SMTP_URL');
    expect(error.reason.zh).toContain('TAIZHANG_SMTP_URL');
  });
});
