import { describe, expect, it } from 'vitest';
import { Problem } from '../domain/problem.js';
import { NotificationChannelSchema, summariseChannel } from './notification-channels.js';
import { parseInput } from './validate.js';

const DINGTALK_URL = 'https://oapi.dingtalk.com/robot/send?access_token=4f1c2b7e9a0d3c5b8e6f1a2d4c7b9e0f3a5c8d1e';
const WECOM_URL = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7a3c-4bc4-97a0-0ec2b1fa5aaa';
const FEISHU_URL = 'https://open.feishu.cn/open-apis/bot/v2/hook/2f6c1a7e-5b8d-4c3e-9f0a-1b2c3d4e5f60';

/** The field errors a Settings form would show, by field. */
function errorsOf(input: unknown): Record<string, { zh: string; en: string }> {
  try {
    parseInput(NotificationChannelSchema, input);
  } catch (error) {
    if (error instanceof Problem) return Object.fromEntries(error.errors.map((e) => [e.field, e.message]));
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe('NotificationChannelSchema', () => {
  it('accepts each kind as its vendor hands out the address, trimming pasted white space', () => {
    expect(
      parseInput(NotificationChannelSchema, { kind: 'dingtalk', webhookUrl: ` ${DINGTALK_URL} `, secret: 'SECabc123' }),
    ).toEqual({ kind: 'dingtalk', webhookUrl: DINGTALK_URL, secret: 'SECabc123' });
    expect(parseInput(NotificationChannelSchema, { kind: 'wecom', webhookUrl: WECOM_URL })).toEqual({
      kind: 'wecom',
      webhookUrl: WECOM_URL,
    });
    expect(
      parseInput(NotificationChannelSchema, {
        kind: 'feishu',
        webhookUrl: FEISHU_URL.replace('open.feishu.cn', 'open.larksuite.com'),
      }).kind,
    ).toBe('feishu');
    expect(
      parseInput(NotificationChannelSchema, {
        kind: 'webhook',
        url: 'http://crm.intra.example.com:8080/in',
        secret: 'a-long-enough-secret',
      }).kind,
    ).toBe('webhook');
    expect(
      parseInput(NotificationChannelSchema, { kind: 'email', to: ['li.na@example.com', 'wei@example.cn'] }),
    ).toEqual({ kind: 'email', to: ['li.na@example.com', 'wei@example.cn'] });
  });

  it('says in both languages what is wrong with a robot address', () => {
    expect(errorsOf({ kind: 'dingtalk', webhookUrl: DINGTALK_URL.replace('https:', 'http:') })).toEqual({
      webhookUrl: {
        zh: '应为 https:// 开头的完整网址，不含用户名和密码',
        en: 'must be a full https:// address without user name or password',
      },
    });
    expect(errorsOf({ kind: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send', secret: 'abc' })).toEqual({
      webhookUrl: {
        zh: '应为钉钉机器人的 Webhook 地址（含 access_token=…）',
        en: 'must be the DingTalk robot webhook address (with access_token=…)',
      },
      secret: { zh: '钉钉加签密钥以 SEC 开头', en: 'a DingTalk signing secret starts with SEC' },
    });
    expect(
      errorsOf({ kind: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' }).webhookUrl.en,
    ).toBe('must be the WeCom group robot webhook address (with key=…)');
    expect(
      errorsOf({ kind: 'feishu', webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/' }).webhookUrl.zh,
    ).toBe('应为飞书机器人的 Webhook 地址（…/open-apis/bot/v2/hook/…）');
    expect(errorsOf({ kind: 'feishu', webhookUrl: '飞书机器人', secret: 'has space' })).toEqual({
      webhookUrl: {
        zh: '应为 http:// 或 https:// 开头的完整网址，不含用户名和密码',
        en: 'must be a full http:// or https:// address without user name or password',
      },
      secret: { zh: '密钥应为一串不含空格的字符', en: 'must be one string without spaces' },
    });
  });

  it('checks webhook addresses, secrets, recipients, unknown fields and kinds', () => {
    expect(errorsOf({ kind: 'webhook', url: 'ftp://example.com/in' }).url.en).toBe(
      'must be a full http:// or https:// address without user name or password',
    );
    expect(errorsOf({ kind: 'webhook', url: 'https://user:pw@example.com/in' }).url.en).toContain(
      'without user name or password',
    );
    expect(errorsOf({ kind: 'webhook', url: 'https://example.com/in', secret: 'short' }).secret).toEqual({
      zh: '至少 16 个字符',
      en: 'must have at least 16 characters',
    });
    expect(errorsOf({ kind: 'email', to: [] }).to).toEqual({ zh: '至少 1 项', en: 'must have at least 1 item(s)' });
    expect(errorsOf({ kind: 'email', to: ['li.na@example.com', 'not-an-address'] })).toEqual({
      'to.1': { zh: '邮箱格式不正确', en: 'must be an e-mail address' },
    });
    expect(errorsOf({ kind: 'wecom', webhookUrl: WECOM_URL, secret: 'x' })).toEqual({
      secret: { zh: '不认识的字段：secret', en: 'unknown field(s): secret' },
    });
    expect(errorsOf({ kind: 'sms', phone: '13800000000' })).toEqual({
      kind: {
        zh: '只能是：dingtalk / wecom / feishu / webhook / email',
        en: 'must be one of: dingtalk, wecom, feishu, webhook, email',
      },
    });
    expect(errorsOf({ to: ['li.na@example.com'] })).toEqual({ kind: { zh: '必填', en: 'is required' } });
  });
});

describe('summariseChannel', () => {
  it('shows where a channel sends without its secret or usable tokens', () => {
    const dingtalk = summariseChannel({ kind: 'dingtalk', webhookUrl: DINGTALK_URL, secret: 'SECsupersecret' });
    expect(dingtalk).toEqual({
      kind: 'dingtalk',
      target: 'oapi.dingtalk.com/robot/send?access_token=…8d1e',
      signed: true,
    });
    expect(summariseChannel({ kind: 'wecom', webhookUrl: WECOM_URL })).toEqual({
      kind: 'wecom',
      target: 'qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…5aaa',
      signed: false,
    });
    expect(summariseChannel({ kind: 'feishu', webhookUrl: FEISHU_URL }).target).toBe(
      'open.feishu.cn/open-apis/bot/v2/hook/…5f60',
    );
    expect(
      summariseChannel({
        kind: 'webhook',
        url: 'https://crm.example.com/hooks/taizhang?token=abc',
        secret: 'a-long-enough-secret',
      }),
    ).toEqual({
      kind: 'webhook',
      target: 'crm.example.com/hooks/taizhang?token=…',
      signed: true,
    });
    expect(summariseChannel({ kind: 'email', to: ['li.na@example.com', 'wei@example.cn'] })).toEqual({
      kind: 'email',
      target: 'li.na@example.com, wei@example.cn',
      signed: false,
    });
    expect(JSON.stringify(dingtalk)).not.toContain('supersecret');
  });
});
