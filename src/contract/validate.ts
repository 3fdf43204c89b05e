import type { z } from 'zod';
import type { Text } from '../domain/i18n.js';
import { type FieldError, invalid } from '../domain/problem.js';

/** Custom refinement messages are codes looked up here, so every message exists in both languages. */
const CUSTOM: Record<string, Text> = {
  blank: { zh: '不能为空', en: 'must not be blank' },
  date: { zh: '应为有效日期（YYYY-MM-DD）', en: 'must be a real date (YYYY-MM-DD)' },
  datetime: { zh: '应为带时区的时间（ISO 8601）', en: 'must be a time with offset (ISO 8601)' },
  probability: { zh: '只能选 0/10/30/50/80/100', en: 'must be one of 0/10/30/50/80/100' },
  currency: { zh: '应为三位货币代码，如 CNY', en: 'must be a 3-letter currency code such as CNY' },
  money: { zh: '应为以分为单位的非负整数', en: 'must be a non-negative integer in minor units (cents/分)' },
  range: { zh: '开始不能晚于结束', en: 'the start must not be after the end' },
  uscc: { zh: '统一社会信用代码应为18位数字或大写字母', en: 'a USCC has 18 digits or capital letters' },
  http_url: {
    zh: '应为 http:// 或 https:// 开头的完整网址，不含用户名和密码',
    en: 'must be a full http:// or https:// address without user name or password',
  },
  https_url: {
    zh: '应为 https:// 开头的完整网址，不含用户名和密码',
    en: 'must be a full https:// address without user name or password',
  },
  dingtalk_webhook: {
    zh: '应为钉钉机器人的 Webhook 地址（含 access_token=…）',
    en: 'must be the DingTalk robot webhook address (with access_token=…)',
  },
  wecom_webhook: {
    zh: '应为企业微信群机器人的 Webhook 地址（含 key=…）',
    en: 'must be the WeCom group robot webhook address (with key=…)',
  },
  feishu_webhook: {
    zh: '应为飞书机器人的 Webhook 地址（…/open-apis/bot/v2/hook/…）',
    en: 'must be the Feishu bot webhook address (…/open-apis/bot/v2/hook/…)',
  },
  dingtalk_secret: { zh: '钉钉加签密钥以 SEC 开头', en: 'a DingTalk signing secret starts with SEC' },
  secret: { zh: '密钥应为一串不含空格的字符', en: 'must be one string without spaces' },
  time_of_day: { zh: '应为 24 小时制时间 HH:MM，如 17:00', en: 'must be a 24-hour time HH:MM such as 17:00' },
};

function describeExpected(expected: string): Text {
  const names: Record<string, Text> = {
    string: { zh: '文本', en: 'text' },
    number: { zh: '数字', en: 'a number' },
    int: { zh: '整数', en: 'an integer' },
    boolean: { zh: '是/否', en: 'true or false' },
    array: { zh: '列表', en: 'a list' },
    object: { zh: '对象', en: 'an object' },
  };
  return names[expected] ?? { zh: expected, en: expected };
}

const valueAt = (issue: z.core.$ZodIssue, input: unknown) =>
  issue.path.reduce<unknown>(
    (obj, key) => (obj && typeof obj === 'object' ? (obj as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );

const REQUIRED: Text = { zh: '必填', en: 'is required' };

function issueMessage(issue: z.core.$ZodIssue, input: unknown): Text {
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(issue, input);
      if (value === undefined || value === null) return REQUIRED;
      const expected = describeExpected(issue.expected);
      return { zh: `应为${expected.zh}`, en: `must be ${expected.en}` };
    }
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? { zh: '不能为空', en: 'must not be empty' }
          : { zh: `至少 ${issue.minimum} 个字符`, en: `must have at least ${issue.minimum} characters` };
      }
      if (issue.origin === 'array')
        return { zh: `至少 ${issue.minimum} 项`, en: `must have at least ${issue.minimum} item(s)` };
      return { zh: `不能小于 ${issue.minimum}`, en: `must be at least ${issue.minimum}` };
    case 'too_big':
      if (issue.origin === 'string')
        return { zh: `最多 ${issue.maximum} 个字符`, en: `must have at most ${issue.maximum} characters` };
      if (issue.origin === 'array')
        return { zh: `最多 ${issue.maximum} 项`, en: `must have at most ${issue.maximum} items` };
      return { zh: `不能大于 ${issue.maximum}`, en: `must be at most ${issue.maximum}` };
    case 'invalid_format':
      if (issue.format === 'email') return { zh: '邮箱格式不正确', en: 'must be an e-mail address' };
      return { zh: '格式不正确', en: `must be a valid ${issue.format}` };
    case 'invalid_value':
      return { zh: `只能是：${issue.values.join(' / ')}`, en: `must be one of: ${issue.values.join(', ')}` };
    case 'unrecognized_keys':
      return { zh: `不认识的字段：${issue.keys.join(', ')}`, en: `unknown field(s): ${issue.keys.join(', ')}` };
    case 'invalid_union':
      // A discriminated union (e.g. a channel's `kind`) names its options when none matches.
      if ('options' in issue && issue.options) {
        if (valueAt(issue, input) === undefined) return REQUIRED;
        return { zh: `只能是：${issue.options.join(' / ')}`, en: `must be one of: ${issue.options.join(', ')}` };
      }
      return { zh: '格式不正确', en: 'is not valid' };
    case 'custom':
      return CUSTOM[issue.message] ?? { zh: issue.message, en: issue.message };
    default:
      return { zh: '无效', en: 'is not valid' };
  }
}

/** Turns zod issues into field errors in both languages (every invalid field, once each message). */
export function fieldErrorsOf(error: z.ZodError, input: unknown): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const field =
      issue.code === 'unrecognized_keys' && issue.path.length === 0 ? issue.keys[0] : issue.path.join('.') || '_';
    const message = issueMessage(issue, input);
    const key = `${field}|${message.en}`;
    if (!seen.has(key)) {
      seen.add(key);
      errors.push({ field, message });
    }
  }
  return errors;
}

/** Parses `input` with `schema`, or throws a 400 Problem listing every invalid field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw invalid(fieldErrorsOf(result.error, input));
  return result.data;
}
