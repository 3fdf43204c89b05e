import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/commands/seed-demo.js';
import { buildApp } from '../../src/server/app.js';
import { checkAnswer } from '../contract-check.js';
import { describeEachDb } from '../test-db.js';

describeEachDb('demo organisation', (db) => {
  const now = new Date('2026-11-27T06:00:00Z');
  let app: Awaited<ReturnType<typeof buildApp>>;
  let cookie = '';
  beforeAll(async () => {
    const result = await seedDemo(db().db.kysely, { now, timezone: 'Asia/Shanghai' });
    expect(result.users.map((u) => u.role).sort()).toEqual([
      'admin',
      'finance',
      'manager',
      'marketing',
      'sales',
      'viewer',
    ]);
    expect(result.counts.accounts).toBe(60);
    expect(result.counts.deals).toBe(300);
    app = await buildApp({ db: db().db, dataDir: db().dataDir, onAnswer: checkAnswer, clock: () => now });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@example.com', password: DEMO_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    cookie = `tz_session=${login.cookies.find((c) => c.name === 'tz_session')!.value}`;
  });
  afterAll(async () => {
    await app.close();
  });

  const total = async (query: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/deals?limit=1&${query}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    return (res.json() as { total: number }).total;
  };

  it('spreads deals over every stage and every light colour', async () => {
    for (const stage of ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost']) {
      expect(await total(`stage=${stage}`), stage).toBeGreaterThan(0);
    }
    for (const light of ['red', 'yellow', 'green']) {
      expect(await total(`light=${light}`), light).toBeGreaterThan(10);
    }
    expect(await total('stalledDays=7')).toBeGreaterThan(0);
  });

  it('gives deals line items, follow-ups and stage history, and sales reps only their own deals', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/deals?stage=won&limit=1', headers: { cookie } });
    const deal = list.json().items[0];
    const detail = (await app.inject({ method: 'GET', url: `/api/deals/${deal.id}`, headers: { cookie } })).json();
    expect(detail.lineItems.length).toBeGreaterThan(0);
    expect(detail.stageHistory[0].toStage).toBe('won');
    expect(detail.stageHistory[detail.stageHistory.length - 1].fromStage).toBeNull();
    const followups = (
      await app.inject({ method: 'GET', url: `/api/deals/${deal.id}/followups`, headers: { cookie } })
    ).json();
    expect(followups.items.length).toBeGreaterThan(0);
    expect(followups.items[0].verbatim.length).toBeGreaterThan(0);

    const sales = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'sales@example.com', password: DEMO_PASSWORD },
    });
    const salesCookie = `tz_session=${sales.cookies.find((c) => c.name === 'tz_session')!.value}`;
    const salesId = sales.json().user.id;
    const own = (
      await app.inject({ method: 'GET', url: '/api/deals?limit=200', headers: { cookie: salesCookie } })
    ).json();
    expect(own.total).toBeGreaterThan(0);
    expect(own.total).toBeLessThan(300);
    for (const item of own.items.filter((i: { ownerId: string }) => i.ownerId !== salesId)) {
      const shared = (
        await app.inject({ method: 'GET', url: `/api/deals/${item.id}`, headers: { cookie: salesCookie } })
      ).json();
      expect(shared.collaboratorIds).toContain(salesId);
    }
    expect(own.items.some((i: { ownerId: string }) => i.ownerId === salesId)).toBe(true);
  });
});
