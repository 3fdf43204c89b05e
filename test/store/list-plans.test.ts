import { afterAll, beforeAll, expect, it } from 'vitest';
import { seededRandom } from '../../src/domain/random.js';
import { queryTerms, searchTokens } from '../../src/domain/search-tokens.js';
import { DEFAULT_STAGES } from '../../src/domain/stages.js';
import { DEFAULT_LIGHT_SETTINGS, lightCutoffs } from '../../src/domain/status-light.js';
import { engineOf, searchMatches } from '../../src/store/dialect.js';
import { broadAmountRange, type DealListQuery, listDeals } from '../../src/store/queries/deals.js';
import type { DealRow } from '../../src/store/schema.js';
import { startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

/**
 * The ledger query takes other routes through the data for broad searches and broad amount ranges (see
 * dialect.searchMatches and queries/deals.ts broadAmountRange); each route must list exactly the same deals.
 */

const WORDS = [
  '科技',
  '科技园',
  '华信',
  '信息',
  '云',
  'Cloud',
  'clock',
  'closer',
  'acme',
  'CRM 升级',
  '物流',
  '科学',
  '技术',
];
const DEALS = 24_000;

describeEachDb('ledger query routes agree', (db) => {
  let t: TestApp;
  let rows: DealRow[];
  const now = new Date('2026-03-02T02:00:00.000Z');

  beforeAll(async () => {
    t = await startTestApp(db(), now.toISOString());
    const rng = seededRandom(20261127);
    rows = [];
    for (let i = 0; i < DEALS; i++) {
      const title = `${rng.pick(WORDS)}${rng.chance(0.5) ? ` ${rng.pick(WORDS)}` : ''} ${i}`;
      const at = new Date(now.getTime() - rng.int(0, 400) * 86_400_000 - i).toISOString();
      rows.push({
        id: `lp_${String(i).padStart(6, '0')}`,
        org_id: t.orgId,
        account_id: null,
        title,
        owner_id: t.admin.userId,
        stage: rng.pick(['lead', 'qualified', 'proposal', 'won']),
        // Nine in ten deals between ¥10k and ¥20k: a broad range; the rest spread wide.
        amount: rng.chance(0.9) ? rng.int(1_000_000, 2_000_000) : rng.int(0, 100_000_000),
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
        next_step: null,
        next_step_due: null,
        last_followup_at: null,
        last_activity_at: at,
        next_payment_due: null,
        stage_entered_at: at,
        search_tokens: searchTokens(title),
        version: 1,
        created_at: at,
        updated_at: at,
        deleted_at: rng.chance(0.02) ? at : null,
      });
    }
    for (let i = 0; i < rows.length; i += 500)
      await db()
        .db.kysely.insertInto('deals')
        .values(rows.slice(i, i + 500))
        .execute();
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('a broad search tested row by row matches exactly what the text index matches', async () => {
    const k = db().db.kysely;
    for (const query of ['科技', '科', '技术', '华信 科技', 'clo', 'cloud', 'acme 物流', 'crm', 'CRM 升级', '云 clo']) {
      const terms = queryTerms(query);
      const ids = async (scan: boolean) =>
        (
          await k
            .selectFrom('deals')
            .select('id')
            .where('org_id', '=', t.orgId)
            .where(() => searchMatches(engineOf(k), 'deals', terms, { scan }))
            .orderBy('id')
            .execute()
        ).map((r) => r.id);
      const indexed = await ids(false);
      expect(indexed.length, query).toBeGreaterThan(0);
      expect(await ids(true), query).toEqual(indexed);
    }
  });

  it('a ledger search lists the first page in update order, whichever route the query takes', async () => {
    const k = db().db.kysely;
    const actor = { userId: t.admin.userId, orgId: t.orgId, role: 'admin' as const, teamId: null, name: 'Admin' };
    const light = {
      cutoffs: lightCutoffs(now, 'Asia/Shanghai', DEFAULT_LIGHT_SETTINGS, DEFAULT_STAGES),
      stages: DEFAULT_STAGES,
      now,
    };
    for (const query of ['科技', 'clo', '华信 科技', 'acme']) {
      const terms = queryTerms(query);
      const { rows: page } = await listDeals(
        k,
        actor,
        { filters: { terms }, sort: 'updatedAt', descending: true, limit: 50, count: false },
        light,
      );
      const expected = await k
        .selectFrom('deals')
        .select('id')
        .where('org_id', '=', t.orgId)
        .where('deleted_at', 'is', null)
        .where(() => searchMatches(engineOf(k), 'deals', terms))
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(50)
        .execute();
      expect(
        page.map((r) => r.id),
        query,
      ).toEqual(expected.map((r) => r.id));
    }
  });

  it('a broad amount range walked along the update index lists the same pages as the range index', async () => {
    const k = db().db.kysely;
    const actor = { userId: t.admin.userId, orgId: t.orgId, role: 'admin' as const, teamId: null, name: 'Admin' };
    const light = {
      cutoffs: lightCutoffs(now, 'Asia/Shanghai', DEFAULT_LIGHT_SETTINGS, DEFAULT_STAGES),
      stages: DEFAULT_STAGES,
      now,
    };
    const pages = async (amountMin: number, amountMax: number) => {
      const query: DealListQuery = {
        filters: { amountMin, amountMax },
        sort: 'updatedAt',
        descending: true,
        limit: 51,
        count: false,
      };
      const listed: string[] = [];
      let after: DealListQuery['after'];
      for (let page = 0; page < 3; page++) {
        const { rows: found } = await listDeals(k, actor, { ...query, after }, light);
        listed.push(...found.slice(0, 50).map((r) => r.id));
        const last = found[49];
        if (!last) break;
        after = { value: last.updated_at, id: last.id };
      }
      return listed;
    };
    const expected = (min: number, max: number) =>
      rows
        .filter((r) => r.deleted_at === null && r.amount >= min && r.amount <= max)
        .sort((a, b) => (a.updated_at === b.updated_at ? (a.id < b.id ? 1 : -1) : a.updated_at < b.updated_at ? 1 : -1))
        .slice(0, 150)
        .map((r) => r.id);

    const broad = { amountMin: 1_000_000, amountMax: 2_000_000 };
    // SQLite is told the range is broad; PostgreSQL's planner judges ranges by itself.
    expect(
      await broadAmountRange(k, actor, {
        filters: broad,
        sort: 'updatedAt',
        descending: true,
        limit: 51,
        count: false,
      }),
    ).toBe(db().engine === 'sqlite');
    expect(await pages(broad.amountMin, broad.amountMax)).toEqual(expected(broad.amountMin, broad.amountMax));

    const narrow = { amountMin: 50_000_000, amountMax: 50_500_000 };
    expect(
      await broadAmountRange(k, actor, {
        filters: narrow,
        sort: 'updatedAt',
        descending: true,
        limit: 51,
        count: false,
      }),
    ).toBe(false);
    expect(await pages(narrow.amountMin, narrow.amountMax)).toEqual(expected(narrow.amountMin, narrow.amountMax));
  });
});
