import { afterAll, beforeAll, expect, it } from 'vitest';
import { seededRandom } from '../../src/domain/random.js';
import { DEFAULT_STAGES, findStage } from '../../src/domain/stages.js';
import {
  DEFAULT_LIGHT_SETTINGS,
  dealLight,
  type LightColor,
  type LightSettings,
  lightCutoffs,
} from '../../src/domain/status-light.js';
import { addDays, DAY_MS, dateInZone } from '../../src/domain/time.js';
import { lightInputOf } from '../../src/store/queries/deal-light.js';
import type { DealRow } from '../../src/store/schema.js';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

/**
 * The SQL light filter (GET /api/deals?light=…) must pick exactly the deals whose dealLight has that
 * colour, for generated deals crowded around every threshold, at a fixed injected clock.
 */

const ZONE = 'Asia/Shanghai';
// 10:00 in Shanghai, and 00:30 of the next Shanghai day while UTC is still on 03-02.
const CLOCKS = ['2026-03-02T02:00:00.000Z', '2026-03-02T16:30:00.000Z'];
const DEALS_PER_CLOCK = 110;

/** Instants just around each threshold, and a spread in between. */
function idleOffsets(settings: LightSettings): number[] {
  const around = (days: number) => [days * DAY_MS - 1, days * DAY_MS, days * DAY_MS + 1];
  return [
    0,
    3_600_000,
    ...around(settings.yellowStalledDays),
    ...around(settings.redStalledDays),
    ...around(10),
    ...around(1),
    30 * DAY_MS,
  ];
}

function generateDeals(seed: number, nowIso: string, orgId: string, ownerId: string, count: number): DealRow[] {
  const rng = seededRandom(seed);
  const now = new Date(nowIso);
  const today = dateInZone(now, ZONE);
  const stageKeys = DEFAULT_STAGES.map((s) => s.key);
  const typical = DEFAULT_STAGES.flatMap((s) => (s.typicalDays === null ? [] : [s.typicalDays]));
  const rows: DealRow[] = [];
  for (let i = 0; i < count; i++) {
    const idle = rng.chance(0.6) ? rng.pick(idleOffsets(DEFAULT_LIGHT_SETTINGS)) : rng.int(0, 20 * DAY_MS);
    const inStage = rng.chance(0.5)
      ? rng.pick(typical) * DAY_MS + rng.pick([-1, 0, 1])
      : rng.int(0, 45) * DAY_MS + rng.int(0, DAY_MS - 1);
    const at = new Date(now.getTime() - idle).toISOString();
    const stage = rng.chance(0.7) ? rng.pick(stageKeys.slice(0, 4)) : rng.pick(stageKeys);
    const kind = findStage(DEFAULT_STAGES, stage)!.kind;
    rows.push({
      id: `lf${seed}_${String(i).padStart(4, '0')}`,
      org_id: orgId,
      account_id: null,
      title: `Generated ${seed}-${i}`,
      owner_id: ownerId,
      stage,
      amount: rng.int(0, 500) * 100_00,
      currency: 'CNY',
      probability: findStage(DEFAULT_STAGES, stage)!.probability,
      expected_close_date: rng.chance(0.3) ? null : addDays(today, rng.int(-3, 40)),
      closed_at: kind === 'open' ? null : at,
      loss_reason: kind === 'lost' ? 'price' : null,
      risk_flag: rng.chance(0.12) ? 1 : 0,
      risk_reason: null,
      source: null,
      competitors: '[]',
      custom: '{}',
      next_step: rng.pick([null, '', '   ', '发报价', '约老板', '发报价']),
      next_step_due: rng.chance(0.3) ? null : addDays(today, rng.int(-3, 6)),
      last_followup_at: rng.chance(0.5) ? null : at,
      last_activity_at: at,
      next_payment_due: rng.chance(0.6) ? null : addDays(today, rng.int(-4, 4)),
      stage_entered_at: new Date(now.getTime() - inStage).toISOString(),
      search_tokens: '',
      version: 1,
      created_at: at,
      updated_at: at,
      // A few deleted deals: no filter may ever return them.
      deleted_at: rng.chance(0.04) ? nowIso : null,
    });
  }
  return rows;
}

