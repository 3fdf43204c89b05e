import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import type { Lang } from '../../src/domain/i18n.js';
import { lightCutoffs } from '../../src/domain/status-light.js';
import { dealPresenter, presentDeal } from '../../src/server/present.js';
import { DEAL_SORTS, type DealListQuery, type DealSortKey, listDeals } from '../../src/store/queries/deals.js';
import { loadOrgContext } from '../../src/store/queries/org.js';
import { startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

/**
 * The ledger's page is written as JSON by the database (store/dialect jsonObject) and completed by
 * presentDealPage. It must answer exactly what presenting the stored rows one by one (presentDeal, as every
 * other deal answer does) gives, field for field, on both engines, in both languages, for awkward text.
 */
describeEachDb('the ledger page written by the database', (db) => {
  let t: TestApp;
  const awkward = [
    '引号 "双" 和 \'单\'',
    '反斜杠 \\ 与 / 斜杠',
    '换行\n制表\t回车\r',
    'emoji 😀 与 𠀀',
    '<script>alert(1)</script>',
    'null',
    ' 前后空白 ',
    '\u0001控制字符\u001f',
  ];

  beforeAll(async () => {
    t = await startTestApp(db());
    const account = (await t.admin.post('/api/accounts', { name: '客户 "甲" \\ 有限公司 😀' })).body;
    expect(account.id).toBeTruthy();
    for (let i = 0; i < 24; i++) {
      const body: Record<string, unknown> = {
        title: `${awkward[i % awkward.length]} ${i}`,
        amount: i === 0 ? 0 : 2 ** 40 + i * 99_999_991,
        ...(i % 3 !== 0 ? { accountId: account.id } : {}),
        ...(i % 2 === 0 ? { competitors: [awkward[(i + 1) % awkward.length]!.trim() || '竞品', '纷享销客'] } : {}),
        ...(i % 4 === 1
          ? { custom: { 行业: awkward[i % awkward.length], 座席: i * 1.5, 续约: i % 8 === 1, 空: null, big: 1e21 } }
          : {}),
        ...(i % 5 === 2 ? { source: awkward[(i + 3) % awkward.length] } : {}),
        ...(i % 3 === 1
          ? { nextStep: awkward[(i + 2) % awkward.length], nextStepDue: '2026-03-0' + ((i % 9) + 1) }
          : {}),
        ...(i % 6 === 5 ? { expectedCloseDate: '2026-02-20' } : {}),
      };
      const created = await t.admin.post('/api/deals', body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const deal = created.body;
      if (i % 7 === 3)
        expect(
          (
            await t.admin.patch(`/api/deals/${deal.id}`, {
              riskFlag: true,
              riskReason: awkward[i % awkward.length],
              version: deal.version,
            })
          ).status,
        ).toBe(200);
      if (i % 5 === 4)
        expect(
          (
            await t.admin.post(`/api/deals/${deal.id}/followups`, {
              channel: 'visit',
              verbatim: awkward[i % awkward.length],
              nextStep: '报价',
              nextStepDue: '2026-03-09',
            })
          ).status,
        ).toBe(201);
      if (i % 8 === 6)
        expect(
          (
            await t.admin.post(`/api/deals/${deal.id}/stage`, {
              stage: 'lost',
              lossReason: 'price',
              version: (await t.admin.get(`/api/deals/${deal.id}`)).body.version,
            })
          ).status,
        ).toBe(200);
      if (i === 11)
        expect((await t.admin.request('DELETE', `/api/deals/${deal.id}`, { version: deal.version })).status).toBe(200);
      t.clock.advanceDays(0.3);
    }
    t.clock.advanceDays(2);
  });
  afterAll(async () => {
    await t.close();
  });

  /** Every page of a listing over HTTP, following the cursor. */
  async function pages(query: string, lang: Lang) {
    const items: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.admin.get(`/api/deals?limit=5${query}${cursor ? `&cursor=${cursor}` : ''}`, {
        'accept-language': lang,
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  /** The same listing read as stored rows from the store and presented one by one. */
  async function presented(sort: DealSortKey, descending: boolean, lang: Lang) {
    const k = db().db.kysely;
    const org = (await loadOrgContext(k, t.orgId))!;
    const actor: Actor = { userId: t.admin.userId, orgId: t.orgId, role: 'admin', teamId: null, name: 'Admin' };
    const now = t.clock.now;
    const query: DealListQuery = { filters: {}, sort, descending, limit: 1000, count: false };
    const { rows } = await listDeals(k, actor, query, {
      cutoffs: lightCutoffs(now, org.timezone, org.settings.light, org.stages),
      stages: org.stages,
      now,
    });
    const users = new Map(
      rows.flatMap((row) => (row.owner_name === null ? [] : [[row.owner_id, row.owner_name] as const])),
    );
    const accounts = new Map(
      rows.flatMap((row) =>
        row.account_id === null || row.account_name === null ? [] : [[row.account_id, row.account_name] as const],
      ),
    );
    const presenter = dealPresenter(org, now, lang, { users, accounts });
    expect(DEAL_SORTS[sort]).toBeTruthy();
    return rows.map((row) => JSON.parse(JSON.stringify(presentDeal(row, presenter))) as Record<string, unknown>);
  }

  it('equals the deals presented one by one, for every sort and both languages', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const [sort, descending] of [
        ['updatedAt', true],
        ['amount', false],
        ['expectedCloseDate', false],
        ['lastFollowupAt', true],
      ] as const) {
        const listed = await pages(`&sort=${descending ? '-' : ''}${sort}&count=false`, lang);
        const expected = await presented(sort, descending, lang);
        expect(listed).toHaveLength(23);
        expect(listed).toEqual(expected);
        // Same keys as well as the same values (toEqual would let an undefined-valued key through).
        for (let i = 0; i < listed.length; i++)
          expect(Object.keys(listed[i]!).sort()).toEqual(Object.keys(expected[i]!).sort());
      }
    }
    const en = await pages('', 'en');
    expect(en.map((deal) => deal.stageName)).toContain('Lost');
    const zh = await pages('', 'zh-CN');
    expect(zh.find((deal) => deal.title === 'emoji 😀 与 𠀀 19')).toMatchObject({
      accountName: '客户 "甲" \\ 有限公司 😀',
    });
    expect(zh.find((deal) => deal.title === '<script>alert(1)</script> 4')).toMatchObject({
      competitors: ['null', '纷享销客'],
      accountName: '客户 "甲" \\ 有限公司 😀',
    });
    expect(zh.filter((deal) => deal.riskFlag === true).length).toBeGreaterThan(0);
    expect(zh.find((deal) => (deal.custom as Record<string, unknown>).big !== undefined)?.custom).toMatchObject({
      big: 1e21,
      空: null,
    });
  });

  it('keeps the total and the cursor beside the items', async () => {
    const res = await t.admin.get('/api/deals?limit=5&stage=lead');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(5);
    expect(res.body.items).toHaveLength(5);
    expect(typeof res.body.nextCursor).toBe('string');
    const empty = await t.admin.get('/api/deals?q=没有这样的客户');
    expect(empty.body).toEqual({ items: [], nextCursor: null, total: 0 });
  });
});
