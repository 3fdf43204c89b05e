import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, PASSWORD, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

describeEachDb('organisation audit log API', (db) => {
  let t: TestApp;
  let rep: Client;
  let otherRep: Client;
  let manager: Client;
  let accountId: string;
  let dealId: string;

  beforeAll(async () => {
    t = await startTestApp(db(), '2026-03-02T02:00:00.000Z');
    rep = await t.user('sales', { name: '销售甲' });
    otherRep = await t.user('sales', { name: '销售乙' });
    manager = await t.user('manager');
    accountId = (await t.admin.post('/api/accounts', { name: 'Acme, "Big" Co' })).body.id;
    t.clock.set('2026-03-05T02:00:00.000Z');
    [t.admin, rep] = await Promise.all([t.admin, rep].map((c) => t.signIn(c.email, PASSWORD)));
    expect((await rep.post('/api/accounts', { name: '=SUM(A1)' })).status).toBe(201);
    dealId = (await rep.post('/api/deals', { title: '新商机', amount: 1_000_00 })).body.id;
    expect((await rep.patch(`/api/deals/${dealId}`, { amount: 2_000_00, version: 1 })).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('is for admins only', async () => {
    expect((await manager.get('/api/audit/log')).status).toBe(403);
    expect((await rep.get('/api/audit.csv')).status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/audit.csv' })).statusCode).toBe(401);
  });

  it('filters by person, record, action and days in the organisation’s time zone, newest first', async () => {
    const byRep = (await t.admin.get(`/api/audit/log?actorId=${rep.userId}`)).body.items as {
      actorId: string;
      actorName: string;
      entity: string;
      action: string;
      field: string | null;
      at: string;
    }[];
    expect(byRep.length).toBeGreaterThan(0);
    expect(new Set(byRep.map((item) => item.actorName))).toEqual(new Set(['销售甲']));
    expect(byRep[0]).toMatchObject({
      entity: 'deal',
      entityId: dealId,
      action: 'update',
      field: 'amount',
      from: '100000',
      to: '200000',
    });
    expect(byRep.at(-1)).toMatchObject({ entity: 'account', action: 'create' });

    const account = (await t.admin.get(`/api/audit/log?entity=account&id=${accountId}`)).body.items;
    expect(account.length).toBeGreaterThan(0);
    expect(
      account.every(
        (item: { entityId: string; action: string }) => item.entityId === accountId && item.action === 'create',
      ),
    ).toBe(true);

    const updates = (await t.admin.get(`/api/audit/log?action=update&entity=deal`)).body.items;
    expect(updates.map((item: { field: string }) => item.field)).toEqual(['amount']);

    // 2 March 10:00 Shanghai is the account; 5 March the deal.
    const second = (await t.admin.get('/api/audit/log?from=2026-03-02&to=2026-03-02')).body.items;
    expect(second.some((item: { entityId: string }) => item.entityId === accountId)).toBe(true);
    expect(second.some((item: { entityId: string }) => item.entityId === dealId)).toBe(false);
    const fifth = (await t.admin.get('/api/audit/log?from=2026-03-05')).body.items;
    expect(fifth.some((item: { entityId: string }) => item.entityId === accountId)).toBe(false);
    expect((await t.admin.get('/api/audit/log?from=2026-03-06&to=2026-03-05')).status).toBe(400);
  });

  it('pages with a keyset cursor', async () => {
    const all = (await t.admin.get('/api/audit/log?limit=200')).body.items.map((item: { id: string }) => item.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.admin.get(
        `/api/audit/log?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect((await t.admin.get('/api/audit/log?cursor=nonsense')).status).toBe(400);
  });

  it('exports CSV with a BOM, a header in the user’s language and escaped values', async () => {
    const zh = await t.app.inject({
      method: 'GET',
      url: `/api/audit.csv?entity=account&id=${accountId}`,
      headers: { cookie: await cookieOf(t) },
    });
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(zh.headers['content-disposition']).toBe('attachment; filename="audit-2026-03-05.csv"');
    expect(zh.body.startsWith('\uFEFF时间,操作人,操作人ID,记录类型,记录ID,动作,字段,原值,新值\r\n')).toBe(true);
    expect(zh.body).toContain(
      `,Admin,${(await t.admin.get('/api/me')).body.id},account,${accountId},create,name,,"Acme, ""Big"" Co"\r\n`,
    );

    const en = await t.admin.request('GET', `/api/audit.csv?actorId=${rep.userId}&entity=account`, undefined, {
      'accept-language': 'en',
    });
    expect(en.body.startsWith('\uFEFFTime,Person,Person ID,Record type,Record ID,Action,Field,From,To\r\n')).toBe(true);
    // A value a spreadsheet would run as a formula is written as text.
    expect(en.body).toContain(",name,,'=SUM(A1)\r\n");
  });

  it('keeps the trail of a deleted task readable for those who could see it', async () => {
    const task = (await rep.post('/api/tasks', { title: '寄样品', assigneeId: rep.userId, dealId })).body;
    expect((await rep.delete(`/api/tasks/${task.id}`)).status).toBe(200);
    const trail = await rep.get(`/api/audit?entity=task&id=${task.id}`);
    expect(trail.status).toBe(200);
    expect(trail.body.items[0].action).toBe('delete');
    expect((await t.admin.get(`/api/audit?entity=task&id=${task.id}`)).status).toBe(200);
    expect((await otherRep.get(`/api/audit?entity=task&id=${task.id}`)).status).toBe(404);
  });
});

/** The admin's session cookie, for a raw request (the client helper parses JSON). */
async function cookieOf(t: TestApp): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: t.admin.email, password: PASSWORD },
  });
  const cookie = res.cookies.find((c) => c.name === 'tz_session')!;
  return `tz_session=${cookie.value}`;
}
