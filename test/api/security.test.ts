import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHash } from '../../src/commands/security.js';
import { buildApp } from '../../src/server/app.js';
import { checkAnswer } from '../contract-check.js';
import { PASSWORD, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

type Res = { statusCode: number; headers: Record<string, unknown>; body: string; json(): any };

/** Every error answer is application/problem+json with type, title and status (RFC 9457). */
function expectProblem(res: Res, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(body.status).toBe(status);
  return body;
}

function sessionCookie(res: Res): string {
  const header = res.headers['set-cookie'];
  const cookies = (Array.isArray(header) ? header : [header]).map(String);
  const session = cookies.find((c) => c.startsWith('tz_session='));
  if (!session) throw new Error(`no session cookie in ${JSON.stringify(header)}`);
  return session;
}

describeEachDb('security', (db) => {
  let t: TestApp;
  let userEmail: string;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp(db());
    userEmail = `rep-${Date.now()}@example.com`;
    const created = await t.admin.post('/api/users', {
      name: '王销售',
      email: userEmail.toUpperCase(),
      password: 'a long secret 1',
      role: 'sales',
    });
    expect(created.status).toBe(201);
    userId = created.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const inject = (options: InjectOptions) => t.app.inject(options) as unknown as Promise<Res>;
  const login = (email: string, password: string, ip = '198.51.100.1', headers: Record<string, string> = {}) =>
    inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
      headers: { 'x-forwarded-for': ip, ...headers },
    });

  describe('passwords and sign-in', () => {
    it('stores passwords as salted scrypt, never as text', async () => {
      const rows = await db()
        .db.kysely.selectFrom('users')
        .select(['id', 'email', 'password_hash'])
        .where('org_id', '=', t.orgId)
        .execute();
      expect(rows.length).toBeGreaterThanOrEqual(2);
      for (const row of rows) {
        expect(row.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
        expect(row.password_hash).not.toContain(PASSWORD);
        expect(row.password_hash).not.toContain('a long secret 1');
      }
      // Same password, different salt: different hashes.
      const again = await t.admin.post('/api/users', {
        name: 'Twin',
        email: `twin-${Date.now()}@example.com`,
        password: 'a long secret 1',
        role: 'viewer',
      });
      const hashes = await db()
        .db.kysely.selectFrom('users')
        .select('password_hash')
        .where('id', 'in', [userId, again.body.id])
        .execute();
      expect(new Set(hashes.map((h) => h.password_hash)).size).toBe(2);
    });

    it('signs in with the e-mail in any case, answering the user and a CSRF token', async () => {
      const res = await login(userEmail.toUpperCase(), 'a long secret 1', '198.51.100.2');
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({ id: userId, email: userEmail.toLowerCase(), role: 'sales' });
      expect(typeof res.json().csrfToken).toBe('string');
      expect(res.json().user.passwordHash).toBeUndefined();
      expect(res.body).not.toContain('scrypt');
    });

    it('answers 401 with the same message for an unknown e-mail and a wrong password', async () => {
      const unknown = expectProblem(await login('nobody@example.com', 'whatever 123', '198.51.100.3'), 401);
      const wrong = expectProblem(await login(userEmail, 'wrong password', '198.51.100.3'), 401);
      expect(unknown).toEqual(wrong);
      expect(unknown.detail).toBe('邮箱或密码不正确');
      const en = expectProblem(
        await login(userEmail, 'wrong password', '198.51.100.3', { 'accept-language': 'en' }),
        401,
      );
      expect(en.detail).toBe('Wrong e-mail or password');
    });

    it('refuses the 11th failed sign-in of an e-mail within 15 minutes with 429, even with the right password', async () => {
      const email = `brute-${Date.now()}@example.com`;
      await t.admin.post('/api/users', { name: 'Target', email, password: 'the right one 1', role: 'sales' });
      // Spread over addresses: the per-e-mail limit must hold on its own.
      for (let i = 0; i < 10; i++) expectProblem(await login(email, `guess ${i}`, `203.0.113.${i + 1}`), 401);
      const eleventh = expectProblem(await login(email, 'guess 10', '203.0.113.50'), 429);
      expect(eleventh.title).toBe('操作过于频繁，请稍后再试');
      expectProblem(await login(email, 'the right one 1', '203.0.113.51'), 429);
      // 15 minutes later the window has passed.
      const start = t.clock.now.toISOString();
      t.clock.set(new Date(t.clock.now.getTime() + 15 * 60_000 + 1000).toISOString());
      try {
        expect((await login(email, 'the right one 1', '203.0.113.52')).statusCode).toBe(200);
      } finally {
        t.clock.set(start);
      }
    });

    it('parallel guesses do not slip past the limit: exactly 10 are checked, the rest get 429', async () => {
      const email = `burst-${Date.now()}@example.com`;
      await t.admin.post('/api/users', { name: 'Burst', email, password: 'the right one 1', role: 'sales' });
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => login(email, `guess ${i}`, `203.0.114.${i + 1}`)),
      );
      const statuses = results.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 401)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20);
      for (const res of results) expectProblem(res, res.statusCode);
    });

    it("successful sign-ins do not use up an address's allowance", async () => {
      const ip = '192.0.2.99';
      for (let i = 0; i < 11; i++) expect((await login(userEmail, 'a long secret 1', ip)).statusCode).toBe(200);
    });

    it('limits failures per address too, across e-mails', async () => {
      const ip = '192.0.2.77';
      for (let i = 0; i < 10; i++) expectProblem(await login(`someone${i}@example.com`, 'nope nope', ip), 401);
      expectProblem(await login(userEmail, 'a long secret 1', ip), 429);
      expect((await login(userEmail, 'a long secret 1', '192.0.2.78')).statusCode).toBe(200);
    });
  });

  describe('sessions, CSRF and tokens', () => {
    it('sets the session cookie HttpOnly and SameSite=Lax for the whole site (Secure behind https)', async () => {
      const res = await login(userEmail, 'a long secret 1', '198.51.100.4');
      const cookie = sessionCookie(res);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Lax/i);
      expect(cookie).toMatch(/;\s*Path=\//);
      expect(cookie).toMatch(/;\s*Expires=/);
      expect(cookie).not.toMatch(/;\s*Secure/i);
      const https = await login(userEmail, 'a long secret 1', '198.51.100.4', { 'x-forwarded-proto': 'https' });
      expect(sessionCookie(https)).toMatch(/;\s*Secure/i);
      // The database holds only a hash of the session secret.
      const secret = cookie.split(';')[0].slice('tz_session='.length);
      const stored = await db().db.kysely.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
      expect(stored.map((s) => s.id)).toContain(secretHash(secret));
      expect(stored.map((s) => s.id)).not.toContain(secret);
    });

    it('a cookie-authenticated write needs the x-csrf-token header; reads do not', async () => {
      const res = await login(userEmail, 'a long secret 1', '198.51.100.5');
      const cookie = sessionCookie(res).split(';')[0];
      const csrf = res.json().csrfToken as string;
      const deal = { title: 'CSRF 测试商机' };
      const missing = expectProblem(
        await inject({ method: 'POST', url: '/api/deals', headers: { cookie }, payload: deal }),
        403,
      );
      expect(missing.detail).toContain('x-csrf-token');
      expectProblem(
        await inject({
          method: 'POST',
          url: '/api/deals',
          headers: { cookie, 'x-csrf-token': `${csrf}x` },
          payload: deal,
        }),
        403,
      );
      expectProblem(
        await inject({ method: 'POST', url: '/api/deals', headers: { cookie, 'x-csrf-token': '' }, payload: deal }),
        403,
      );
      const ok = await inject({
        method: 'POST',
        url: '/api/deals',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: deal,
      });
      expect(ok.statusCode).toBe(201);
      expect((await inject({ method: 'GET', url: '/api/deals', headers: { cookie } })).statusCode).toBe(200);
      // Nothing was written by the refused requests.
      const count = await db()
        .db.kysely.selectFrom('deals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('title', '=', 'CSRF 测试商机')
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
      // Logout is a write too.
      expectProblem(await inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } }), 403);
    });

    it('a bearer token from POST /api/tokens works without CSRF and is stored hashed', async () => {
      const rep = await t.signIn(userEmail, 'a long secret 1');
      const created = await rep.post('/api/tokens', { name: 'BI 工具' });
      expect(created.status).toBe(201);
      const token = created.body.token as string;
      expect(token.length).toBeGreaterThan(30);
      const stored = await db()
        .db.kysely.selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      expect(stored.token_hash).not.toBe(token);
      expect(stored.token_hash).not.toContain(token);
      expect(stored.token_hash).toBe(secretHash(token));
      expect(stored.user_id).toBe(userId);

      const auth = { authorization: `Bearer ${token}` };
      const me = await inject({ method: 'GET', url: '/api/me', headers: auth });
      expect(me.json()).toMatchObject({ id: userId, role: 'sales' });
      const write = await inject({
        method: 'POST',
        url: '/api/deals',
        headers: auth,
        payload: { title: 'Token deal' },
      });
      expect(write.statusCode).toBe(201);
      expect(write.json().ownerId).toBe(userId);
      const used = await db()
        .db.kysely.selectFrom('api_tokens')
        .select('last_used_at')
        .where('id', '=', created.body.id)
        .executeTakeFirstOrThrow();
      expect(used.last_used_at).not.toBeNull();

      expectProblem(
        await inject({ method: 'GET', url: '/api/deals', headers: { authorization: `Bearer ${token}x` } }),
        401,
      );
      expectProblem(
        await inject({ method: 'GET', url: '/api/deals', headers: { authorization: `Bearer ${stored.token_hash}` } }),
        401,
      );
      await db()
        .db.kysely.updateTable('api_tokens')
        .set({ revoked_at: t.clock.now.toISOString() })
        .where('id', '=', created.body.id)
        .execute();
      expectProblem(await inject({ method: 'GET', url: '/api/deals', headers: auth }), 401);
    });

    it('logout ends the session on the server, not just in the browser', async () => {
      const res = await login(userEmail, 'a long secret 1', '198.51.100.6');
      const cookie = sessionCookie(res).split(';')[0];
      const csrf = res.json().csrfToken as string;
      expect((await inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
      const out = await inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': csrf } });
      expect(out.statusCode).toBe(200);
      expect(String(out.headers['set-cookie'])).toMatch(/tz_session=;/);
      // The old cookie, replayed, is worth nothing.
      expectProblem(await inject({ method: 'GET', url: '/api/me', headers: { cookie } }), 401);
      expectProblem(
        await inject({
          method: 'POST',
          url: '/api/deals',
          headers: { cookie, 'x-csrf-token': csrf },
          payload: { title: 'x' },
        }),
        401,
      );
    });

    it('a session expires after its lifetime', async () => {
      const res = await login(userEmail, 'a long secret 1', '198.51.100.7');
      const cookie = sessionCookie(res).split(';')[0];
      const start = t.clock.now.toISOString();
      t.clock.advanceDays(15);
      try {
        expectProblem(await inject({ method: 'GET', url: '/api/me', headers: { cookie } }), 401);
      } finally {
        t.clock.set(start);
      }
    });
  });

  describe('malformed requests', () => {
    it('a body over 1 MB is refused with 413', async () => {
      const body = JSON.stringify({ title: 'x'.repeat(1024 * 1024 + 10) });
      const res = await inject({
        method: 'POST',
        url: '/api/deals',
        headers: { ...(await bearer()), 'content-type': 'application/json' },
        payload: body,
      });
      expectProblem(res as Res, 413);
    });

    it('malformed JSON is a 400 naming the body', async () => {
      const res = await inject({
        method: 'POST',
        url: '/api/deals',
        headers: { ...(await bearer()), 'content-type': 'application/json' },
        payload: '{"title": "x",',
      });
      const problem = expectProblem(res, 400);
      expect(problem.errors).toEqual([{ field: '_body', message: '不是有效的 JSON' }]);
    });

    it('a body that is not JSON is a 415', async () => {
      for (const type of ['application/xml', 'text/plain', 'application/x-www-form-urlencoded']) {
        const res = await inject({
          method: 'POST',
          url: '/api/deals',
          headers: { ...(await bearer()), 'content-type': type },
          payload: 'title=x',
        });
        expectProblem(res, 415);
      }
      const count = await db()
        .db.kysely.selectFrom('deals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('title', '=', 'x')
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    });

    it('who you are is checked before the body is read: anonymous junk is a 401', async () => {
      expectProblem(
        await inject({
          method: 'POST',
          url: '/api/deals',
          headers: { 'content-type': 'application/json' },
          payload: '{oops',
        }),
        401,
      );
      expectProblem(
        await inject({
          method: 'POST',
          url: '/api/deals',
          headers: { 'content-type': 'text/xml' },
          payload: '<deal/>',
        }),
        401,
      );
      expectProblem(
        await inject({
          method: 'PATCH',
          url: '/api/deals/nope',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ title: 'x'.repeat(1024 * 1024 + 10) }),
        }),
        401,
      );
    });

    let token: string | undefined;
    async function bearer(): Promise<Record<string, string>> {
      if (!token) token = (await t.admin.post('/api/tokens', { name: 'malformed' })).body.token as string;
      return { authorization: `Bearer ${token}` };
    }
  });

  describe('unexpected errors', () => {
    it('answer 500 problem+json without stack, SQL or internals', async () => {
      const app = await buildApp({
        db: db().db,
        dataDir: db().dataDir,
        onAnswer: checkAnswer,
        clock: () => t.clock.now,
      });
      app.get('/api/test-broken', async () => {
        await sql`SELECT secret_column FROM no_such_table_xyz`.execute(db().db.kysely);
        return { ok: true };
      });
      app.get('/api/test-throws', async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'password_hash')");
      });
      try {
        const token = (await t.admin.post('/api/tokens', { name: 'broken' })).body.token as string;
        for (const url of ['/api/test-broken', '/api/test-throws']) {
          for (const lang of ['zh-CN', 'en']) {
            const res = (await app.inject({
              method: 'GET',
              url,
              headers: { authorization: `Bearer ${token}`, 'accept-language': lang },
            })) as unknown as Res;
            const body = expectProblem(res, 500);
            expect(Object.keys(body).sort()).toEqual(['status', 'title', 'type']);
            expect(body.title).toBe(lang === 'en' ? 'Something went wrong on our side' : '服务器内部错误');
            for (const leak of [
              'SELECT',
              'no_such_table',
              'secret_column',
              'password_hash',
              'TypeError',
              'stack',
              '.ts:',
              'node_modules',
            ]) {
              expect(res.body, leak).not.toContain(leak);
            }
          }
        }
      } finally {
        await app.close();
      }
    });
  });

  describe('language', () => {
    it('messages are Chinese by default and English when asked', async () => {
      const zh = expectProblem(await inject({ method: 'GET', url: '/api/deals' }), 401);
      const en = expectProblem(
        await inject({ method: 'GET', url: '/api/deals', headers: { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' } }),
        401,
      );
      const zhFirst = expectProblem(
        await inject({ method: 'GET', url: '/api/deals', headers: { 'accept-language': 'zh-CN,en;q=0.5' } }),
        401,
      );
      expect(zh.title).toBe('请先登录');
      expect(en.title).toBe('Sign in first');
      expect(zhFirst.title).toBe('请先登录');

      const invalidZh = await t.admin.post('/api/deals', { title: '  ' });
      const invalidEn = await t.admin.post('/api/deals', { title: '  ' }, { 'accept-language': 'en' });
      expect(invalidZh.body).toMatchObject({ title: '输入有误', errors: [{ field: 'title', message: '不能为空' }] });
      expect(invalidEn.body).toMatchObject({
        title: 'Invalid input',
        errors: [{ field: 'title', message: 'must not be blank' }],
      });

      const deal = await t.admin.post('/api/deals', { title: 'Bilingual' });
      expect(deal.body.stageName).toBe('潜在客户');
      expect(deal.body.light.reasons[0].message).toBe('没有下一步计划');
      const dealEn = await t.admin.get(`/api/deals/${deal.body.id}`, { 'accept-language': 'en' });
      expect(dealEn.body.stageName).toBe('Lead');
      expect(dealEn.body.light.reasons[0].message).toBe('No next step planned');
    });
  });

  describe('public and protected routes', () => {
    it('/api/health is public and names the engine', async () => {
      const res = await inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', db: db().engine });
    });

    it('/api/openapi.json is public, OpenAPI 3, and documents the core routes', async () => {
      const res = await inject({ method: 'GET', url: '/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
      const expected: Record<string, string[]> = {
        '/api/health': ['get'],
        '/api/auth/login': ['post'],
        '/api/auth/logout': ['post'],
        '/api/me': ['get'],
        '/api/tokens': ['post'],
        '/api/users': ['get', 'post'],
        '/api/teams': ['get', 'post'],
        '/api/deals': ['get', 'post'],
        '/api/deals/{id}': ['get', 'patch', 'delete'],
        '/api/deals/{id}/stage': ['post'],
        '/api/deals/{id}/followups': ['get', 'post'],
        '/api/audit': ['get'],
      };
      for (const [path, methods] of Object.entries(expected)) {
        expect(doc.paths[path], path).toBeDefined();
        for (const method of methods) expect(doc.paths[path][method], `${method} ${path}`).toBeDefined();
      }
      // Structurally valid: every operation has responses keyed by status, every path parameter is declared.
      const verbs = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
      for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
        expect(path.startsWith('/')).toBe(true);
        for (const [method, op] of Object.entries<any>(item)) {
          if (!verbs.has(method)) continue;
          expect(Object.keys(op.responses ?? {}).length, `${method} ${path} responses`).toBeGreaterThan(0);
          for (const status of Object.keys(op.responses)) expect(status).toMatch(/^([1-5]\d\d|default)$/);
          for (const name of path.match(/\{(\w+)\}/g) ?? []) {
            expect(
              (op.parameters ?? []).some((p: any) => p.in === 'path' && `{${p.name}}` === name && p.required === true),
              `${method} ${path} ${name}`,
            ).toBe(true);
          }
        }
      }
      expect(doc.paths['/api/deals'].get.parameters.map((p: any) => p.name)).toEqual(
        expect.arrayContaining([
          'stage',
          'ownerId',
          'light',
          'stalledDays',
          'q',
          'closeFrom',
          'closeTo',
          'cursor',
          'limit',
        ]),
      );
      expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(['session', 'bearer']));
    });

    it('/api/docs is public', async () => {
      let res = await inject({ method: 'GET', url: '/api/docs' });
      if (res.statusCode >= 300 && res.statusCode < 400)
        res = await inject({ method: 'GET', url: String(res.headers.location) });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['content-type'])).toContain('text/html');
    });

    it('everything else answers 401 without a session or token', async () => {
      for (const [method, url] of [
        ['GET', '/api/deals'],
        ['POST', '/api/deals'],
        ['GET', '/api/deals/x'],
        ['PATCH', '/api/deals/x'],
        ['POST', '/api/deals/x/stage'],
        ['GET', '/api/me'],
        ['GET', '/api/users'],
        ['POST', '/api/tokens'],
        ['GET', '/api/audit?entity=deal&id=x'],
        ['POST', '/api/auth/logout'],
      ] as const) {
        expectProblem(await inject({ method, url, ...(method === 'GET' ? {} : { payload: {} }) }), 401);
      }
      expectProblem(await inject({ method: 'GET', url: '/api/deals', headers: { cookie: 'tz_session=forged' } }), 401);
    });

    it('an unknown route is a problem+json 404', async () => {
      expectProblem(await inject({ method: 'GET', url: '/api/nothing-here' }), 404);
    });
  });
});
