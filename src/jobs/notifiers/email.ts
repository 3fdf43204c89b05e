import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { EmailChannel } from '../../contract/notification-channels.js';
import type { Text } from '../../domain/i18n.js';
import {
  CHANNEL_NAMES,
  DEFAULT_TIMEOUT_MS,
  type Notifier,
  NotifierError,
  type NotifierOptions,
  type OutgoingMessage,
} from './notifier.js';
import { htmlDocument, plainTextWithLinks } from './render-message.js';

/** The server's mail account, from TAIZHANG_SMTP_URL and TAIZHANG_SMTP_FROM. */
export interface SmtpServer {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465. */
  url: string;
  /** The sender, e.g. `台账 <noreply@example.com>`. */
  from: string;
}

const NAME = CHANNEL_NAMES.email;

/** The domain of the sender's address, which Message-IDs are made under. */
function senderDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address
    .slice(address.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
  return /^[a-z0-9.-]+$/.test(domain) && domain.includes('.') ? domain : 'taizhang.invalid';
}

/** A Message-ID that is the same whenever the same notification is sent, so a duplicate shows as one. */
export function messageIdFor(key: string, from: string): string {
  return `<${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32)}.taizhang@${senderDomain(from)}>`;
}

/** What nodemailer puts on the errors it reports; typed here since only these fields are read. */
interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
}

// Only the reply code and the server's one-line reason are kept: nodemailer's messages may name the host.
function smtpError(error: unknown, timeoutMs: number): NotifierError {
  const failure: SmtpFailure = error !== null && typeof error === 'object' ? (error as SmtpFailure) : {};
  const code = failure.code ?? null;
  const reply = failure.responseCode ?? null;
  const said = (failure.response ?? '')
    .replace(/[\r\n]+/g, ' ')
    .trim()
    .slice(0, 160);
  const details = { status: reply, code };
  const fail = (retryable: boolean, reason: Text) => new NotifierError('email', retryable, reason, details);
  if (code === 'EABORT' || code === 'ETIMEDOUT') {
    const seconds = Math.round(timeoutMs / 100) / 10;
    return fail(true, {
      zh: `${NAME.zh}在 ${seconds} 秒内没有完成发送`,
      en: `${NAME.en} did not finish within ${seconds} s`,
    });
  }
  if (reply !== null) {
    // RFC 5321: 4yz is "try again later"; 503 is a session out of step, which a new connection mends.
    const retryable = (reply >= 400 && reply < 500) || reply === 503;
    if (code === 'EAUTH' && !retryable) {
      return fail(false, {
        zh: `${NAME.zh}拒绝登录（${reply}），请检查 TAIZHANG_SMTP_URL 中的用户名和密码`,
        en: `${NAME.en} refused the sign-in (${reply}); check the user and password in TAIZHANG_SMTP_URL`,
      });
    }
    return retryable
      ? fail(true, {
          zh: `${NAME.zh}暂时不收（${said || reply}）`,
          en: `${NAME.en} deferred the message (${said || reply})`,
        })
      : fail(false, {
          zh: `${NAME.zh}拒收（${said || reply}）`,
          en: `${NAME.en} refused the message (${said || reply})`,
        });
  }
  if (code === 'ETLS')
    return fail(false, {
      zh: `与${NAME.zh}的 TLS 握手失败`,
      en: `the TLS handshake with ${NAME.en.toLowerCase()} failed`,
    });
  if (code === 'EENVELOPE') return fail(false, { zh: '没有可用的收件人地址', en: 'no usable recipient address' });
  return fail(true, {
    zh: `无法连接${NAME.zh}（${code ?? 'ENETWORK'}）`,
    en: `could not reach ${NAME.en.toLowerCase()} (${code ?? 'ENETWORK'})`,
  });
}

function checkedServer(smtp: SmtpServer | null): SmtpServer {
  if (!smtp) {
    throw new NotifierError('email', false, {
      zh: '本服务器未配置发信邮箱（TAIZHANG_SMTP_URL、TAIZHANG_SMTP_FROM）',
      en: 'this server has no mail account set up (TAIZHANG_SMTP_URL, TAIZHANG_SMTP_FROM)',
    });
  }
  let protocol = '';
  try {
    protocol = new URL(smtp.url).protocol;
  } catch {
    // The URL holds the password, so it is not repeated.
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    throw new NotifierError('email', false, {
      zh: 'TAIZHANG_SMTP_URL 应为 smtp:// 或 smtps:// 地址',
      en: 'TAIZHANG_SMTP_URL must be an smtp:// or smtps:// address',
    });
  }
  return smtp;
}

function mailOf(smtp: SmtpServer, config: EmailChannel, message: OutgoingMessage, now: Date) {
  return {
    from: smtp.from,
    to: config.to,
    subject: message.title,
    text: plainTextWithLinks(message),
    html: htmlDocument(message),
    messageId: messageIdFor(message.key, smtp.from),
    // The send's own clock, so that a repeated send is the same message byte for byte but for the transport.
    date: now,
    headers: {
      'Content-Language': message.lang,
      // RFC 3834: out-of-office robots do not answer automatic mail.
      'Auto-Submitted': 'auto-generated',
      'X-Taizhang-Kind': message.kind,
    },
  };
}

/** E-mail through the server's SMTP account to the channel's recipients, as text and HTML. */
export function createEmailNotifier(smtp: SmtpServer | null, options: NotifierOptions = {}): Notifier<'email'> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    kind: 'email',
    async send(config: EmailChannel, message, now) {
      const server = checkedServer(smtp);
      // One connection per message: reminders go out a few at a time, and nothing stays open between runs.
      const transport = nodemailer.createTransport({
        url: server.url,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
        dnsTimeout: timeoutMs,
        logger: false,
        debug: false,
        // Messages are built here from text: nothing may make nodemailer read a file or fetch a URL.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      try {
        const info = await transport.sendMail({
          ...mailOf(server, config, message, now),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const status = Number(/^\d{3}/.exec(info.response ?? '')?.[0] ?? 250);
        return {
          channel: 'email',
          key: message.key,
          sentAt: now,
          status,
          remoteId: info.messageId,
          rejectedRecipients: [...info.rejected],
        };
      } catch (error) {
        throw smtpError(error, timeoutMs);
      } finally {
        transport.close();
      }
    },
  };
}
