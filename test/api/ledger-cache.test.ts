import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { moveLiveDealsToStage } from '../../src/store/queries/deals.js';
import { checkAnswer } from '../contract-check.js';
import { type Client, PASSWORD, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

/**
 * Ledger pages are answered from an instance's cache while the organisation's ledger version stands still
 * (commands/list-deals). Every change to what a page lists moves the version in its own transaction, through
 * triggers (store/dialect createLedgerVersionTriggers), so a page is never older than the database — on this
 * instance or on another one over the same database.
 */
describeEachDb('ledger page cache', (db) => {
  let t: TestApp;
  let other: FastifyInstance;
  let rep: Client;
  let cookie: string;

  const ledgerVersion = async () =>
    Number(
      (
        await db()
          .db.kysely.selectFrom('organisations')
          .select('ledger_version')
          .where('id', '=', t.orgId)
          .executeTakeFirstOrThrow()
      ).ledger_version,
    );
  const onOther = async (url: string) => {
    const res = await other.inject({ method: 'GET', url, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: Record<string, any>[]; nextCursor: string | null; total?: number };
  };
  const pages = () => other.services.ledgerPages.stats;
  const userRow = async (id: string) =>
    ((await t.admin.get('/api/users')).body.items as { id: string; email: string; version: number }[]).find(
      (u) => u.id === id,
    )!;

  beforeAll(async () => {
    t = await startTestApp(db());
    other = await buildApp({ db: db().db, dataDir: db().dataDir, onAnswer: checkAnswer, clock: () => t.clock.now });
    rep = await t.user('sales', { name: '销售甲' });
    for (let i = 0; i < 6; i++)
      expect(
        (
          await t.admin.post('/api/deals', {
            title: `缓存商机 ${i}`,
            amount: (i + 1) * 100_00,
            nextStep: '拜访',
            nextStepDue: '2026-03-20',
          })
        ).status,
      ).toBe(201);
    const login = await other.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: (await t.admin.get('/api/me')).body.email, password: PASSWORD },
    });
    cookie = `tz_session=${login.cookies.find((c) => c.name === 'tz_session')!.value}`;
  });
  afterAll(async () => {
    await other?.close();
    await t.close();
  });

  it('answers a page asked for again from the cache, and a changed deal at once, whichever instance changed it', async () => {
    const first = await onOther('/api/deals?limit=3');
    const hits = pages().hits;
    expect(await onOther('/api/deals?limit=3')).toEqual(first);
    expect(pages().hits).toBe(hits + 1);

    const deal = first.items[0]!;
    const edited = await t.admin.patch(`/api/deals/${deal.id}`, { title: '改过的标题', version: deal.version });
    expect(edited.status).toBe(200);
    const after = await onOther('/api/deals?limit=3');
    expect(after.items[0]).toMatchObject({ id: deal.id, title: '改过的标题', version: deal.version + 1 });
    expect(pages().hits).toBe(hits + 1);
  });

  it('reads the page anew for a caller that asks for no cached answer', async () => {
    await onOther('/api/deals?limit=4');
    const { hits, misses } = pages();
    const res = await other.inject({
      method: 'GET',
      url: '/api/deals?limit=4',
      headers: { cookie, 'cache-control': 'no-cache' },
    });
    expect(res.statusCode).toBe(200);
    expect(pages()).toEqual({ hits, misses });
    await onOther('/api/deals?limit=4');
    expect(pages().hits).toBe(hits + 1);
  });

  it('moves the ledger version with every change a page can show, and with nothing else', async () => {
    const moved = async (change: () => Promise<unknown>) => {
      const before = await ledgerVersion();
      await change();
      return (await ledgerVersion()) > before;
    };
    const deal = (await t.admin.post('/api/deals', { title: '版本', amount: 1_00 })).body;
    const account = (await t.admin.post('/api/accounts', { name: '版本客户' })).body;
    expect(
      await moved(() => t.admin.patch(`/api/deals/${deal.id}`, { accountId: account.id, version: deal.version })),
    ).toBe(true);
    expect(
      await moved(() =>
        t.admin.patch(`/api/accounts/${account.id}`, { name: '版本客户（新名）', version: account.version }),
      ),
    ).toBe(true);
    expect(
      await moved(() =>
        t.admin.post(`/api/deals/${deal.id}/followups`, {
          channel: 'call',
          verbatim: '客户说下周定',
          nextStep: '报价',
          nextStepDue: '2026-03-09',
        }),
      ),
    ).toBe(true);
    const current = (await t.admin.get(`/api/deals/${deal.id}`)).body;
    expect(
      await moved(() =>
        t.admin.patch(`/api/deals/${deal.id}`, { collaboratorIds: [rep.userId], version: current.version }),
      ),
    ).toBe(true);
    const user = await userRow(rep.userId);
    expect(
      await moved(() => t.admin.patch(`/api/users/${rep.userId}`, { name: '销售乙', version: user.version })),
    ).toBe(true);
    // A bulk statement moves it too (once per statement on PostgreSQL, once per row on SQLite).
    expect(
      await moved(() =>
        db()
          .db.kysely.transaction()
          .execute((trx) =>
            moveLiveDealsToStage(trx, {
              orgId: t.orgId,
              from: 'lead',
              to: {
                key: 'qualified',
                name: { zh: '已确认', en: 'Qualified' },
                kind: 'open',
                probability: 20,
                requiredFields: [],
                typicalDays: 14,
              } as never,
              at: t.clock.now.toISOString(),
              actorId: t.admin.userId,
              newId: (() => {
                let n = 0;
                return () => `bulk_${++n}_${Date.now()}`;
              })(),
            }),
          ),
      ),
    ).toBe(true);
    // Signing in, reading and settings-free writes elsewhere leave it alone.
    expect(await moved(() => t.admin.get('/api/deals?limit=5'))).toBe(false);
    expect(await moved(() => t.signIn(user.email, PASSWORD))).toBe(false);
    expect(await moved(() => t.admin.post('/api/tasks', { title: '准备材料', dueDate: '2026-03-10' }))).toBe(false);
  });

  it('shows the shared deals of a rep as soon as they are shared, and a renamed owner', async () => {
    const listedByRep = async () =>
      (await rep.get('/api/deals?limit=50')).body.items as { id: string; ownerName: string }[];
    const before = await listedByRep();
    const deal = (await t.admin.post('/api/deals', { title: '共享给销售', amount: 5_00 })).body;
    expect((await listedByRep()).map((d) => d.id)).toEqual(before.map((d) => d.id));
    expect(
      (await t.admin.patch(`/api/deals/${deal.id}`, { collaboratorIds: [rep.userId], version: deal.version })).status,
    ).toBe(200);
    expect((await listedByRep()).map((d) => d.id)).toContain(deal.id);
    const me = (await t.admin.get('/api/me')).body;
    const admin = await userRow(me.id);
    expect(
      (await t.admin.patch(`/api/users/${me.id}`, { name: '新名字的管理员', version: admin.version })).status,
    ).toBe(200);
    expect((await listedByRep()).find((d) => d.id === deal.id)!.ownerName).toBe('新名字的管理员');
  });

  it('presents a cached page at the time of each request, and never caches pages that depend on the time', async () => {
    const url = '/api/deals?limit=50&sort=amount';
    const first = await onOther(url);
    const hits = pages().hits;
    t.clock.advanceDays(10);
    const later = await onOther(url);
    expect(pages().hits).toBe(hits + 1);
    expect(later.items.map((d) => d.id)).toEqual(first.items.map((d) => d.id));
    const [a, b] = [first.items[0]!, later.items[0]!];
    expect(b.daysInStage).toBe(a.daysInStage + 10);
    expect(a.light.color).not.toBe('red');
    expect(b.light.color).toBe('red');

    // Ten days on, every open deal is stalled: a light or stalled-days page is read anew each time.
    const red = await onOther('/api/deals?light=red&limit=50');
    const stalled = await onOther('/api/deals?stalledDays=7&limit=50');
    expect(red.items.length).toBeGreaterThan(0);
    expect(stalled.items.length).toBeGreaterThan(0);
    t.clock.advanceDays(-10);
    expect((await onOther('/api/deals?light=red&limit=50')).items.length).toBeLessThan(red.items.length);
    expect((await onOther('/api/deals?stalledDays=7&limit=50')).items.length).toBeLessThan(stalled.items.length);
    expect(pages().hits).toBe(hits + 1);
  });

  it('keeps pages of different readers apart', async () => {
    const asAdmin = await t.admin.get('/api/deals?limit=50');
    const asRep = await rep.get('/api/deals?limit=50');
    expect(asRep.body.items.length).toBeLessThan(asAdmin.body.items.length);
    const viewer = await t.user('viewer');
    expect((await viewer.get('/api/deals?limit=50')).body.items.map((d: { id: string }) => d.id)).toEqual(
      asAdmin.body.items.map((d: { id: string }) => d.id),
    );
    const otherRep = await t.user('sales');
    expect((await otherRep.get('/api/deals?limit=50')).body.items).toEqual([]);
  });

  it('changes that bypass the commands move the version as well', async () => {
    const before = await ledgerVersion();
    await sql`UPDATE deals SET title = title WHERE org_id = ${t.orgId}`.execute(db().db.kysely);
    expect(await ledgerVersion()).toBeGreaterThan(before);
  });
});
