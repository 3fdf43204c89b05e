import { afterAll, beforeAll, expect, it } from 'vitest';
import { seededRandom } from '../../src/domain/random.js';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

/**
 * pipeline_totals (kept by triggers on deals) must equal the live deals aggregated per stage and owner after
 * any mix of writes: creates, edits of amount, probability and owner, stage moves, soft deletes, restores,
 * hard deletes; and the pipeline report must read the same figures from it as from the deals.
 */
describeEachDb('pipeline totals kept by the deals triggers', (db) => {
  let t: TestApp;
  let reps: Client[];
  let manager: Client;

  beforeAll(async () => {
    t = await startTestApp(db());
    const teamId = await t.team('East');
    reps = [await t.user('sales', { teamId }), await t.user('sales', { teamId }), await t.user('sales')];
    manager = await t.user('manager', { teamId });
  });
  afterAll(async () => {
    await t.close();
  });

  async function expectTotalsMatchDeals() {
    const k = db().db.kysely;
    const kept = await k
      .selectFrom('pipeline_totals')
      .select(['stage', 'owner_id', 'deals', 'amount', 'weighted'])
      .where('org_id', '=', t.orgId)
      .where('deals', '!=', 0)
      .orderBy('stage')
      .orderBy('owner_id')
      .execute();
    const counted = await k
      .selectFrom('deals')
      .select((eb) => [
        'stage',
        'owner_id',
        eb.fn.countAll<number>().as('deals'),
        eb.fn.sum<number>('amount').as('amount'),
        eb.fn.sum<number>(eb('amount', '*', eb.ref('probability'))).as('weighted'),
      ])
      .where('org_id', '=', t.orgId)
      .where('deleted_at', 'is', null)
      .groupBy(['stage', 'owner_id'])
      .orderBy('stage')
      .orderBy('owner_id')
      .execute();
    const plain = (rows: { stage: string; owner_id: string; deals: unknown; amount: unknown; weighted: unknown }[]) =>
      rows.map((r) => ({
        stage: r.stage,
        owner: r.owner_id,
        deals: Number(r.deals),
        amount: Number(r.amount),
        weighted: Number(r.weighted),
      }));
    expect(plain(kept)).toEqual(plain(counted));
    // Kept rows whose deals all left stay at zero everywhere.
    const left = await k
      .selectFrom('pipeline_totals')
      .select(['amount', 'weighted'])
      .where('org_id', '=', t.orgId)
      .where('deals', '=', 0)
      .execute();
    expect(left.every((r) => Number(r.amount) === 0 && Number(r.weighted) === 0)).toBe(true);
  }

  it('stay equal to the live deals through every kind of write', async () => {
    const rng = seededRandom(5);
    const ids: { id: string; client: Client }[] = [];
    for (let i = 0; i < 24; i++) {
      const client = reps[i % reps.length];
      const res = await client.post('/api/deals', {
        title: `Totals ${i}`,
        amount: rng.int(1, 500) * 1000_00,
        probability: rng.pick([10, 30, 50]),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push({ id: res.body.id, client });
    }
    await expectTotalsMatchDeals();

    const current = async (id: string) =>
      (await t.admin.get(`/api/deals/${id}`)).body as { version: number; stage: string };
    for (const [i, { id }] of ids.entries()) {
      const deal = await current(id);
      if (i % 4 === 0) {
        const res = await t.admin.patch(`/api/deals/${id}`, {
          amount: rng.int(1, 900) * 1000_00,
          probability: rng.pick([0, 30, 80, 100]),
          version: deal.version,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      } else if (i % 4 === 1) {
        const res = await t.admin.patch(`/api/deals/${id}`, {
          ownerId: reps[(i + 1) % reps.length].userId,
          version: deal.version,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      } else if (i % 4 === 2) {
        const stage = rng.pick(['qualified', 'proposal', 'won', 'lost']);
        const res = await t.admin.post(`/api/deals/${id}/stage`, {
          stage,
          version: deal.version,
          lossReason: stage === 'lost' ? 'price' : undefined,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      } else {
        expect((await t.admin.delete(`/api/deals/${id}`)).status).toBe(200);
        if (i % 8 === 3) expect((await t.admin.post(`/api/deals/${id}/restore`)).status).toBe(200);
      }
    }
    await expectTotalsMatchDeals();

    // A removed row (no command does this, but nothing may drift when it happens).
    await db().db.kysely.deleteFrom('deal_line_items').where('deal_id', '=', ids[5].id).execute();
    await db().db.kysely.deleteFrom('stage_history').where('deal_id', '=', ids[5].id).execute();
    await db().db.kysely.deleteFrom('deals').where('id', '=', ids[5].id).execute();
    await expectTotalsMatchDeals();
  });

  it('give the whole organisation the same pipeline report as aggregating the deals', async () => {
    const whole = await t.admin.get('/api/reports/pipeline');
    expect(whole.status).toBe(200);
    // A manager's report aggregates the deals themselves: for the team's owners it must agree with the admin's narrowed to them.
    const team = (await t.admin.get('/api/teams')).body.items.find((item: { name: string }) => item.name === 'East');
    const byTeam = await t.admin.get(`/api/reports/pipeline?teamId=${team.id}`);
    const managers = await manager.get('/api/reports/pipeline');
    expect(byTeam.body.stages).toEqual(managers.body.stages);
    for (const rep of reps) {
      const own = await rep.get(`/api/reports/pipeline?ownerId=${rep.userId}`);
      const narrowed = await t.admin.get(`/api/reports/pipeline?ownerId=${rep.userId}`);
      expect(narrowed.body.stages).toEqual(own.body.stages);
    }
    const sum = (field: 'count' | 'amount') =>
      whole.body.stages.reduce((n: number, s: Record<string, number>) => n + s[field], 0);
    expect(sum('count')).toBe(whole.body.total.count);
    expect(sum('count')).toBeGreaterThan(0);
  });
});
