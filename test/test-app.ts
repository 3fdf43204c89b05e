import type { FastifyInstance, InjectOptions } from 'fastify';
import { createOrganisation } from '../src/commands/create-organisation.js';
import { buildApp } from '../src/server/app.js';
import { checkAnswer } from './contract-check.js';
import type { TestDatabase } from './test-db.js';

export type Role = 'admin' | 'manager' | 'sales' | 'finance' | 'marketing' | 'viewer';

/** A signed-in HTTP client: cookie + CSRF token, like the web app. */
export interface Client {
  userId: string;
  email: string;
  request(
    method: InjectOptions['method'],
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  get(
    url: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  post(
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  patch(
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  put(
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  delete(
    url: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
}

export interface TestApp {
  app: FastifyInstance;
  orgId: string;
  admin: Client;
  /** The clock the app reads; tests move it, nothing waits for real time. */
  clock: { now: Date; set(iso: string): void; advanceDays(days: number): void };
  signIn(email: string, password: string): Promise<Client>;
  /** Creates a user (as admin) and signs them in. */
  user(role: Role, options?: { teamId?: string | null; name?: string }): Promise<Client>;
  team(name: string, managerId?: string): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;
export const PASSWORD = 'correct horse 42';

export async function startTestApp(t: TestDatabase, startAt = '2026-03-02T02:00:00.000Z'): Promise<TestApp> {
  const clock = {
    now: new Date(startAt),
    set(iso: string) {
      this.now = new Date(iso);
    },
    advanceDays(days: number) {
      this.now = new Date(this.now.getTime() + days * 86_400_000);
    },
  };
  const adminEmail = `admin${++counter}-${Date.now()}@example.com`;
  const { orgId } = await createOrganisation(
    t.db.kysely,
    {
      name: `Org ${counter}`,
      timezone: 'Asia/Shanghai',
      admin: { name: 'Admin', email: adminEmail, password: PASSWORD },
    },
    clock.now,
  );
  const app = await buildApp({
    db: t.db,
    dataDir: t.dataDir,
    clock: () => clock.now,
    trustProxy: true,
    onAnswer: checkAnswer,
  }); // tests stand in for a reverse proxy (X-Forwarded-For)

  async function signIn(email: string, password: string): Promise<Client> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`sign-in failed for ${email}: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'tz_session')!;
    const { csrfToken, user } = res.json() as { csrfToken: string; user: { id: string } };
    const request: Client['request'] = async (method, url, body, headers = {}) => {
      const r = await app.inject({
        method,
        url,
        headers: { cookie: `tz_session=${cookie.value}`, 'x-csrf-token': csrfToken, ...headers },
        ...(body !== undefined ? { payload: body as InjectOptions['payload'] } : {}),
      });
      let parsed: unknown = r.body;
      try {
        parsed = r.body ? JSON.parse(r.body) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: r.statusCode, body: parsed, headers: r.headers };
    };
    return {
      userId: user.id,
      email,
      request,
      get: (url, h) => request('GET', url, undefined, h),
      post: (url, b, h) => request('POST', url, b ?? {}, h),
      patch: (url, b, h) => request('PATCH', url, b ?? {}, h),
      put: (url, b, h) => request('PUT', url, b ?? {}, h),
      delete: (url, h) => request('DELETE', url, undefined, h),
    };
  }

  const admin = await signIn(adminEmail, PASSWORD);
  return {
    app,
    orgId,
    admin,
    clock,
    signIn,
    async user(role, options = {}) {
      const email = `${role}${++counter}-${Date.now()}@example.com`;
      const res = await admin.post('/api/users', {
        name: options.name ?? `${role} ${counter}`,
        email,
        password: PASSWORD,
        role,
        teamId: options.teamId ?? null,
      });
      if (res.status !== 201) throw new Error(`user creation failed: ${res.status} ${JSON.stringify(res.body)}`);
      return signIn(email, PASSWORD);
    },
    async team(name, managerId) {
      const res = await admin.post('/api/teams', { name, managerId: managerId ?? null });
      if (res.status !== 201) throw new Error(`team creation failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    close: () => app.close(),
  };
}
