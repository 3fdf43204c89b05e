import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmailNotifier, messageIdFor, type SmtpServer } from '../../../src/jobs/notifiers/email.js';
import type { NotifierError } from '../../../src/jobs/notifiers/index.js';
import { notifierFailure } from './http-receiver.js';
import { EN_MESSAGE, INLINE_LINK_MESSAGE, NOW, ZH_MESSAGE } from './messages.js';
import { decodeWords, parseMime } from './mime.js';

interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

const USER = 'notify@taizhang.example.com';
// Characters that must be percent-encoded in the URL and arrive decoded.
const PASSWORD = 'p@ss:wörd/1';
const FROM = '台账 <notify@taizhang.example.com>';

let sink: SMTPServer;
let port = 0;
let received: ReceivedMail[] = [];
/** A reply code for RCPT TO by address, or for the message data under the key 'DATA'. */
let refusals: Record<string, number> = {};

function refusal(code: number, text: string): SMTPServerError {
  const error: SMTPServerError = new Error(text);
  error.responseCode = code;
  return error;
}

beforeAll(async () => {
  sink = new SMTPServer({
    // No TLS on the loopback sink: plain text is what lets the test read the session.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(refusal(535, 'Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      const code = refusals[address.address];
      callback(code ? refusal(code, code >= 500 ? 'Mailbox unavailable' : 'Mailbox busy, try later') : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusals.DATA) return callback(refusal(refusals.DATA, 'Message content rejected'));
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', () => resolve()));
  port = (sink.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => sink.close(() => resolve())));
beforeEach(() => {
  received = [];
  refusals = {};
});

const smtp = (): SmtpServer => ({
  url: `smtp://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`,
  from: FROM,
});
const notifier = () => createEmailNotifier(smtp(), { timeoutMs: 5000 });

/** A failed send, checked to repeat the password nowhere. */
async function failure(send: Promise<unknown>, retryable: boolean): Promise<NotifierError> {
  const error = await notifierFailure(send, retryable);
  const everything = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
  expect(everything).not.toContain(PASSWORD);
  expect(everything).not.toContain(encodeURIComponent(PASSWORD));
  return error;
}

describe('e-mail over SMTP', () => {
  it('delivers a Chinese message as UTF-8 text and HTML, signed in, with a Message-ID from the key', async () => {
    const receipt = await notifier().send({ kind: 'email', to: ['li.na@example.com'] }, ZH_MESSAGE, NOW);
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail).toMatchObject({ from: 'notify@taizhang.example.com', to: ['li.na@example.com'], user: USER });

    const message = parseMime(mail.raw);
    expect(decodeWords(message.headers.get('subject')!)).toBe('今日进展提醒');
    expect(decodeWords(message.headers.get('from')!)).toBe('台账 <notify@taizhang.example.com>');
    expect(message.headers.get('to')).toBe('li.na@example.com');
    expect(message.headers.get('message-id')).toBe(messageIdFor(ZH_MESSAGE.key, FROM));
    expect(message.headers.get('message-id')).toMatch(/^<[0-9a-f]{32}\.taizhang@taizhang\.example\.com>$/);
    expect(message.headers.get('date')).toBe('Mon, 02 Mar 2026 02:00:00 +0000');
    expect(message.headers.get('content-language')).toBe('zh-CN');
    expect(message.headers.get('auto-submitted')).toBe('auto-generated');
    expect(message.headers.get('x-taizhang-kind')).toBe('daily_update_reminder');
    expect(message.headers.get('content-type')).toMatch(/^multipart\/alternative/);

    const [text, html] = message.parts;
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(text.body).toBe(
      '张伟，你好：\r\n今天还有 2 个商机没有更新进展。\r\n\r\n请在 18:00 前填写。\r\n\r\n打开台账: https://taizhang.example.com/deals?owner=me&light=red',
    );
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('<html lang="zh-CN">');
    expect(html.body).toContain('<meta charset="utf-8">');
    expect(html.body).toContain('<title>今日进展提醒</title>');
    expect(html.body).toContain(
      '<p>张伟，你好：<br>\r\n今天还有 2 个商机没有更新进展。</p>\r\n<p>请在 18:00 前填写。</p>',
    );
    expect(html.body).toContain(
      '<li><a href="https://taizhang.example.com/deals?owner=me&amp;light=red">打开台账</a></li>',
    );

    expect(receipt).toEqual({
      channel: 'email',
      key: ZH_MESSAGE.key,
      sentAt: NOW,
      status: 250,
      remoteId: messageIdFor(ZH_MESSAGE.key, FROM),
      rejectedRecipients: [],
    });
  });

  it('delivers an English message intact, with markup escaped in the HTML', async () => {
    await notifier().send({ kind: 'email', to: ['wei@example.com', 'ops@example.com'] }, EN_MESSAGE, NOW);
    const [mail] = received;
    expect(mail.to).toEqual(['wei@example.com', 'ops@example.com']);
    const message = parseMime(mail.raw);
    expect(decodeWords(message.headers.get('subject')!)).toBe('Stalled deals: 2 need a follow-up');
    expect(message.headers.get('content-language')).toBe('en');
    const [text, html] = message.parts;
    expect(text.body).toBe(
      'Hi Wei,\r\n<script>alert("x")</script> & "Acme" Ltd\'s deal has had no activity for 9 days 🚦.\r\n\r\nPlease follow up today.\r\n\r\n' +
        'Open [stalled] deals: https://taizhang.example.com/deals?light=red\r\nSettings: https://taizhang.example.com/settings',
    );
    expect(html.body).not.toContain('<script>');
    expect(html.body).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Acme&quot; Ltd&#39;s deal has had no activity for 9 days 🚦.',
    );
    expect(html.body).toContain('<li><a href="https://taizhang.example.com/settings">Settings</a></li>');
  });

  it('makes addresses in the text clickable and lists only the links the text does not hold', async () => {
    await notifier().send({ kind: 'email', to: ['li.na@example.com'] }, INLINE_LINK_MESSAGE, NOW);
    const [text, html] = parseMime(received[0].raw).parts;
    expect(text.body).toBe(
      '任务今天到期：\r\n- 华东电网 · 储能项目 https://taizhang.example.com/deals/d1。请及时处理。\r\n\r\n打开台账: https://taizhang.example.com/tasks',
    );
    expect(html.body).toContain(
      '<p>任务今天到期：<br>\r\n- 华东电网 · 储能项目 <a href="https://taizhang.example.com/deals/d1">https://taizhang.example.com/deals/d1</a>。请及时处理。</p>',
    );
    expect(html.body).toContain('<ul>\r\n<li><a href="https://taizhang.example.com/tasks">打开台账</a></li>\r\n</ul>');
  });

  it('gives a repeated notification the same Message-ID, and another notification another', async () => {
    await notifier().send({ kind: 'email', to: ['li.na@example.com'] }, ZH_MESSAGE, NOW);
    await notifier().send({ kind: 'email', to: ['li.na@example.com'] }, ZH_MESSAGE, new Date(NOW.getTime() + 60_000));
    await notifier().send(
      { kind: 'email', to: ['li.na@example.com'] },
      { ...ZH_MESSAGE, key: 'daily_update_reminder:user-7:2026-03-03' },
      NOW,
    );
    const ids = received.map((mail) => parseMime(mail.raw).headers.get('message-id'));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('reports recipients refused next to accepted ones, and fails when all are refused', async () => {
    refusals = { 'gone@example.com': 550 };
    const receipt = await notifier().send(
      { kind: 'email', to: ['li.na@example.com', 'gone@example.com'] },
      ZH_MESSAGE,
      NOW,
    );
    expect(receipt.rejectedRecipients).toEqual(['gone@example.com']);
    expect(received[0].to).toEqual(['li.na@example.com']);

    const permanent = await failure(
      notifier().send({ kind: 'email', to: ['gone@example.com'] }, ZH_MESSAGE, NOW),
      false,
    );
    expect(permanent.status).toBe(550);
    expect(permanent.reason.en).toContain('550');

    refusals = { 'busy@example.com': 451 };
    expect(
      (await failure(notifier().send({ kind: 'email', to: ['busy@example.com'] }, ZH_MESSAGE, NOW), true)).status,
    ).toBe(451);
  });

  it('fails for good when the server refuses the message or the sign-in', async () => {
    refusals = { DATA: 552 };
    expect(
      (await failure(notifier().send({ kind: 'email', to: ['li.na@example.com'] }, ZH_MESSAGE, NOW), false)).status,
    ).toBe(552);

    refusals = {};
    const wrongPassword = createEmailNotifier(
      { url: `smtp://${encodeURIComponent(USER)}:nope@127.0.0.1:${port}`, from: FROM },
      { timeoutMs: 5000 },
    );
    const error = await failure(
      wrongPassword.send({ kind: 'email', to: ['li.na@example.com'] }, ZH_MESSAGE, NOW),
      false,
    );
    expect(error).toMatchObject({ status: 535, code: 'EAUTH' });
    expect(error.reason.zh).toContain('TAIZHANG_SMTP_URL');
    expect(received).toHaveLength(0);
  });

  it('retries when the server cannot be reached or does not answer in time', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = createEmailNotifier(
      { ...smtp(), url: `smtp://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${closedPort}` },
      { timeoutMs: 2000 },
    );
    await failure(unreachable.send({ kind: 'email', to: ['li.na@example.com'] }, ZH_MESSAGE, NOW), true);

    // Accepts the connection and never says hello.
    const sockets = new Set<Socket>();
    const silent: Server = createTcpServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `smtp://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const started = Date.now();
      const error = await failure(
        createEmailNotifier({ url, from: FROM }, { timeoutMs: 300 }).send(
          { kind: 'email', to: ['li.na@example.com'] },
          ZH_MESSAGE,
          NOW,
        ),
        true,
      );
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error.reason.en).toBe('The mail server did not finish within 0.3 s');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('fails for good without repeating the password when the mail account is missing or not an SMTP URL', async () => {
    const missing = await failure(
      createEmailNotifier(null).send({ kind: 'email', to: ['li.na@example.com'] }, ZH_MESSAGE, NOW),
      false,
    );
    expect(missing.reason.en).toContain('TAIZHANG_SMTP_FROM');
    const wrongScheme = createEmailNotifier({
      url: `https://${USER}:${encodeURIComponent(PASSWORD)}@mail.example.com`,
      from: FROM,
    });
    expect(
      (await failure(wrongScheme.send({ kind: 'email', to: ['li.na@example.com'] }, ZH_MESSAGE, NOW), false)).reason.zh,
    ).toBe('TAIZHANG_SMTP_URL 应为 smtp:// 或 smtps:// 地址');
  });
});
