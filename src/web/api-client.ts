/** The one way the web app talks to the server: JSON, problem+json errors, CSRF header, language. */

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldProblem[],
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  /** Field errors keyed by field name (first message wins), for forms. */
  fieldMap(): Record<string, string> {
    const map: Record<string, string> = {};
    for (const error of this.errors) map[error.field] ??= error.message;
    return map;
  }
}

/** Thrown when the network itself failed (offline, server down): the caller may queue the write. */
export class NetworkError extends Error {}

let csrfToken: string | null = null;
let language = 'zh-CN';
let onUnauthorised: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The session's CSRF token, for requests built by hand (multipart uploads). */
export function getCsrfToken(): string | null {
  return csrfToken;
}
export function setApiLanguage(lang: string): void {
  language = lang;
}
export function setUnauthorisedHandler(handler: () => void): void {
  onUnauthorised = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function request<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': language, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new NetworkError((error as Error).message);
  }
  const text = await response.text();
  const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok) {
    if (response.status === 401 && onUnauthorised && !url.endsWith('/api/auth/login') && !url.endsWith('/api/me'))
      onUnauthorised();
    throw new ApiError(
      response.status,
      String(data.title ?? response.statusText),
      data.detail as string | undefined,
      (data.errors as FieldProblem[] | undefined) ?? [],
      data,
    );
  }
  return data as T;
}

export const api = {
  get: <T>(url: string, query?: Query, signal?: AbortSignal) =>
    request<T>('GET', url + queryString(query), undefined, signal),
  post: <T>(url: string, body: unknown = {}) => request<T>('POST', url, body),
  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, body),
  put: <T>(url: string, body: unknown) => request<T>('PUT', url, body),
  delete: <T>(url: string, body?: unknown) => request<T>('DELETE', url, body),
};

// Shapes the app reads (the server's contract; see src/contract and /api/openapi.json).
export type Role = 'admin' | 'manager' | 'sales' | 'finance' | 'marketing' | 'viewer';
export interface Me {
  id: string;
  name: string;
  email: string;
  role: Role;
  teamId: string | null;
  locale: string | null;
  csrfToken?: string;
}
export interface LightReason {
  code: string;
  level: 'red' | 'yellow';
  message: string;
}
export interface Light {
  color: 'red' | 'yellow' | 'green';
  reasons: LightReason[];
}
export interface Deal {
  id: string;
  accountId: string | null;
  accountName: string | null;
  title: string;
  stage: string;
  stageName: string;
  amount: number;
  currency: string;
  probability: number;
  expectedCloseDate: string | null;
  closedAt: string | null;
  ownerId: string;
  ownerName: string | null;
  lossReason: string | null;
  riskFlag: boolean;
  riskReason: string | null;
  source: string | null;
  competitors: string[];
  nextStep: string | null;
  nextStepDue: string | null;
  lastFollowupAt: string | null;
  lastActivityAt: string;
  stageEnteredAt: string;
  daysInStage: number;
  collaboratorIds: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  light: Light | null;
}
export interface LineItem {
  id: string;
  productId: string | null;
  description: string;
  quantity: number;
  unitPrice: number;
  discountPct: number;
  total: number;
}
export interface StageChange {
  id: string;
  fromStage: string | null;
  toStage: string;
  at: string;
  actorId: string;
  actorName: string | null;
}
export interface DealDetail extends Deal {
  lineItems: LineItem[];
  stageHistory: StageChange[];
}
export interface Followup {
  id: string;
  dealId: string | null;
  authorId: string;
  authorName: string | null;
  at: string;
  channel: string;
  verbatim: string;
  summary: string | null;
  nextStep: string | null;
  nextStepDue: string | null;
  resourcesNeeded: string[];
  intents: string[];
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}
export interface Stage {
  key: string;
  name: { zh: string; en: string };
  label: string;
  kind: 'open' | 'won' | 'lost';
  probability: number;
  requiredFields: string[];
  typicalDays: number | null;
}
export interface UserSummary {
  id: string;
  name: string;
  email: string;
  role: Role;
  teamId: string | null;
  active: boolean;
}
/** `reminderTime` / `digestTime`: the team's own HH:MM, null for the organisation's. */
export interface Team {
  id: string;
  name: string;
  managerId: string | null;
  reminderTime: string | null;
  digestTime: string | null;
  version: number;
}
