import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, PASSWORD, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

describeEachDb('collection report API', (db) => {
  let t: TestApp;
  let finance: Client;
  let repA: Client;
  let repB: Client;
  let manager: Client;
  let viewer: Client;
  let marketing: Client;
  let dealA: string;
  let dealB: string;
  let accountId: string;
  const ids: Record<string, string> = {};
  const url = '/api/reports/collection?from=2026-01&to=2026-04';

  beforeAll(async () => {
    t = await startTestApp(db(), '2026-01-05T02:00:00.000Z');
    const teamId = await t.team('华东组');
    finance = await t.user('finance', { name: '财务' });
    repA = await t.user('sales', { name: '销售甲', teamId });
    repB = await t.user('sales', { name: '销售乙' });
    manager = await t.user('manager', { name: '主管', teamId });
    viewer = await t.user('viewer');
    marketing = await t.user('marketing');
    accountId = (await repA.post('/api/accounts', { name: '杭州云帆科技' })).body.id;
    dealA = (await repA.post('/api/deals', { title: '年度合同', stage: 'won', amount: 100_000_00, accountId })).body.id;
    dealB = (await repB.post('/api/deals', { title: '小单', stage: 'won', amount: 10_000_00 })).body.id;
    const plan = async (key: string, dealId: string, dueDate: string, amount: number) => {
      const res = await finance.post(`/api/deals/${dealId}/payments`, { dueDate, amount });
      expect(res.status).toBe(201);
      ids[key] = res.body.id;
    };
    await plan('p1', dealA, '2026-01-20', 30_000_00);
    await plan('p2', dealA, '2026-02-20', 50_000_00);
    await plan('p3', dealA, '2026-04-10', 20_000_00);
    await plan('p4', dealB, '2026-02-10', 10_000_00);
    const receive = async (key: string, amount: number, receivedAt: string) => {
      expect((await finance.post(`/api/payments/${ids[key]}/receipts`, { amount, receivedAt })).status).toBe(201);
    };
    // Sessions expire when the clock jumps ahead: finance signs in again on each day it works.
    const at = async (iso: string) => {
      t.clock.set(iso);
      finance = await t.signIn(finance.email, PASSWORD);
    };
    await at('2026-01-25T02:00:00.000Z');
    await receive('p1', 10_000_00, '2026-01-25'); // partial
    await at('2026-02-15T02:00:00.000Z');
    await receive('p1', 20_000_00, '2026-02-15'); // the rest, a month later
    await receive('p4', 4_000_00, '2026-02-12');
    await at('2026-03-02T02:00:00.000Z'); // 10:00 on 2 March in Shanghai
    [repA, repB, manager, viewer, marketing, t.admin] = await Promise.all(
      [repA, repB, manager, viewer, marketing, t.admin].map((c) => t.signIn(c.email, PASSWORD)),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const ownerA = () => ({
    ownerId: repA.userId,
    name: '销售甲',
    planned: 100_000_00,
    received: 30_000_00,
    outstanding: 70_000_00,
    overdue: 50_000_00,
    overdueCount: 1,
  });
  const ownerB = () => ({
    ownerId: repB.userId,
    name: '销售乙',
    planned: 10_000_00,
    received: 4_000_00,
    outstanding: 6_000_00,
    overdue: 6_000_00,
    overdueCount: 1,
  });
  const overdueP4 = () => ({
    paymentId: ids.p4,
    dealId: dealB,
    dealTitle: '小单',
    currency: 'CNY',
    accountId: null,
    accountName: null,
    ownerId: repB.userId,
    ownerName: '销售乙',
    dueDate: '2026-02-10',
    amount: 10_000_00,
    received: 4_000_00,
    outstanding: 6_000_00,
    daysOverdue: 20,
  });
  const overdueP2 = () => ({
    paymentId: ids.p2,
    dealId: dealA,
    dealTitle: '年度合同',
    currency: 'CNY',
    accountId,
    accountName: '杭州云帆科技',
    ownerId: repA.userId,
    ownerName: '销售甲',
    dueDate: '2026-02-20',
    amount: 50_000_00,
    received: 0,
    outstanding: 50_000_00,
    daysOverdue: 10,
  });

  it('finance sees planned by due month against received by received month, overdue instalments and owners', async () => {
    const res = await finance.get(url);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      from: '2026-01',
      to: '2026-04',
      today: '2026-03-02',
      months: [
        { month: '2026-01', planned: 30_000_00, received: 10_000_00, gap: 20_000_00 },
        { month: '2026-02', planned: 60_000_00, received: 24_000_00, gap: 36_000_00 },
        { month: '2026-03', planned: 0, received: 0, gap: 0 },
        { month: '2026-04', planned: 20_000_00, received: 0, gap: 20_000_00 },
      ],
      total: { planned: 110_000_00, received: 34_000_00, gap: 76_000_00, outstanding: 76_000_00, overdue: 56_000_00 },
      overdueCount: 2,
      overdue: [overdueP4(), overdueP2()],
      byOwner: [ownerA(), ownerB()],
    });
    expect((await t.admin.get(url)).body).toEqual(res.body);
    expect((await viewer.get(url)).body).toEqual(res.body);
  });

  it('narrows to an owner, and defaults to the six months up to this one', async () => {
    const res = await finance.get(`${url}&ownerId=${repB.userId}`);
    expect(res.body.byOwner).toEqual([ownerB()]);
    expect(res.body.months.map((m: { planned: number }) => m.planned)).toEqual([0, 10_000_00, 0, 0]);
    const byDefault = await finance.get('/api/reports/collection');
    expect(byDefault.body.months.map((m: { month: string }) => m.month)).toEqual([
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(byDefault.body.total.planned).toBe(90_000_00);
  });

  it('shows sales their own deals and managers their team’s; marketing may not', async () => {
    const a = (await repA.get(url)).body;
    expect(a.byOwner).toEqual([ownerA()]);
    expect(a.overdue).toEqual([overdueP2()]);
    expect(a.months[1]).toEqual({ month: '2026-02', planned: 50_000_00, received: 20_000_00, gap: 30_000_00 });
    expect((await repB.get(url)).body.overdue).toEqual([overdueP4()]);
    expect((await manager.get(url)).body.byOwner).toEqual([ownerA()]);
    expect((await marketing.get(url)).status).toBe(403);
  });

  it('leaves out deleted instalments and refuses a reversed or too long range', async () => {
    const p3 = (await finance.get(`/api/deals/${dealA}/payments`)).body.items.find(
      (p: { id: string }) => p.id === ids.p3,
    );
    expect((await finance.delete(`/api/payments/${ids.p3}?version=${p3.version}`)).status).toBe(200);
    expect((await finance.get(url)).body.months[3]).toEqual({ month: '2026-04', planned: 0, received: 0, gap: 0 });
    expect((await finance.get('/api/reports/collection?from=2026-05&to=2026-04')).status).toBe(400);
    expect((await finance.get('/api/reports/collection?from=2020-01&to=2026-04')).status).toBe(400);
    expect((await finance.get('/api/reports/collection?from=2026-13')).status).toBe(400);
  });
});
