import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDingTalkNotifier } from '../../../src/jobs/notifiers/dingtalk.js';
import { createFeishuNotifier } from '../../../src/jobs/notifiers/feishu.js';
import type { OutgoingMessage } from '../../../src/jobs/notifiers/index.js';
import { createWeComNotifier } from '../../../src/jobs/notifiers/wecom.js';
import { notifierFailure, type Receiver, startReceiver } from './http-receiver.js';
import { EN_MESSAGE, INLINE_LINK_MESSAGE, NOW, ZH_MESSAGE } from './messages.js';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.requests.length = 0;
});

const ZH_MARKDOWN =
  '### 今日进展提醒\n\n**张伟**，你好：今天还有 2 个商机没有更新进展。\n\n- 华东电网 · 储能项目\n- 上海申通 · 运维平台\n\n- [打开台账](https://taizhang.example.com/deals?owner=me&light=red)';
const EN_MARKDOWN =
  '### Stalled deals: 2 need a follow-up\n\nHi **Wei**, 2 deals have stalled:\n\n- Acme Ltd — 9 days\n- 华东电网 — 8 days\n\n' +
  '- [Open \\[stalled\\] deals](https://taizhang.example.com/deals?light=red)\n- [Settings](https://taizhang.example.com/settings)';

/** A message whose Markdown and text are far over every robot's size limit. */
const LONG_MESSAGE: OutgoingMessage = { ...ZH_MESSAGE, markdown: '进展'.repeat(20_000), text: '进展'.repeat(20_000) };

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function expectJsonPost(index = 0) {
  const request = receiver.requests[index];
  expect(request.method).toBe('POST');
  expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(request.headers['user-agent']).toMatch(/^Taizhang-Notifier\//);
  return {
    request,
    body: JSON.parse(request.body) as Record<string, unknown>,
    query: new URL(request.url, 'http://x').searchParams,
  };
}

describe('DingTalk custom robot', () => {
  const dingtalk = createDingTalkNotifier();
  const webhookUrl = () => receiver.url('/robot/send?access_token=0123456789abcdef');

  it('posts a Markdown message with the title as heading and the links at the end', async () => {
    receiver.reply = () => ({ body: { errcode: 0, errmsg: 'ok' } });
    const receipt = await dingtalk.send({ kind: 'dingtalk', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW);
    const { request, body, query } = expectJsonPost();
    expect(body).toEqual({ msgtype: 'markdown', markdown: { title: '今日进展提醒', text: ZH_MARKDOWN } });
    expect(request.url).toBe('/robot/send?access_token=0123456789abcdef');
    expect(query.has('sign')).toBe(false);
    expect(receipt).toEqual({
      channel: 'dingtalk',
      key: ZH_MESSAGE.key,
      sentAt: NOW,
      status: 200,
      remoteId: null,
      rejectedRecipients: [],
    });
  });

  it('signs with timestamp (ms) and the URL-encoded base64 HMAC of "timestamp\\nsecret" when a secret is set', async () => {
    receiver.reply = () => ({ body: { errcode: 0, errmsg: 'ok' } });
    const secret = 'SEC0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    await dingtalk.send({ kind: 'dingtalk', webhookUrl: webhookUrl(), secret }, EN_MESSAGE, NOW);
    const { request, body, query } = expectJsonPost();
    const timestamp = String(NOW.getTime());
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
      .update(Buffer.from(`${timestamp}\n${secret}`, 'utf8'))
      .digest('base64');
    expect(query.get('access_token')).toBe('0123456789abcdef');
    expect(query.get('timestamp')).toBe('1772416800123');
    expect(query.get('sign')).toBe(expected);
    // On the wire the base64's + / = are percent-encoded, as DingTalk's urlEncode expects.
    expect(request.url).toContain(`&timestamp=${timestamp}&sign=${encodeURIComponent(expected)}`);
    expect(body).toEqual({ msgtype: 'markdown', markdown: { title: EN_MESSAGE.title, text: EN_MARKDOWN } });
  });

  it('treats errcode ≠ 0 as a failure: rate limits and "busy" retry, settings mismatches do not', async () => {
    receiver.reply = () => ({ body: { errcode: 310000, errmsg: 'keywords not in content' } });
    const mismatch = await notifierFailure(
      dingtalk.send({ kind: 'dingtalk', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW),
      false,
    );
    expect(mismatch).toMatchObject({ channel: 'dingtalk', status: 200, code: 310000 });
    expect(mismatch.reason.zh).toContain('钉钉');
    expect(mismatch.reason.zh).toContain('keywords not in content');
    expect(mismatch.reason.en).toMatch(/^DingTalk: .*security settings.*\(error 310000: keywords not in content\)$/);

    for (const errcode of [130101, 660026, -1]) {
      receiver.reply = () => ({ body: { errcode, errmsg: 'send too fast' } });
      const error = await notifierFailure(
        dingtalk.send({ kind: 'dingtalk', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW),
        true,
      );
      expect(error.code).toBe(errcode);
    }

    receiver.reply = () => ({ body: { errcode: 400013, errmsg: '群已被解散' } });
    const unknown = await notifierFailure(
      dingtalk.send({ kind: 'dingtalk', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW),
      false,
    );
    expect(unknown.reason).toEqual({
      zh: '钉钉拒绝了消息（错误码 400013：群已被解散）',
      en: 'DingTalk refused the message (error 400013: 群已被解散)',
    });
  });

  it('retries on HTTP 5xx and 429, passing on Retry-After', async () => {
    receiver.reply = () => ({ status: 500, body: 'Internal Server Error' });
    expect(
      await notifierFailure(dingtalk.send({ kind: 'dingtalk', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW), true),
    ).toMatchObject({ status: 500, retryAfterMs: null });
    receiver.reply = () => ({
      status: 429,
      headers: { 'retry-after': '120' },
      body: { errcode: 130101, errmsg: 'send too fast' },
    });
    expect(
      await notifierFailure(dingtalk.send({ kind: 'dingtalk', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW), true),
    ).toMatchObject({ status: 429, retryAfterMs: 120_000 });
  });

  it('lists only the links the body does not already hold', async () => {
    receiver.reply = () => ({ body: { errcode: 0, errmsg: 'ok' } });
    await dingtalk.send({ kind: 'dingtalk', webhookUrl: webhookUrl() }, INLINE_LINK_MESSAGE, NOW);
    expect((expectJsonPost().body.markdown as { text: string }).text).toBe(
      '### 任务到期：回访华东电网\n\n任务今天到期：\n\n- [华东电网 · 储能项目](https://taizhang.example.com/deals/d1)\n\n- [打开台账](https://taizhang.example.com/tasks)',
    );
  });

  it('cuts an over-long body to fit and keeps the heading and links', async () => {
    receiver.reply = () => ({ body: { errcode: 0, errmsg: 'ok' } });
    await dingtalk.send({ kind: 'dingtalk', webhookUrl: webhookUrl() }, LONG_MESSAGE, NOW);
    const text = (expectJsonPost().body.markdown as { text: string }).text;
    expect(bytes(text)).toBeLessThanOrEqual(18_000);
    expect(bytes(text)).toBeGreaterThan(17_900);
    expect(text.startsWith('### 今日进展提醒\n\n进展进展')).toBe(true);
    expect(text.endsWith('…\n\n- [打开台账](https://taizhang.example.com/deals?owner=me&light=red)')).toBe(true);
  });
});

describe('WeCom group robot', () => {
  const wecom = createWeComNotifier();
  const webhookUrl = () => receiver.url('/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa');

  it('posts markdown.content with the title, body and links, keeping the key in the URL', async () => {
    receiver.reply = () => ({ body: { errcode: 0, errmsg: 'ok' } });
    const receipt = await wecom.send({ kind: 'wecom', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW);
    const { request, body } = expectJsonPost();
    expect(request.url).toBe('/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa');
    expect(body).toEqual({ msgtype: 'markdown', markdown: { content: ZH_MARKDOWN } });
    expect(receipt.status).toBe(200);

    await wecom.send({ kind: 'wecom', webhookUrl: webhookUrl() }, EN_MESSAGE, NOW);
    expect(expectJsonPost(1).body).toEqual({ msgtype: 'markdown', markdown: { content: EN_MARKDOWN } });
  });

  it("keeps content within WeCom's 4096 bytes", async () => {
    receiver.reply = () => ({ body: { errcode: 0, errmsg: 'ok' } });
    await wecom.send({ kind: 'wecom', webhookUrl: webhookUrl() }, LONG_MESSAGE, NOW);
    const content = (expectJsonPost().body.markdown as { content: string }).content;
    expect(bytes(content)).toBeLessThanOrEqual(4096);
    expect(content.endsWith('…\n\n- [打开台账](https://taizhang.example.com/deals?owner=me&light=red)')).toBe(true);
  });

  it('retries on the rate limit (45009), not on a wrong key (93000) or a 4xx page', async () => {
    receiver.reply = () => ({ body: { errcode: 45009, errmsg: 'api freq out of limit' } });
    expect(
      (await notifierFailure(wecom.send({ kind: 'wecom', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW), true)).code,
    ).toBe(45009);
    receiver.reply = () => ({ body: { errcode: 93000, errmsg: 'invalid webhook url' } });
    const wrongKey = await notifierFailure(
      wecom.send({ kind: 'wecom', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW),
      false,
    );
    expect(wrongKey.reason.zh).toBe('企业微信：Webhook 地址中的 key 无效（错误码 93000：invalid webhook url）');
    receiver.reply = () => ({ status: 400, body: 'Bad Request' });
    expect(
      (await notifierFailure(wecom.send({ kind: 'wecom', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW), false)).status,
    ).toBe(400);
  });
});

describe('Feishu custom bot', () => {
  const feishu = createFeishuNotifier();
  const webhookUrl = () => receiver.url('/open-apis/bot/v2/hook/2f6c1a7e-5b8d-4c3e-9f0a-1b2c3d4e5f60');

  it("posts a rich-text post in the message's language, one paragraph per line, then the links", async () => {
    receiver.reply = () => ({ body: { code: 0, data: {}, msg: 'success' } });
    await feishu.send({ kind: 'feishu', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW);
    const { request, body } = expectJsonPost();
    expect(request.url).toBe('/open-apis/bot/v2/hook/2f6c1a7e-5b8d-4c3e-9f0a-1b2c3d4e5f60');
    expect(body).toEqual({
      msg_type: 'post',
      content: {
        post: {
          zh_cn: {
            title: '今日进展提醒',
            content: [
              [{ tag: 'text', text: '张伟，你好：' }],
              [{ tag: 'text', text: '今天还有 2 个商机没有更新进展。' }],
              [{ tag: 'text', text: '' }],
              [{ tag: 'text', text: '请在 18:00 前填写。' }],
              [{ tag: 'text', text: '' }],
              [{ tag: 'a', text: '打开台账', href: 'https://taizhang.example.com/deals?owner=me&light=red' }],
            ],
          },
        },
      },
    });
  });

  it('signs with timestamp (s) and base64 HMAC keyed by "timestamp\\nsecret" over nothing', async () => {
    receiver.reply = () => ({ body: { code: 0, data: {}, msg: 'success' } });
    const secret = 'qY7x2bN9mK3pL5vR8tW1zA';
    await feishu.send({ kind: 'feishu', webhookUrl: webhookUrl(), secret }, EN_MESSAGE, NOW);
    const { body } = expectJsonPost();
    const timestamp = '1772416800';
    expect(body.timestamp).toBe(timestamp);
    expect(body.sign).toBe(
      createHmac('sha256', Buffer.from(`${timestamp}\n${secret}`, 'utf8'))
        .update(Buffer.alloc(0))
        .digest('base64'),
    );
    const post = (body.content as { post: Record<string, { title: string; content: unknown[][] }> }).post;
    expect(Object.keys(post)).toEqual(['en_us']);
    expect(post.en_us.title).toBe(EN_MESSAGE.title);
    expect(post.en_us.content[1]).toEqual([
      { tag: 'text', text: '<script>alert("x")</script> & "Acme" Ltd\'s deal has had no activity for 9 days 🚦.' },
    ]);
    expect(post.en_us.content.slice(-2)).toEqual([
      [{ tag: 'a', text: 'Open [stalled] deals', href: 'https://taizhang.example.com/deals?light=red' }],
      [{ tag: 'a', text: 'Settings', href: 'https://taizhang.example.com/settings' }],
    ]);
  });

  it('reads both answer formats and fails on code ≠ 0', async () => {
    receiver.reply = () => ({ body: { Extra: null, StatusCode: 0, StatusMessage: 'success' } });
    expect((await feishu.send({ kind: 'feishu', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW)).status).toBe(200);

    receiver.reply = () => ({
      body: { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' },
    });
    const signature = await notifierFailure(
      feishu.send({ kind: 'feishu', webhookUrl: webhookUrl(), secret: 'wrong' }, ZH_MESSAGE, NOW),
      false,
    );
    expect(signature).toMatchObject({ channel: 'feishu', code: 19021 });
    expect(signature.reason.en).toContain('check the secret');

    receiver.reply = () => ({ status: 400, body: { code: 9499, msg: 'Bad Request' } });
    expect(
      await notifierFailure(feishu.send({ kind: 'feishu', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW), false),
    ).toMatchObject({ status: 400, code: 9499 });

    receiver.reply = () => ({ body: { code: 11232, msg: 'frequency limited psm' } });
    await notifierFailure(feishu.send({ kind: 'feishu', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW), true);
  });

  it("retries when a 200 is not Feishu's JSON (something in between answered)", async () => {
    receiver.reply = () => ({ body: '<html>portal</html>' });
    const error = await notifierFailure(
      feishu.send({ kind: 'feishu', webhookUrl: webhookUrl() }, ZH_MESSAGE, NOW),
      true,
    );
    expect(error.reason.zh).toBe('飞书的应答无法识别');
  });

  it('adds as anchors only the links the text does not already hold', async () => {
    receiver.reply = () => ({ body: { code: 0, msg: 'success' } });
    await feishu.send({ kind: 'feishu', webhookUrl: webhookUrl() }, INLINE_LINK_MESSAGE, NOW);
    const post = (expectJsonPost().body.content as { post: { zh_cn: { content: unknown[][] } } }).post;
    expect(post.zh_cn.content).toEqual([
      [{ tag: 'text', text: '任务今天到期：' }],
      [{ tag: 'text', text: '- 华东电网 · 储能项目 https://taizhang.example.com/deals/d1。请及时处理。' }],
      [{ tag: 'text', text: '' }],
      [{ tag: 'a', text: '打开台账', href: 'https://taizhang.example.com/tasks' }],
    ]);
  });

  it("keeps the request within Feishu's 20 KB", async () => {
    receiver.reply = () => ({ body: { code: 0, msg: 'success' } });
    await feishu.send({ kind: 'feishu', webhookUrl: webhookUrl() }, LONG_MESSAGE, NOW);
    expect(bytes(receiver.requests[0].body)).toBeLessThan(20_000);
  });
});
