import { beforeAll, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

// Asia/Shanghai (UTC+8). 2026-11-23 is a Monday; deals exist since the week before.
describeEachDb('GET /api/reports/update-rate', (db) => {
  let t: TestApp;
  let manager: Client;
  let rep1: Client;
  let rep2: Client;
  let marketing: Client;

  beforeAll(async () => {
    t = await startTestApp(db(), '2026-11-16T02:00:00.000Z');
    manager = await t.user('manager', { name: '王经理' });
    const teamId = await t.team('一组', manager.userId);
    rep1 = await t.user('sales', { teamId, name: '甲' });
    rep2 = await t.user('sales', { teamId, name: '乙' });
    marketing = await t.user('marketing');
    const a = (await rep1.post('/api/deals', { title: 'a' })).body.id;
    await rep1.post('/api/deals', { title: 'b' });
    await rep2.post('/api/deals', { title: 'c' });
    // rep1 follows up on deal a on Monday and on Wednesday (local time).
    for (const at of ['2026-11-23T03:00:00.000Z', '2026-11-25T15:30:00.000Z']) {
      t.clock.set(at);
      expect(
        (
          await rep1.post(`/api/deals/${a}/followups`, {
            channel: 'call',
            verbatim: '客户原话',
            nextStep: '回访',
            nextStepDue: '2026-12-31',
          })
        ).status,
      ).toBe(201);
    }
    t.clock.set('2026-11-27T10:00:00.000Z');
  });

  it('gives per day the share of active deals touched that day, per rep (lowest first) and team', async () => {
    const res = await t.admin.get('/api/reports/update-rate?from=2026-11-23&to=2026-11-27');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      from: '2026-11-23',
      to: '2026-11-27',
      granularity: 'day',
      windowDays: 1,
      workdays: [1, 2, 3, 4, 5],
    });
    expect(res.body.series).toEqual([
      { period: '2026-11-23', active: 3, updated: 1, rate: 0.3333 },
      { period: '2026-11-24', active: 3, updated: 0, rate: 0 },
      { period: '2026-11-25', active: 3, updated: 1, rate: 0.3333 },
      { period: '2026-11-26', active: 3, updated: 0, rate: 0 },
      { period: '2026-11-27', active: 3, updated: 0, rate: 0 },
    ]);
    expect(res.body.total).toEqual({ active: 15, updated: 2, rate: 0.1333 });
    expect(
      res.body.byOwner.map((o: { name: string; active: number; updated: number; rate: number }) => [
        o.name,
        o.active,
        o.updated,
        o.rate,
      ]),
    ).toEqual([
      ['乙', 5, 0, 0],
      ['甲', 10, 2, 0.2],
    ]);
    expect(res.body.byOwner[1].series).toEqual([0.5, 0, 0.5, 0, 0]);
    expect(res.body.byTeam).toEqual([
      { teamId: expect.any(String), name: '一组', active: 15, updated: 2, rate: 0.1333 },
    ]);
  });

  it('folds days into ISO weeks, skipping days off', async () => {
    const res = await t.admin.get('/api/reports/update-rate?from=2026-11-23&to=2026-11-29&granularity=week');
    expect(res.body.series).toEqual([{ period: '2026-11-23', active: 15, updated: 2, rate: 0.1333 }]);
  });

  it('widens with the organisation’s update window', async () => {
    const settings = (await t.admin.get('/api/settings')).body;
    expect((await t.admin.patch('/api/settings', { updateWindowDays: 3, version: settings.version })).status).toBe(200);
    const res = await t.admin.get('/api/reports/update-rate?from=2026-11-23&to=2026-11-27');
    expect(res.body.windowDays).toBe(3);
    expect(res.body.byOwner.find((o: { name: string }) => o.name === '甲')).toMatchObject({
      active: 10,
      updated: 5,
      rate: 0.5,
    });
    const back = (await t.admin.get('/api/settings')).body;
    await t.admin.patch('/api/settings', { updateWindowDays: 1, version: back.version });
  });

  it('shows a rep their own deals, a manager the team, and refuses marketing', async () => {
    const own = await rep2.get('/api/reports/update-rate?from=2026-11-23&to=2026-11-27');
    expect(own.body.byOwner.map((o: { name: string }) => o.name)).toEqual(['乙']);
    expect(own.body.total).toEqual({ active: 5, updated: 0, rate: 0 });
    const other = await rep2.get(`/api/reports/update-rate?from=2026-11-23&to=2026-11-27&ownerId=${rep1.userId}`);
    expect(other.body.byOwner).toEqual([]);
    const team = await manager.get('/api/reports/update-rate?from=2026-11-23&to=2026-11-27');
    expect(team.body.byOwner.map((o: { name: string }) => o.name).sort()).toEqual(['乙', '甲']);
    expect((await marketing.get('/api/reports/update-rate')).status).toBe(403);
  });

  it('defaults to the last seven days up to today, never past today, and names bad ranges', async () => {
    const res = await t.admin.get('/api/reports/update-rate');
    expect([res.body.from, res.body.to]).toEqual(['2026-11-21', '2026-11-27']);
    expect((await t.admin.get('/api/reports/update-rate?from=2026-11-27&to=2027-01-01')).body.to).toBe('2026-11-27');
    const reversed = await t.admin.get('/api/reports/update-rate?from=2026-11-27&to=2026-11-20', {
      'accept-language': 'en',
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([{ field: 'from', message: 'must not be after the end date (or today)' }]);
    expect((await t.admin.get('/api/reports/update-rate?from=2025-01-01&to=2026-11-27')).body.errors[0].field).toBe(
      'from',
    );
    expect((await t.admin.get('/api/reports/update-rate?granularity=month')).status).toBe(400);
  });
});