async function listAll(client: Client, query: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const res = await client.get(`/api/deals?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

describeEachDb('SQL light filter agrees with dealLight', (db) => {
  let t: TestApp;
  let rows: DealRow[];

  beforeAll(async () => {
    t = await startTestApp(db());
    rows = CLOCKS.flatMap((clock, i) => generateDeals(20260302 + i, clock, t.orgId, t.admin.userId, DEALS_PER_CLOCK));
    for (let i = 0; i < rows.length; i += 50)
      await db()
        .db.kysely.insertInto('deals')
        .values(rows.slice(i, i + 50))
        .execute();
  });
  afterAll(async () => {
    await t.close();
  });

  function expectedColour(row: DealRow, now: Date, settings: LightSettings): LightColor | null {
    const light = dealLight(
      lightInputOf(row, DEFAULT_STAGES),
      now,
      lightCutoffs(now, ZONE, settings, DEFAULT_STAGES),
      settings,
      DEFAULT_STAGES,
    );
    return light?.color ?? null;
  }

  async function expectAgreement(settings: LightSettings) {
    const live = rows.filter((row) => row.deleted_at === null);
    const now = t.clock.now;
    const expected: Record<LightColor, string[]> = { red: [], yellow: [], green: [] };
    for (const row of live) {
      const colour = expectedColour(row, now, settings);
      if (colour) expected[colour].push(row.id);
    }
    // The generator must actually exercise every colour, or the check proves little.
    for (const colour of ['red', 'yellow', 'green'] as const)
      expect(expected[colour].length, colour).toBeGreaterThan(10);

    const seen = new Set<string>();
    for (const colour of ['red', 'yellow', 'green'] as const) {
      const items = await listAll(t.admin, `light=${colour}`);
      const ids = items.map((item) => item.id).sort();
      const mismatch = [...new Set([...ids, ...expected[colour]])].filter(
        (id) => ids.includes(id) !== expected[colour].includes(id),
      );
      expect(
        mismatch.map((id) => ({ id, colour, sql: ids.includes(id), row: rows.find((r) => r.id === id) })),
        `light=${colour} at ${now.toISOString()}`,
      ).toEqual([]);
      expect(ids).toEqual([...expected[colour]].sort());
      // The light each answer carries says the same as the filter that found it.
      for (const item of items) expect(item.light?.color, item.id).toBe(colour);
      for (const id of ids) {
        expect(seen.has(id), `${id} in two colours`).toBe(false);
        seen.add(id);
      }
    }
    // Lost deals have no light, so no colour lists them; every other live deal has exactly one colour.
    const lostIds = live.filter((row) => row.stage === 'lost').map((row) => row.id);
    expect(lostIds.length).toBeGreaterThan(0);
    for (const id of lostIds) expect(seen.has(id)).toBe(false);
    expect(seen.size).toBe(live.length - lostIds.length);
  }

  for (const clock of CLOCKS) {
    it(`matches at ${clock} with the default thresholds`, async () => {
      t.clock.set(clock);
      await expectAgreement(DEFAULT_LIGHT_SETTINGS);
    });
  }

  it("matches with the organisation's own thresholds", async () => {
    const settings: LightSettings = { redStalledDays: 10, yellowStalledDays: 1, yellowNextStepDueDays: 4 };
    const org = await db()
      .db.kysely.selectFrom('organisations')
      .select('settings')
      .where('id', '=', t.orgId)
      .executeTakeFirstOrThrow();
    await db()
      .db.kysely.updateTable('organisations')
      .set((eb) => ({
        settings: JSON.stringify({ ...JSON.parse(org.settings), light: settings }),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', t.orgId)
      .execute();
    try {
      for (const clock of CLOCKS) {
        t.clock.set(clock);
        await expectAgreement(settings);
      }
    } finally {
      await db()
        .db.kysely.updateTable('organisations')
        .set((eb) => ({ settings: org.settings, version: eb('version', '+', 1) }))
        .where('id', '=', t.orgId)
        .execute();
    }
  });

  it('stalledDays=N lists exactly the open deals idle for more than N days', async () => {
    for (const clock of CLOCKS) {
      t.clock.set(clock);
      const now = t.clock.now.getTime();
      for (const days of [0, 1, 3, 7, 10, 30]) {
        const expected = rows
          .filter((row) => row.deleted_at === null && findStage(DEFAULT_STAGES, row.stage)!.kind === 'open')
          .filter((row) => new Date(row.last_activity_at).getTime() < now - days * DAY_MS)
          .map((row) => row.id)
          .sort();
        const items = await listAll(t.admin, `stalledDays=${days}`);
        expect(items.map((item) => item.id).sort(), `stalledDays=${days} at ${clock}`).toEqual(expected);
      }
    }
  });

  it('stalledDays=7 is the red "stalled" reason, and combines with the light filter', async () => {
    t.clock.set(CLOCKS[0]);
    const stalled = await listAll(t.admin, 'stalledDays=7');
    expect(stalled.length).toBeGreaterThan(0);
    for (const item of stalled) expect(item.light.reasons.map((r: { code: string }) => r.code)).toContain('stalled');
    const stalledRed = await listAll(t.admin, 'stalledDays=3&light=red');
    for (const item of stalledRed) expect(item.light.color).toBe('red');
    const stalledYellow = await listAll(t.admin, 'stalledDays=3&light=yellow');
    expect(stalledYellow.length).toBeGreaterThan(0);
    for (const item of stalledYellow)
      expect(item.light.reasons.map((r: { code: string }) => r.code)).toContain('no_recent_followup');
    expect(stalledRed.length + stalledYellow.length).toBe((await listAll(t.admin, 'stalledDays=3')).length);
  });

  it('rejects an unknown colour and a negative stalledDays, naming the field', async () => {
    const colour = await t.admin.get('/api/deals?light=blue');
    expect(colour.status).toBe(400);
    expect(colour.body.errors.map((e: { field: string }) => e.field)).toEqual(['light']);
    const days = await t.admin.get('/api/deals?stalledDays=-1');
    expect(days.status).toBe(400);
    expect(days.body.errors.map((e: { field: string }) => e.field)).toEqual(['stalledDays']);
  });
});
