import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/store/ids.js';
import type { DealRow } from '../../src/store/schema.js';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

type StageLine = { stage: string; label: string; count: number; amount: number; weightedAmount: number };

describeEachDb('reports API', (db) => {
  let t: TestApp;
  let managerA: Client;
  let repA1: Client;
  let repA2: Client;
  let repB: Client;
  let marketing: Client;
  let finance: Client;
  let teamA: string;
  const ids: Record<string, string> = {};

  async function deal(as: Client, key: string, body: Record<string, unknown>) {
    const res = await as.post('/api/deals', { nextStep: '跟进', nextStepDue: '2026-04-30', ...body, title: key });
    expect(res.status).toBe(201);
    ids[key] = res.body.id;
    return res.body;
  }

  beforeAll(async () => {
    t = await startTestApp(db()); // 2026-03-02T02:00Z
    teamA = await t.team('华东');
    const teamB = await t.team('华南');
    managerA = await t.user('manager', { teamId: teamA, name: '王主管' });
    repA1 = await t.user('sales', { teamId: teamA, name: '甲' });
    repA2 = await t.user('sales', { teamId: teamA, name: '乙' });
    repB = await t.user('sales', { teamId: teamB, name: '丙' });
    marketing = await t.user('marketing');
    finance = await t.user('finance');

    // Created 20, 12 and 9 days ago (so stalled for that long unless touched later).
    t.clock.set('2026-02-10T02:00:00.000Z');
    await deal(repA1, 'a1-lead', { amount: 5 });
    await deal(repA1, 'a1-lead-b', { amount: 5 });
    await deal(repB, 'b-proposal', { stage: 'proposal', amount: 1_000_00 });
    t.clock.set('2026-02-18T02:00:00.000Z');
    await deal(repA1, 'a1-proposal', { stage: 'proposal', amount: 300_00 });
    await deal(repA2, 'a2-negotiation', {
      stage: 'negotiation',
      amount: 2_000_00,
      expectedCloseDate: '2026-06-30',
      collaboratorIds: [repB.userId],
    });
    await deal(repA1, 'a1-won', { stage: 'won', amount: 9_999_00 });
    await deal(repA1, 'a1-lost', { stage: 'lost', lossReason: 'price' });
    await deal(repA2, 'a2-deleted', { amount: 7_777_00 });
    await repA2.delete(`/api/deals/${ids['a2-deleted']}`);
    t.clock.set('2026-02-21T02:00:00.000Z');
    await deal(repA2, 'a2-lead', { amount: 100_00 });
    // A manager's override of the stage probability counts in the weighting.
    await managerA.patch(`/api/deals/${ids['a2-lead']}`, { probability: 30, version: 1 });
    t.clock.set('2026-03-01T02:00:00.000Z');
    await repA1.post(`/api/deals/${ids['a1-proposal']}/followups`, {
      channel: 'call',
      verbatim: '预算要下个月才批',
      nextStep: '再约',
      nextStepDue: '2026-03-20',
    });
    t.clock.set('2026-03-02T02:00:00.000Z');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('GET /api/reports/pipeline', () => {
    const line = (body: { stages: StageLine[] }, stage: string) => body.stages.find((s) => s.stage === stage)!;

    it('sums open, live deals per stage in pipeline order, weighted once per stage', async () => {
      const res = await t.admin.get('/api/reports/pipeline', { 'accept-language': 'en' });
      expect(res.status).toBe(200);
      expect(res.body.stages.map((s: StageLine) => [s.stage, s.label])).toEqual([
        ['lead', 'Lead'],
        ['qualified', 'Qualified'],
        ['proposal', 'Proposal'],
        ['negotiation', 'Negotiation'],
      ]);
      // Two 5-fen leads at 10%: 0.5 + 0.5 = 1 (rounded once, not 1 + 1), plus 100.00 at 30% = 30.00.
      expect(line(res.body, 'lead')).toEqual({
        stage: 'lead',
        label: 'Lead',
        probability: 10,
        count: 3,
        amount: 100_10,
        weightedAmount: 30_01,
      });
      expect(line(res.body, 'qualified')).toMatchObject({ count: 0, amount: 0, weightedAmount: 0 });
      expect(line(res.body, 'proposal')).toMatchObject({ count: 2, amount: 1_300_00, weightedAmount: 650_00 });
      expect(line(res.body, 'negotiation')).toMatchObject({ count: 1, amount: 2_000_00, weightedAmount: 1_600_00 });
      expect(res.body.total).toEqual({ count: 6, amount: 3_400_10, weightedAmount: 2_280_01 });
      expect((await finance.get('/api/reports/pipeline')).body.total).toEqual(res.body.total);
    });

    it('covers only what the actor may see', async () => {
      const own = (await repA1.get('/api/reports/pipeline')).body;
      expect(own.total).toEqual({ count: 3, amount: 300_10, weightedAmount: 150_01 });
      // Shared with rep B: their own proposal plus the negotiation they collaborate on.
      const shared = (await repB.get('/api/reports/pipeline')).body;
      expect(shared.total).toMatchObject({ count: 2, amount: 3_000_00 });
      const team = (await managerA.get('/api/reports/pipeline')).body;
      expect(team.total).toMatchObject({ count: 5, amount: 2_400_10 });
      expect(team.stages[0].label).toBe('潜在客户');
      expect((await marketing.get('/api/reports/pipeline')).status).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/api/reports/pipeline' })).statusCode).toBe(401);
    });

    it('filters by owner and team', async () => {
      expect((await t.admin.get(`/api/reports/pipeline?ownerId=${repA2.userId}`)).body.total).toEqual({
        count: 2,
        amount: 2_100_00,
        weightedAmount: 1_630_00,
      });
      expect((await t.admin.get(`/api/reports/pipeline?teamId=${teamA}`)).body.total).toMatchObject({
        count: 5,
        amount: 2_400_10,
      });
      // A filter never widens visibility.
      expect((await repA1.get(`/api/reports/pipeline?ownerId=${repA2.userId}`)).body.total.count).toBe(0);
      expect((await t.admin.get('/api/reports/pipeline?teamId=')).status).toBe(400);
    });
  });

  describe('GET /api/reports/stalled', () => {
    it('lists open deals without activity for more than `days`, longest first, with the last words', async () => {
      const res = await t.admin.get('/api/reports/stalled', { 'accept-language': 'en' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ days: 7, total: 5, truncated: false });
      expect(res.body.items.map((d: { title: string; daysStalled: number }) => [d.title, d.daysStalled])).toEqual(
        [
          ['a1-lead', 20],
          ['a1-lead-b', 20],
          ['b-proposal', 20],
          ['a2-negotiation', 12],
          ['a2-lead', 9],
        ].sort((a, b) => (b[1] as number) - (a[1] as number) || (ids[a[0]] < ids[b[0]] ? -1 : 1)),
      );
      const item = res.body.items.find((d: { title: string }) => d.title === 'a2-negotiation');
      expect(item).toMatchObject({
        id: ids['a2-negotiation'],
        stage: 'negotiation',
        ownerName: '乙',
        lastVerbatim: null,
        light: { color: 'red' },
      });
      expect(item.light.reasons[0].code).toBe('stalled');

      expect(res.body.byStage).toEqual([
        { stage: 'lead', label: 'Lead', count: 3, share: 0.6, avgDaysStalled: 16.3 },
        { stage: 'qualified', label: 'Qualified', count: 0, share: 0, avgDaysStalled: 0 },
        { stage: 'proposal', label: 'Proposal', count: 1, share: 0.2, avgDaysStalled: 20 },
        { stage: 'negotiation', label: 'Negotiation', count: 1, share: 0.2, avgDaysStalled: 12 },
      ]);
      expect(res.body.byOwner).toEqual([
        { ownerId: repA1.userId, name: '甲', count: 2, avgDaysStalled: 20 },
        { ownerId: repA2.userId, name: '乙', count: 2, avgDaysStalled: 10.5 },
        { ownerId: repB.userId, name: '丙', count: 1, avgDaysStalled: 20 },
      ]);
    });

    it('counts whole days exactly at the boundary and follows `days`', async () => {
      // a2-lead had its last activity exactly 9 days ago: stalled for 9 but not for more than 9.
      expect(
        (await t.admin.get('/api/reports/stalled?days=9')).body.items.map((d: { title: string }) => d.title),
      ).not.toContain('a2-lead');
      expect(
        (await t.admin.get('/api/reports/stalled?days=8')).body.items.find(
          (d: { title: string }) => d.title === 'a2-lead',
        ).daysStalled,
      ).toBe(9);
      const zero = await t.admin.get('/api/reports/stalled?days=0');
      expect(zero.body.total).toBe(6);
      const recent = zero.body.items.find((d: { title: string }) => d.title === 'a1-proposal');
      expect(recent).toMatchObject({ daysStalled: 1, lastVerbatim: '预算要下个月才批' });
      expect((await t.admin.get('/api/reports/stalled?days=-1')).status).toBe(400);
      expect((await t.admin.get('/api/reports/stalled?days=abc')).status).toBe(400);
    });

    it('matches the ledger’s stalledDays filter and respects visibility and filters', async () => {
      const ledger = await t.admin.get('/api/deals?stalledDays=7&limit=200');
      const report = await t.admin.get('/api/reports/stalled?days=7');
      expect(report.body.items.map((d: { id: string }) => d.id).sort()).toEqual(
        ledger.body.items.map((d: { id: string }) => d.id).sort(),
      );
      expect((await repA1.get('/api/reports/stalled')).body.total).toBe(2);
      expect((await managerA.get('/api/reports/stalled')).body.byOwner.map((o: { name: string }) => o.name)).toEqual([
        '甲',
        '乙',
      ]);
      expect((await t.admin.get(`/api/reports/stalled?teamId=${teamA}`)).body.total).toBe(4);
      expect(
        (await t.admin.get(`/api/reports/stalled?ownerId=${repB.userId}`)).body.items.map(
          (d: { title: string }) => d.title,
        ),
      ).toEqual(['b-proposal']);
      expect((await marketing.get('/api/reports/stalled')).status).toBe(403);
    });
  });

  it('caps the stalled list at 500 and says so, while the summaries count them all', async () => {
    const big = await startTestApp(db());
    try {
      const k = db().db.kysely;
      const org = await k
        .selectFrom('users')
        .select('org_id')
        .where('id', '=', big.admin.userId)
        .executeTakeFirstOrThrow();
      const base = Date.parse('2026-01-01T00:00:00.000Z');
      const rows: DealRow[] = Array.from({ length: 503 }, (_, i) => {
        const at = new Date(base + i * 60_000).toISOString();
        return {
          id: newId(base + i),
          org_id: org.org_id,
          account_id: null,
          title: `stale ${i}`,
          owner_id: big.admin.userId,
          stage: i % 2 ? 'lead' : 'qualified',
          amount: 100,
          currency: 'CNY',
          probability: 10,
          expected_close_date: null,
          closed_at: null,
          loss_reason: null,
          risk_flag: 0,
          risk_reason: null,
          source: null,
          competitors: '[]',
          custom: '{}',
          next_step: 'x',
          next_step_due: null,
          last_followup_at: null,
          last_activity_at: at,
          next_payment_due: null,
          stage_entered_at: at,
          search_tokens: 'stale',
          version: 1,
          created_at: at,
          updated_at: at,
          deleted_at: null,
        };
      });
      for (let i = 0; i < rows.length; i += 100)
        await k
          .insertInto('deals')
          .values(rows.slice(i, i + 100))
          .execute();
      const res = await big.admin.get('/api/reports/stalled?days=7');
      expect(res.body).toMatchObject({ total: 503, truncated: true });
      expect(res.body.items).toHaveLength(500);
      expect(res.body.items[0].title).toBe('stale 0');
      expect(res.body.items[499].title).toBe('stale 499');
      expect(res.body.byStage.slice(0, 2).map((s: { count: number }) => s.count)).toEqual([251, 252]);
      // Now is 60 days 2 hours after the first; deals one minute apart: 121 of them at 60 days, 382 at 59.
      expect(res.body.byOwner).toEqual([
        { ownerId: big.admin.userId, name: 'Admin', count: 503, avgDaysStalled: 59.2 },
      ]);
      expect(res.body.items[120].daysStalled).toBe(60);
      expect(res.body.items[121].daysStalled).toBe(59);
      // The ledger's stalled list: longest-stalled first unless a sort is asked for, paged to the end.
      const titles: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page = await big.admin.get(`/api/deals?stalledDays=7&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.total).toBe(503);
        titles.push(...page.body.items.map((d: { title: string }) => d.title));
        cursor = page.body.nextCursor;
      }
      expect(titles).toEqual(rows.map((row) => row.title));
      const newest = await big.admin.get('/api/deals?stalledDays=7&limit=1&sort=-updatedAt');
      expect(newest.body.items[0].title).toBe('stale 502');
      const pipeline = await big.admin.get('/api/reports/pipeline');
      expect(pipeline.body.total).toEqual({ count: 503, amount: 50_300, weightedAmount: 5_030 });
    } finally {
      await big.close();
    }
  });
});
