import type { Text } from './i18n.js';

export interface FieldError {
  field: string;
  message: Text;
}

export type ProblemKind =
  | 'unauthenticated'
  | 'not_found'
  | 'forbidden'
  | 'invalid'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media'
  | 'method_not_allowed'
  | 'rate_limited'
  | 'unavailable';

const STATUS: Record<ProblemKind, number> = {
  unauthenticated: 401,
  not_found: 404,
  forbidden: 403,
  invalid: 400,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  method_not_allowed: 405,
  rate_limited: 429,
  unavailable: 503,
};

const TITLES: Record<ProblemKind, Text> = {
  unauthenticated: { zh: '请先登录', en: 'Sign in first' },
  not_found: { zh: '找不到该记录', en: 'Not found' },
  forbidden: { zh: '没有权限执行此操作', en: 'You may not do this' },
  invalid: { zh: '输入有误', en: 'Invalid input' },
  conflict: { zh: '记录已被他人修改或与现有记录冲突', en: 'Conflict with the current record' },
  too_large: { zh: '内容过大', en: 'Too large' },
  unsupported_media: { zh: '不支持的内容类型', en: 'Unsupported media type' },
  method_not_allowed: { zh: '此地址不支持该请求方法', en: 'Method not allowed' },
  rate_limited: { zh: '操作过于频繁，请稍后再试', en: 'Too many attempts, try again later' },
  unavailable: { zh: '服务暂不可用', en: 'Not available' },
};

/** An expected failure of a use-case; the server presents it as application/problem+json. */
export class Problem extends Error {
  readonly status: number;
  readonly title: Text;
  constructor(
    readonly kind: ProblemKind,
    readonly detail?: Text,
    readonly errors: FieldError[] = [],
    /** Extra members for the problem document (e.g. the current version on a conflict). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail?.en ?? TITLES[kind].en);
    this.status = STATUS[kind];
    this.title = TITLES[kind];
  }
}

export const notFound = (what: Text = { zh: '找不到该记录', en: 'Not found' }) => new Problem('not_found', what);
export const forbidden = (why?: Text) => new Problem('forbidden', why);
export const invalid = (errors: FieldError[], detail?: Text) =>
  new Problem(
    'invalid',
    detail ?? { zh: `有 ${errors.length} 个字段需要修改`, en: `${errors.length} field(s) need attention` },
    errors,
  );
export const staleVersion = (current: number) =>
  new Problem(
    'conflict',
    { zh: '该记录已被他人修改，请刷新后再试', en: 'Someone else changed this record; reload and try again' },
    [{ field: 'version', message: { zh: `当前版本为 ${current}`, en: `The current version is ${current}` } }],
    { currentVersion: current },
  );
