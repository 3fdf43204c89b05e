import os from 'node:os';
import path from 'node:path';

/** Everything the process reads from its environment, checked once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  demo: boolean;
  adminEmail?: string;
  adminPassword?: string;
  timezone: string;
  /** Set when the app is served behind https, so cookies get `Secure`. */
  secureCookies: boolean;
  /** Behind a reverse proxy: believe its X-Forwarded-For / -Proto headers. */
  trustProxy: boolean;
  logLevel: string;
  /** The address people open the app at, for links in reminders (no trailing slash). */
  publicUrl: string;
  /** The mail account e-mail channels send from (both set, or neither). */
  smtp: { url: string; from: string } | null;
  /** Run the scheduler (reminders, digests, deliveries) in this process. */
  scheduler: boolean;
  /** Server processes answering requests on the one port (1: this process alone). */
  workers: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function readFlag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `expected 1 or 0, got "${raw}"`);
}

/** TAIZHANG_WORKERS: a count of processes, or `auto` for one per core. */
function readWorkers(env: NodeJS.ProcessEnv): number {
  const raw = env.TAIZHANG_WORKERS;
  if (raw === undefined || raw === '') return 1;
  if (raw === 'auto') return os.availableParallelism();
  const workers = Number(raw);
  if (!/^\d+$/.test(raw) || workers < 1 || workers > 64)
    throw new ConfigError('TAIZHANG_WORKERS', `expected a number of processes 1–64 or "auto", got "${raw}"`);
  return workers;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

// pino throws on an unknown level at start-up without naming the variable, so it is checked here.
function readLogLevel(env: NodeJS.ProcessEnv): string {
  const level = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(level))
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  return level;
}

/** Reads and validates the configuration; throws ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: { demo?: boolean } = {}): Config {
  // An empty variable counts as unset, as for every other variable.
  const portRaw = env.PORT || '3000';
  const port = Number(portRaw);
  if (!/^\d+$/.test(portRaw) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `expected a port number 0–65535, got "${portRaw}"`);
  }
  const host = env.HOST || '127.0.0.1';
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL || `sqlite://${path.join(dataDir, 'taizhang.db')}`;
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', `expected postgres://… or sqlite:<file>, got "${databaseUrl}"`);
  }
  const timezone = env.TAIZHANG_TIMEZONE || 'Asia/Shanghai';
  if (!isValidTimeZone(timezone)) {
    throw new ConfigError(
      'TAIZHANG_TIMEZONE',
      `unknown time zone "${timezone}" (use an IANA name such as Asia/Shanghai)`,
    );
  }
  const adminEmail = env.TAIZHANG_ADMIN_EMAIL || undefined;
  const adminPassword = env.TAIZHANG_ADMIN_PASSWORD || undefined;
  if (adminEmail && !adminPassword) {
    throw new ConfigError('TAIZHANG_ADMIN_PASSWORD', 'required when TAIZHANG_ADMIN_EMAIL is set');
  }
  if (adminPassword && !adminEmail) {
    throw new ConfigError('TAIZHANG_ADMIN_EMAIL', 'required when TAIZHANG_ADMIN_PASSWORD is set');
  }
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('TAIZHANG_ADMIN_EMAIL', `not an e-mail address: "${adminEmail}"`);
  }
  if (adminPassword && adminPassword.length < 8) {
    throw new ConfigError('TAIZHANG_ADMIN_PASSWORD', 'must be at least 8 characters');
  }
  const publicUrl = (env.TAIZHANG_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(publicUrl)) {
    throw new ConfigError(
      'TAIZHANG_PUBLIC_URL',
      `expected the app's address such as https://crm.example.com, got "${publicUrl}"`,
    );
  }
  const smtpUrl = env.TAIZHANG_SMTP_URL || undefined;
  const smtpFrom = env.TAIZHANG_SMTP_FROM || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
    throw new ConfigError('TAIZHANG_SMTP_URL', 'expected smtp://user:password@host:port or smtps://…');
  if (smtpUrl && !smtpFrom)
    throw new ConfigError(
      'TAIZHANG_SMTP_FROM',
      'required when TAIZHANG_SMTP_URL is set (e.g. "Taizhang <crm@example.com>")',
    );
  if (smtpFrom && !smtpUrl) throw new ConfigError('TAIZHANG_SMTP_URL', 'required when TAIZHANG_SMTP_FROM is set');
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    demo: readFlag(env, 'TAIZHANG_DEMO', defaults.demo ?? false),
    adminEmail,
    adminPassword,
    timezone,
    secureCookies: readFlag(env, 'TAIZHANG_SECURE_COOKIES', false),
    trustProxy: readFlag(env, 'TAIZHANG_TRUST_PROXY', false),
    logLevel: readLogLevel(env),
    publicUrl,
    smtp: smtpUrl && smtpFrom ? { url: smtpUrl, from: smtpFrom } : null,
    scheduler: readFlag(env, 'TAIZHANG_SCHEDULER', true),
    workers: readWorkers(env),
  };
}
