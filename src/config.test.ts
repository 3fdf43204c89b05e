import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/** The ConfigError loadConfig throws for `env`, or a failure when it throws nothing. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      demo: false,
      timezone: 'Asia/Shanghai',
      secureCookies: false,
      trustProxy: false,
      logLevel: 'info',
      dataDir: path.resolve('./data'),
      databaseUrl: `sqlite://${path.join(path.resolve('./data'), 'taizhang.db')}`,
    });
    expect(config.adminEmail).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/tmp/tz',
      DATABASE_URL: 'postgres://u@db:5432/tz',
      TAIZHANG_TIMEZONE: 'Europe/Berlin',
      TAIZHANG_ADMIN_EMAIL: 'boss@example.com',
      TAIZHANG_ADMIN_PASSWORD: 'long enough',
      TAIZHANG_DEMO: 'yes',
      TAIZHANG_SECURE_COOKIES: '1',
      TAIZHANG_TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
      TAIZHANG_PUBLIC_URL: 'https://crm.example.com/',
      TAIZHANG_SMTP_URL: 'smtp://crm:pw@mail.example.com:587',
      TAIZHANG_SMTP_FROM: 'Taizhang <crm@example.com>',
      TAIZHANG_SCHEDULER: '0',
      TAIZHANG_WORKERS: '3',
    });
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/tmp/tz',
      databaseUrl: 'postgres://u@db:5432/tz',
      timezone: 'Europe/Berlin',
      demo: true,
      adminEmail: 'boss@example.com',
      adminPassword: 'long enough',
      secureCookies: true,
      trustProxy: true,
      logLevel: 'warn',
      publicUrl: 'https://crm.example.com',
      smtp: { url: 'smtp://crm:pw@mail.example.com:587', from: 'Taizhang <crm@example.com>' },
      scheduler: false,
      workers: 3,
    });
    expect(loadConfig({ PORT: '8080' })).toMatchObject({
      publicUrl: 'http://localhost:8080',
      smtp: null,
      scheduler: true,
      workers: 1,
    });
    expect(loadConfig({ TAIZHANG_WORKERS: 'auto' }).workers).toBe(os.availableParallelism());
    expect(loadConfig({ DATABASE_URL: 'sqlite:./x.db' }).databaseUrl).toBe('sqlite:./x.db');
    expect(loadConfig({ DATABASE_URL: 'postgresql://h/db' }).databaseUrl).toBe('postgresql://h/db');
    expect(loadConfig({}, { demo: true }).demo).toBe(true);
    expect(loadConfig({ TAIZHANG_DEMO: 'off' }, { demo: true }).demo).toBe(false);
  });

  it('treats empty variables as unset', () => {
    expect(
      loadConfig({ PORT: '', HOST: '', DATABASE_URL: '', TAIZHANG_TIMEZONE: '', TAIZHANG_DEMO: '', LOG_LEVEL: '' }),
    ).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      timezone: 'Asia/Shanghai',
      demo: false,
      logLevel: 'info',
    });
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['PORT', { PORT: '80.5' }],
    ['PORT', { PORT: ' 80' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/tz' }],
    ['TAIZHANG_WORKERS', { TAIZHANG_WORKERS: '0' }],
    ['TAIZHANG_WORKERS', { TAIZHANG_WORKERS: 'two' }],
    ['TAIZHANG_WORKERS', { TAIZHANG_WORKERS: '100' }],
    ['DATABASE_URL', { DATABASE_URL: './data/taizhang.db' }],
    ['TAIZHANG_TIMEZONE', { TAIZHANG_TIMEZONE: 'Mars/Olympus_Mons' }],
    ['TAIZHANG_TIMEZONE', { TAIZHANG_TIMEZONE: 'Beijing' }],
    ['TAIZHANG_ADMIN_PASSWORD', { TAIZHANG_ADMIN_EMAIL: 'boss@example.com' }],
    ['TAIZHANG_ADMIN_EMAIL', { TAIZHANG_ADMIN_PASSWORD: 'long enough' }],
    ['TAIZHANG_ADMIN_EMAIL', { TAIZHANG_ADMIN_EMAIL: 'not an email', TAIZHANG_ADMIN_PASSWORD: 'long enough' }],
    ['TAIZHANG_ADMIN_PASSWORD', { TAIZHANG_ADMIN_EMAIL: 'boss@example.com', TAIZHANG_ADMIN_PASSWORD: 'short' }],
    ['TAIZHANG_PUBLIC_URL', { TAIZHANG_PUBLIC_URL: 'crm.example.com' }],
    ['TAIZHANG_SMTP_URL', { TAIZHANG_SMTP_URL: 'mail.example.com:25', TAIZHANG_SMTP_FROM: 'crm@example.com' }],
    ['TAIZHANG_SMTP_FROM', { TAIZHANG_SMTP_URL: 'smtp://mail.example.com:25' }],
    ['TAIZHANG_SMTP_URL', { TAIZHANG_SMTP_FROM: 'crm@example.com' }],
    ['TAIZHANG_SCHEDULER', { TAIZHANG_SCHEDULER: 'maybe' }],
    ['TAIZHANG_DEMO', { TAIZHANG_DEMO: 'maybe' }],
    ['TAIZHANG_SECURE_COOKIES', { TAIZHANG_SECURE_COOKIES: 'sure' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'INFO' }],
  ] as const)('%s is named when invalid: %j', (variable, env) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
  });

  it('quotes the offending value so the operator sees the typo', () => {
    expect(configError({ PORT: 'eighty' }).message).toContain('"eighty"');
    expect(configError({ TAIZHANG_TIMEZONE: 'Beijing' }).message).toContain('"Beijing"');
  });
});
