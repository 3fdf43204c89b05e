import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

describeEachDb('deals API', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(db());
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a deal, moves it, records a follow-up, all audited', async () => {
    const created = await t.admin.post('/api/deals', { title: '华为 ERP 升级', amount: 1_250_000_00 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: '华为 ERP 升级',
      stage: 'lead',
      probability: 10,
      version: 1,
      currency: 'CNY',
    });
    expect(created.body.light.color).toBe('yellow'); // no next step yet
    const id = created.body.id;

    const bad = await t.admin.post(`/api/deals/${id}/stage`, { stage: 'lost', version: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['lossReason']);

    const moved = await t.admin.post(`/api/deals/${id}/stage`, { stage: 'proposal', version: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stage: 'proposal', probability: 50, version: 2 });

    const stale = await t.admin.patch(`/api/deals/${id}`, { title: 'x', version: 1 });
    expect(stale.status).toBe(409);

    const noVerbatim = await t.admin.post(`/api/deals/${id}/followups`, {
      channel: 'call',
      verbatim: '   ',
      nextStep: '发报价',
      nextStepDue: '2026-03-05',
    });
    expect(noVerbatim.status).toBe(400);
    expect(noVerbatim.body.errors).toEqual([{ field: 'verbatim', message: '不能为空' }]);

    const followup = await t.admin.post(`/api/deals/${id}/followups`, {
      channel: 'call',
      verbatim: '老板说价格太贵了，竞品报价低 10%',
      nextStep: '发报价',
      nextStepDue: '2026-03-05',
    });
    expect(followup.status).toBe(201);
    expect(followup.body.intents).toEqual(
      expect.arrayContaining(['competitor_mentioned', 'price_sensitive', 'decision_maker_involved']),
    );

    const detail = await t.admin.get(`/api/deals/${id}`);
    expect(detail.body.stageHistory.map((h: { toStage: string }) => h.toStage)).toEqual(['proposal', 'lead']);
    expect(detail.body.nextStep).toBe('发报价');
  });
});

describeEachDb('leaving won with a payment plan', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(db());
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses to move a won deal with instalments out of won, and allows it once the plan is gone', async () => {
    const deal = (await t.admin.post('/api/deals', { title: '年度续费', amount: 5_000_000, stage: 'won' })).body;
    const plan = await t.admin.post(`/api/deals/${deal.id}/payments`, { dueDate: '2026-04-01', amount: 5_000_000 });
    expect(plan.status).toBe(201);
    const current = (await t.admin.get(`/api/deals/${deal.id}`)).body;
    const refused = await t.admin.post(`/api/deals/${deal.id}/stage`, {
      stage: 'negotiation',
      version: current.version,
      expectedCloseDate: '2026-05-01',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([{ field: 'stage', message: '已赢单且有回款计划' }]);
    expect((await t.admin.get(`/api/deals/${deal.id}`)).body.stage).toBe('won');

    const instalment = (await t.admin.get(`/api/deals/${deal.id}/payments`)).body.items[0];
    expect(
      (await t.admin.request('DELETE', `/api/payments/${instalment.id}`, { version: instalment.version })).status,
    ).toBe(200);
    const after = (await t.admin.get(`/api/deals/${deal.id}`)).body;
    const moved = await t.admin.post(`/api/deals/${deal.id}/stage`, {
      stage: 'negotiation',
      version: after.version,
      expectedCloseDate: '2026-05-01',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.stage).toBe('negotiation');
  });
});
