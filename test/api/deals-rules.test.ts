import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
const followup = (extra: Record<string, unknown> = {}) => ({
  channel: 'visit',
  verbatim: '客户说下周给答复',
  nextStep: '电话确认',
  nextStepDue: '2026-03-06',
  ...extra,
});

describeEachDb('deal rules', (db) => {
  let t: TestApp;
  let rep: Client;

  beforeAll(async () => {
    t = await startTestApp(db());
    rep = await t.user('sales', { name: '赵销售' });
  });
  afterAll(async () => {
    await t.close();
  });

  async function newDeal(body: Record<string, unknown> = {}, client: Client = rep) {
    const res = await client.post('/api/deals', {
      title: '测试商机',
      nextStep: '约演示',
      nextStepDue: '2026-03-06',
      ...body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }
  const dealRow = (id: string) =>
    db().db.kysely.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const auditRows = (id: string) =>
    db().db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', id).orderBy('id').execute();
  const historyRows = (id: string) =>
    db().db.kysely.selectFrom('stage_history').selectAll().where('deal_id', '=', id).orderBy('id').execute();

  describe('validation', () => {
    it('probability only from the fixed list, and a 400 names `probability`', async () => {
      for (const probability of [0, 10, 30, 50, 80, 100])
        expect((await rep.post('/api/deals', { title: `p${probability}`, probability })).status).toBe(201);
      for (const probability of [33, 45, 5, -10, 110, 50.5, '50']) {
        const res = await rep.post('/api/deals', { title: 'x', probability });
        expect(res.status, String(probability)).toBe(400);
        expect(fields(res.body)).toEqual(['probability']);
      }
      const zh = await rep.post('/api/deals', { title: 'x', probability: 33 });
      expect(zh.body.errors).toEqual([{ field: 'probability', message: '只能选 0/10/30/50/80/100' }]);
      const deal = await newDeal();
      const patch = await rep.patch(
        `/api/deals/${deal.id}`,
        { probability: 75, version: deal.version },
        { 'accept-language': 'en' },
      );
      expect(patch.body.errors).toEqual([{ field: 'probability', message: 'must be one of 0/10/30/50/80/100' }]);
      expect(
        (await rep.patch(`/api/deals/${deal.id}`, { probability: 80, version: deal.version })).body.probability,
      ).toBe(80);
    });

    it('lists every invalid field at once', async () => {
      const res = await rep.post('/api/deals', { title: '   ', probability: 33, expectedCloseDate: '2026-02-30' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, title: '输入有误', detail: '有 3 个字段需要修改' });
      expect(fields(res.body).sort()).toEqual(['expectedCloseDate', 'probability', 'title']);

      const many = await rep.post(
        '/api/deals',
        {
          title: '',
          amount: -5,
          currency: 'rmb',
          probability: 33,
          expectedCloseDate: 'soon',
          nextStepDue: '2026-13-01',
          competitors: [''],
          colour: 'red',
        },
        { 'accept-language': 'en' },
      );
      expect(many.status).toBe(400);
      expect(
        Object.fromEntries(many.body.errors.map((e: { field: string; message: string }) => [e.field, e.message])),
      ).toEqual({
        title: 'must not be blank',
        amount: 'must be a non-negative integer in minor units (cents/分)',
        currency: 'must be a 3-letter currency code such as CNY',
        probability: 'must be one of 0/10/30/50/80/100',
        expectedCloseDate: 'must be a real date (YYYY-MM-DD)',
        nextStepDue: 'must be a real date (YYYY-MM-DD)',
        'competitors.0': 'must not be empty',
        colour: 'unknown field(s): colour',
      });
    });

    it('references must exist in the organisation; an unknown stage is named', async () => {
      const res = await rep.post('/api/deals', {
        title: 'x',
        stage: 'closing',
        accountId: 'no-such-account',
        collaboratorIds: ['no-such-user'],
      });
      expect(res.status).toBe(400);
      expect(fields(res.body).sort()).toEqual(['accountId', 'collaboratorIds.0', 'stage']);
    });

    it("a deal created in a later stage needs that stage's fields", async () => {
      expect(fields((await rep.post('/api/deals', { title: 'x', stage: 'proposal' })).body)).toEqual(['amount']);
      expect(fields((await rep.post('/api/deals', { title: 'x', stage: 'negotiation' })).body)).toEqual([
        'amount',
        'expectedCloseDate',
      ]);
      expect(fields((await rep.post('/api/deals', { title: 'x', stage: 'lost' })).body)).toEqual(['lossReason']);
      const created = await rep.post('/api/deals', {
        title: 'x',
        stage: 'negotiation',
        amount: 10_000_00,
        expectedCloseDate: '2026-04-30',
      });
      expect(created.body).toMatchObject({ stage: 'negotiation', probability: 80 });
    });
  });

  describe('stage moves', () => {
    it('each target stage needs its fields, listed together', async () => {
      const deal = await newDeal({ amount: 0 });
      const lost = await rep.post(`/api/deals/${deal.id}/stage`, { stage: 'lost', version: deal.version });
      expect(lost.status).toBe(400);
      expect(lost.body.errors).toEqual([{ field: 'lossReason', message: '进入「输单」阶段前必须填写输单原因' }]);
      expect(
        fields(
          (
            await rep.post(`/api/deals/${deal.id}/stage`, {
              stage: 'lost',
              lossReason: 'gut_feeling',
              version: deal.version,
            })
          ).body,
        ),
      ).toEqual(['lossReason']);
      expect(
        fields((await rep.post(`/api/deals/${deal.id}/stage`, { stage: 'proposal', version: deal.version })).body),
      ).toEqual(['amount']);
      expect(
        fields(
          (await rep.post(`/api/deals/${deal.id}/stage`, { stage: 'proposal', amount: 0, version: deal.version })).body,
        ),
      ).toEqual(['amount']);
      const negotiation = await rep.post(
        `/api/deals/${deal.id}/stage`,
        { stage: 'negotiation', version: deal.version },
        { 'accept-language': 'en' },
      );
      expect(negotiation.body.errors).toEqual([
        { field: 'amount', message: 'Amount is required before entering Negotiation' },
        { field: 'expectedCloseDate', message: 'Expected close date is required before entering Negotiation' },
      ]);
      expect(
        fields((await rep.post(`/api/deals/${deal.id}/stage`, { stage: 'won', version: deal.version })).body),
      ).toEqual(['amount']);
      expect(
        fields((await rep.post(`/api/deals/${deal.id}/stage`, { stage: 'nowhere', version: deal.version })).body),
      ).toEqual(['stage']);
      // Nothing moved.
      expect(await dealRow(deal.id)).toMatchObject({ stage: 'lead', version: deal.version });
      expect(await historyRows(deal.id)).toHaveLength(1);

      const moved = await rep.post(`/api/deals/${deal.id}/stage`, {
        stage: 'proposal',
        amount: 88_000_00,
        version: deal.version,
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({
        stage: 'proposal',
        amount: 88_000_00,
        probability: 50,
        version: deal.version + 1,
      });
    });

    it('skips and moves back are allowed, and every move is in the stage history and the audit trail', async () => {
      const start = t.clock.now.toISOString();
      try {
        const deal = await newDeal();
        const path = [
          { stage: 'negotiation', amount: 500_000_00, expectedCloseDate: '2026-05-31' }, // skip two stages
          { stage: 'qualified' }, // back
          { stage: 'won' }, // skip
          { stage: 'negotiation' }, // reopen a won deal
          { stage: 'lost', lossReason: 'competitor' },
          { stage: 'lead' }, // revive
        ];
        let version = deal.version;
        for (const [i, step] of path.entries()) {
          t.clock.advanceDays(1);
          const res = await rep.post(`/api/deals/${deal.id}/stage`, { ...step, version });
          expect(res.status, `${step.stage}: ${JSON.stringify(res.body)}`).toBe(200);
          expect(res.body.version).toBe(version + 1);
          expect(res.body.stageEnteredAt).toBe(t.clock.now.toISOString());
          expect(res.body.daysInStage).toBe(0);
          version = res.body.version;
          const row = await dealRow(deal.id);
          const kind = step.stage === 'won' || step.stage === 'lost' ? 'closed' : 'open';
          expect(row.closed_at, `closed_at after ${i}`).toBe(kind === 'closed' ? t.clock.now.toISOString() : null);
          expect(row.loss_reason).toBe(step.stage === 'lost' ? 'competitor' : null);
          expect(row.probability).toBe(
            { lead: 10, qualified: 30, proposal: 50, negotiation: 80, won: 100, lost: 0 }[step.stage],
          );
        }
        const detail = await rep.get(`/api/deals/${deal.id}`);
        expect(
          detail.body.stageHistory.map((h: { fromStage: string | null; toStage: string }) => [h.fromStage, h.toStage]),
        ).toEqual([
          ['lost', 'lead'],
          ['negotiation', 'lost'],
          ['won', 'negotiation'],
          ['qualified', 'won'],
          ['negotiation', 'qualified'],
          ['lead', 'negotiation'],
          [null, 'lead'],
        ]);
        for (const h of detail.body.stageHistory) expect(h).toMatchObject({ actorId: rep.userId, actorName: '赵销售' });

        const audit = await rep.get(`/api/audit?entity=deal&id=${deal.id}`);
        const stageRows = audit.body.items.filter(
          (i: { action: string; field: string }) => i.action === 'stage' && i.field === 'stage',
        );
        expect(stageRows.map((i: { from: string; to: string }) => [i.from, i.to])).toEqual([
          ['lost', 'lead'],
          ['negotiation', 'lost'],
          ['won', 'negotiation'],
          ['qualified', 'won'],
          ['negotiation', 'qualified'],
          ['lead', 'negotiation'],
        ]);
        expect(audit.body.items.at(-1)).toMatchObject({ action: 'create', actorId: rep.userId });
        expect(
          audit.body.items.some(
            (i: { field: string; to: string }) => i.field === 'lossReason' && i.to === 'competitor',
          ),
        ).toBe(true);
      } finally {
        t.clock.set(start);
      }
    });

    it('moving to the stage a deal is already in changes nothing', async () => {
      const deal = await newDeal();
      const res = await rep.post(`/api/deals/${deal.id}/stage`, { stage: 'lead', version: deal.version });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(deal.version);
      expect(await historyRows(deal.id)).toHaveLength(1);
    });
  });

  describe('concurrency: a stale version is a 409 and overwrites nothing', () => {
    it('on PATCH and on a stage move', async () => {
      const deal = await newDeal({ amount: 10_000_00 });
      const current = await rep.patch(`/api/deals/${deal.id}`, { title: '第一个人的修改', version: deal.version });
      expect(current.status).toBe(200);
      const rowBefore = await dealRow(deal.id);
      const auditBefore = await auditRows(deal.id);
      const historyBefore = await historyRows(deal.id);

      const stalePatch = await rep.patch(`/api/deals/${deal.id}`, {
        title: '第二个人的旧修改',
        amount: 1,
        version: deal.version,
      });
      expect(stalePatch.status).toBe(409);
      expect(stalePatch.body).toMatchObject({
        status: 409,
        currentVersion: deal.version + 1,
        errors: [{ field: 'version' }],
      });
      expect(stalePatch.headers['content-type']).toMatch(/^application\/problem\+json/);
      const staleMove = await rep.post(`/api/deals/${deal.id}/stage`, { stage: 'proposal', version: deal.version });
      expect(staleMove.status).toBe(409);
      expect(staleMove.body.currentVersion).toBe(deal.version + 1);

      expect(await dealRow(deal.id)).toEqual(rowBefore);
      expect(await auditRows(deal.id)).toEqual(auditBefore);
      expect(await historyRows(deal.id)).toEqual(historyBefore);
    });

    it('two simultaneous edits of one version: one wins, the other gets 409', async () => {
      const deal = await newDeal();
      const [a, b] = await Promise.all([
        rep.patch(`/api/deals/${deal.id}`, { title: '甲的修改', version: deal.version }),
        rep.patch(`/api/deals/${deal.id}`, { title: '乙的修改', version: deal.version }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = a.status === 200 ? a : b;
      const row = await dealRow(deal.id);
      expect(row).toMatchObject({ title: winner.body.title, version: deal.version + 1 });
      expect((await auditRows(deal.id)).filter((r) => r.field === 'title')).toHaveLength(1);
    });

    it('a PATCH records each changed field, from and to, in the audit trail', async () => {
      const deal = await newDeal({ amount: 1_000_00 });
      await rep.patch(`/api/deals/${deal.id}`, {
        title: '新名字',
        amount: 2_000_00,
        source: '展会',
        nextStep: '  ',
        version: deal.version,
      });
      const rows = (await auditRows(deal.id)).filter((r) => r.action === 'update');
      expect(rows.map((r) => [r.field, r.from_value, r.to_value]).sort()).toEqual([
        ['amount', '100000', '200000'],
        ['nextStep', '约演示', null],
        ['source', null, '展会'],
        ['title', '测试商机', '新名字'],
      ]);
      expect(rows.every((r) => r.actor_id === rep.userId)).toBe(true);
    });
  });

  describe('soft delete and restore', () => {
    it('hides the deal, keeps it restorable, and audits both', async () => {
      const start = t.clock.now.toISOString();
      try {
        const deal = await newDeal({ title: '要删除的商机' });
        t.clock.advanceDays(1);
        const deleted = await rep.delete(`/api/deals/${deal.id}`);
        expect(deleted.status).toBe(200);
        expect(deleted.body.deletedAt).toBe(t.clock.now.toISOString());
        expect(deleted.body.version).toBe(deal.version + 1);
        expect((await rep.get(`/api/deals/${deal.id}`)).status).toBe(404);
        expect((await rep.patch(`/api/deals/${deal.id}`, { title: 'x', version: deleted.body.version })).status).toBe(
          404,
        );
        expect((await rep.post(`/api/deals/${deal.id}/followups`, followup())).status).toBe(404);
        expect((await rep.get('/api/deals?limit=200')).body.items.map((i: { id: string }) => i.id)).not.toContain(
          deal.id,
        );
        expect((await t.admin.get('/api/deals?q=要删除')).body.items).toEqual([]);
        expect((await rep.delete(`/api/deals/${deal.id}`)).status).toBe(404);
        // The row is still there, only marked.
        expect((await dealRow(deal.id)).deleted_at).toBe(t.clock.now.toISOString());

        t.clock.advanceDays(1);
        const restored = await rep.post(`/api/deals/${deal.id}/restore`);
        expect(restored.status).toBe(200);
        expect(restored.body).toMatchObject({ deletedAt: null, title: '要删除的商机', version: deal.version + 2 });
        expect((await rep.get(`/api/deals/${deal.id}`)).status).toBe(200);
        expect((await rep.post(`/api/deals/${deal.id}/restore`)).status).toBe(404);

        const audit = await rep.get(`/api/audit?entity=deal&id=${deal.id}`);
        expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(['restore', 'delete', 'create']);
        expect(audit.body.items.every((i: { actorId: string }) => i.actorId === rep.userId)).toBe(true);
      } finally {
        t.clock.set(start);
      }
    });
  });

  describe('follow-ups', () => {
    it("need the customer's verbatim words: missing, empty or whitespace-only is refused", async () => {
      const deal = await newDeal();
      const missing = await rep.post(`/api/deals/${deal.id}/followups`, {
        channel: 'call',
        nextStep: 'x',
        nextStepDue: '2026-03-06',
      });
      expect(missing.body.errors).toEqual([{ field: 'verbatim', message: '必填' }]);
      for (const verbatim of ['', '   ', '\n\t ', '　　']) {
        const res = await rep.post(`/api/deals/${deal.id}/followups`, followup({ verbatim }));
        expect(res.status, JSON.stringify(verbatim)).toBe(400);
        expect(fields(res.body)).toEqual(['verbatim']);
      }
      expect(fields((await rep.post(`/api/deals/${deal.id}/followups`, followup({ channel: 'pigeon' }))).body)).toEqual(
        ['channel'],
      );
      expect((await rep.get(`/api/deals/${deal.id}/followups`)).body.items).toEqual([]);
    });

    it('need a next step and its due date while the deal is open', async () => {
      const deal = await newDeal();
      const none = await rep.post(`/api/deals/${deal.id}/followups`, { channel: 'call', verbatim: '客户在考虑' });
      expect(none.status).toBe(400);
      expect(fields(none.body)).toEqual(['nextStep', 'nextStepDue']);
      expect(fields((await rep.post(`/api/deals/${deal.id}/followups`, followup({ nextStep: '   ' }))).body)).toEqual([
        'nextStep',
      ]);
      expect(fields((await rep.post(`/api/deals/${deal.id}/followups`, followup({ nextStepDue: null }))).body)).toEqual(
        ['nextStepDue'],
      );
    });

    it('do not need a next step on a won or lost deal', async () => {
      const won = await newDeal({ stage: 'won', amount: 50_000_00 });
      const res = await rep.post(`/api/deals/${won.id}/followups`, { channel: 'wechat', verbatim: '合同已盖章寄回' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ nextStep: null, nextStepDue: null, verbatim: '合同已盖章寄回' });
      const lost = await newDeal({ stage: 'lost', lossReason: 'price' });
      expect(
        (await rep.post(`/api/deals/${lost.id}/followups`, { channel: 'call', verbatim: '明年再联系' })).status,
      ).toBe(201);
    });

    it("move the deal's activity and next step, derive intents, and are audited", async () => {
      const start = t.clock.now.toISOString();
      try {
        const deal = await newDeal();
        t.clock.advanceDays(5);
        const before = await rep.get(`/api/deals/${deal.id}`);
        expect(before.body.light.reasons.map((r: { code: string }) => r.code)).toContain('no_recent_followup');
        const res = await rep.post(
          `/api/deals/${deal.id}/followups`,
          followup({
            verbatim: '  老板说价格太贵，友商便宜 10%  ',
            summary: '价格异议',
            nextStep: '申请特价',
            nextStepDue: '2026-03-12',
            resourcesNeeded: ['报价审批'],
          }),
        );
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          verbatim: '老板说价格太贵，友商便宜 10%',
          summary: '价格异议',
          authorId: rep.userId,
          authorName: '赵销售',
          at: t.clock.now.toISOString(),
          resourcesNeeded: ['报价审批'],
          intents: ['competitor_mentioned', 'price_sensitive', 'decision_maker_involved'],
        });
        const after = await rep.get(`/api/deals/${deal.id}`);
        expect(after.body).toMatchObject({
          lastFollowupAt: t.clock.now.toISOString(),
          lastActivityAt: t.clock.now.toISOString(),
          nextStep: '申请特价',
          nextStepDue: '2026-03-12',
          version: deal.version + 1,
        });
        expect(after.body.light.color).toBe('green');

        // A back-dated entry keeps the newer plan.
        const old = await rep.post(
          `/api/deals/${deal.id}/followups`,
          followup({ at: '2026-03-03T02:00:00.000Z', nextStep: '旧计划', nextStepDue: '2026-03-04' }),
        );
        expect(old.status).toBe(201);
        const still = await rep.get(`/api/deals/${deal.id}`);
        expect(still.body).toMatchObject({ nextStep: '申请特价', lastFollowupAt: t.clock.now.toISOString() });
        expect(
          fields(
            (await rep.post(`/api/deals/${deal.id}/followups`, followup({ at: '2026-03-30T00:00:00.000Z' }))).body,
          ),
        ).toEqual(['at']);

        const list = await rep.get(`/api/deals/${deal.id}/followups`);
        expect(list.body.items.map((i: { nextStep: string }) => i.nextStep)).toEqual(['申请特价', '旧计划']);
        const audit = (await auditRows(deal.id)).filter((r) => r.action === 'followup');
        expect(audit.map((r) => r.to_value)).toEqual(expect.arrayContaining([res.body.id, old.body.id]));
      } finally {
        t.clock.set(start);
      }
    });
  });

  describe('the ledger list: keyset pages', () => {
    let lister: TestApp;
    let owners: Client[];
    let everything: any[];
    const titles = [
      '华为云 ERP 升级',
      'Acme CRM renewal',
      '阿里巴巴 数据中台',
      '腾讯会议 License',
      'ＡＣＭＥ 华东 扩容',
      'Globex 华为 联合方案',
      '字节跳动 飞书集成',
      'Initech upgrade',
    ];

    beforeAll(async () => {
      // A separate organisation, so the other tests' deals do not disturb the expected pages.
      lister = await startTestApp(db(), '2026-03-02T02:00:00.000Z');
      owners = [lister.admin, await lister.user('sales', { name: '孙销售' })];
      const amounts = [0, 50_000_00, 120_000_00, 120_000_00, 300_000_00, 7_00];
      const dates = [null, '2026-03-31', '2026-04-30', '2026-04-30', '2026-06-30', null, '2026-03-15'];
      for (let i = 0; i < 26; i++) {
        const amount = amounts[i % amounts.length];
        const expectedCloseDate = dates[(i * 5) % dates.length];
        const stage =
          amount === 0
            ? i % 2
              ? 'lead'
              : 'qualified'
            : expectedCloseDate
              ? ['proposal', 'negotiation', 'lead'][i % 3]
              : ['proposal', 'qualified'][i % 2];
        // Several deals share an instant, so ties in every time column are broken by id.
        if (i % 3 === 0) lister.clock.set(new Date(lister.clock.now.getTime() + 60_000).toISOString());
        const owner = owners[i % 2];
        const res = await owner.post('/api/deals', {
          title: `${titles[i % titles.length]} #${i}`,
          amount,
          expectedCloseDate,
          stage,
          ownerId: owner.userId,
          nextStep: '跟进',
          nextStepDue: '2026-03-20',
        });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        if (i % 4 === 1) {
          expect(
            (await owner.post(`/api/deals/${res.body.id}/followups`, followup({ nextStepDue: '2026-03-20' }))).status,
          ).toBe(201);
        }
      }
      lister.clock.set('2026-03-02T08:00:00.000Z');
      everything = (await lister.admin.get('/api/deals?limit=200')).body.items;
      expect(everything).toHaveLength(26);
    });
    afterAll(async () => {
      await lister.close();
    });

    const SORTS = [
      'updatedAt',
      'createdAt',
      'amount',
      'expectedCloseDate',
      'lastFollowupAt',
      'lastActivityAt',
    ] as const;

    /** The order the API promises: by the sort value (nulls last either way), then by id, in one direction. */
    function expectedOrder(items: any[], sort: string): string[] {
      const descending = sort.startsWith('-');
      const key = sort.replace(/^-/, '');
      const sign = descending ? -1 : 1;
      return [...items]
        .sort((a, b) => {
          const x = a[key];
          const y = b[key];
          if (x === null && y !== null) return 1;
          if (y === null && x !== null) return -1;
          if (x !== y && x !== null) return (x < y ? -1 : 1) * sign;
          return (a.id < b.id ? -1 : 1) * sign;
        })
        .map((item) => item.id);
    }

    async function walk(query: string, limit: number): Promise<{ ids: string[]; pages: number; totals: number[] }> {
      const ids: string[] = [];
      const totals: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await lister.admin.get(`/api/deals?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(limit);
        ids.push(...res.body.items.map((i: { id: string }) => i.id));
        totals.push(res.body.total);
        cursor = res.body.nextCursor;
        pages++;
        expect(pages).toBeLessThan(50);
      } while (cursor);
      return { ids, pages, totals };
    }

    it('the data has ties and nulls in every sort column', () => {
      for (const key of ['expectedCloseDate', 'lastFollowupAt'])
        expect(everything.filter((d) => d[key] === null).length, key).toBeGreaterThan(2);
      for (const key of ['amount', 'updatedAt', 'createdAt', 'expectedCloseDate']) {
        expect(new Set(everything.map((d) => d[key])).size, key).toBeLessThan(everything.length);
      }
    });

    for (const sort of SORTS.flatMap((s) => [s, `-${s}`])) {
      it(`every deal exactly once, in order, sorted by ${sort}`, async () => {
        const expected = expectedOrder(everything, sort);
        const whole = await lister.admin.get(`/api/deals?sort=${sort}&limit=200`);
        expect(whole.body.items.map((i: { id: string }) => i.id)).toEqual(expected);
        // Page size 1 puts a page boundary between every pair, nulls included; worth it where nulls sort.
        for (const limit of /expectedCloseDate|lastFollowupAt/.test(sort) ? [1, 4, 7] : [3, 7]) {
          const { ids, pages, totals } = await walk(`sort=${sort}`, limit);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids).toEqual(expected);
          expect(pages).toBe(Math.ceil(expected.length / limit));
          expect(new Set(totals)).toEqual(new Set([expected.length]));
        }
      });
    }

    it('filters combine with paging and return exactly the matching deals', async () => {
      const cases: [string, (d: any) => boolean][] = [
        ['stage=proposal,negotiation', (d) => ['proposal', 'negotiation'].includes(d.stage)],
        ['stage=lead', (d) => d.stage === 'lead'],
        [`ownerId=${owners[1].userId}`, (d) => d.ownerId === owners[1].userId],
        [
          'closeFrom=2026-04-01&closeTo=2026-06-30',
          (d) =>
            d.expectedCloseDate !== null && d.expectedCloseDate >= '2026-04-01' && d.expectedCloseDate <= '2026-06-30',
        ],
        ['closeFrom=2026-04-30', (d) => d.expectedCloseDate !== null && d.expectedCloseDate >= '2026-04-30'],
        ['closeTo=2026-03-31', (d) => d.expectedCloseDate !== null && d.expectedCloseDate <= '2026-03-31'],
        ['amountMin=120000', (d) => d.amount >= 120_000],
        ['amountMin=5000000&amountMax=12000000', (d) => d.amount >= 50_000_00 && d.amount <= 120_000_00],
        ['amountMax=0', (d) => d.amount === 0],
        [`q=${encodeURIComponent('华为')}`, (d) => d.title.includes('华为')],
        [`q=${encodeURIComponent('数据中台')}`, (d) => d.title.includes('数据中台')],
        [`q=${encodeURIComponent('华东 扩容')}`, (d) => d.title.includes('华东 扩容')],
        ['q=acme', (d) => /acme/i.test(d.title.normalize('NFKC'))],
        ['q=ACM', (d) => /acme/i.test(d.title.normalize('NFKC'))],
        [`q=${encodeURIComponent('ＡＣＭＥ')}`, (d) => /acme/i.test(d.title.normalize('NFKC'))],
        [
          `q=${encodeURIComponent('acme 华东')}`,
          (d) => /acme/i.test(d.title.normalize('NFKC')) && d.title.includes('华东'),
        ],
        ['q=license', (d) => d.title.includes('License')],
        ['q=nothing-like-this', () => false],
        [
          `stage=proposal,negotiation,lead&amountMin=1&q=${encodeURIComponent('华为')}&ownerId=${owners[0].userId}`,
          (d) =>
            ['proposal', 'negotiation', 'lead'].includes(d.stage) &&
            d.amount >= 1 &&
            d.title.includes('华为') &&
            d.ownerId === owners[0].userId,
        ],
      ];
      for (const [query, match] of cases) {
        const expectedIds = expectedOrder(everything.filter(match), '-updatedAt');
        if (!query.includes('nothing')) expect(expectedIds.length, query).toBeGreaterThan(0);
        for (const sort of ['-updatedAt', 'expectedCloseDate']) {
          const { ids, totals } = await walk(`${query}&sort=${sort}`, 4);
          expect(ids, `${query} by ${sort}`).toEqual(expectedOrder(everything.filter(match), sort));
          expect(totals.every((n) => n === expectedIds.length)).toBe(true);
        }
      }
    });

    it('count=false leaves the total out', async () => {
      const res = await lister.admin.get('/api/deals?count=false&limit=2');
      expect(res.body.total).toBeUndefined();
      expect(res.body.items).toHaveLength(2);
    });

    it('a cursor from another sort, or no cursor at all, is a 400 naming `cursor`', async () => {
      const first = await lister.admin.get('/api/deals?sort=amount&limit=3');
      const cursor = first.body.nextCursor as string;
      expect(cursor).toBeTruthy();
      expect((await lister.admin.get(`/api/deals?sort=amount&limit=3&cursor=${cursor}`)).status).toBe(200);
      for (const sort of ['-amount', 'updatedAt', 'expectedCloseDate']) {
        const res = await lister.admin.get(`/api/deals?sort=${sort}&limit=3&cursor=${cursor}`);
        expect(res.status, sort).toBe(400);
        expect(fields(res.body)).toEqual(['cursor']);
      }
      const forged = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString('base64url');
      for (const bad of [
        'garbage',
        forged(['amount', 5]),
        forged(['amount', 'lots', 'x']),
        forged(['amount', { $gt: 1 }, 'x']),
        forged(['updatedAt', 12, 'x']),
      ]) {
        const sort = bad === forged(['updatedAt', 12, 'x']) ? 'updatedAt' : 'amount';
        const res = await lister.admin.get(`/api/deals?sort=${sort}&cursor=${bad}`);
        expect(res.status, bad).toBe(400);
        expect(fields(res.body)).toEqual(['cursor']);
      }
    });

    it('refuses invalid list parameters, naming each', async () => {
      const cases: [string, string[]][] = [
        ['limit=0', ['limit']],
        ['limit=201', ['limit']],
        ['limit=ten', ['limit']],
        ['sort=title', ['sort']],
        ['stage=closing', ['stage']],
        ['closeFrom=2026-05-01&closeTo=2026-04-01', ['closeTo']],
        ['amountMin=10&amountMax=5', ['amountMax']],
        ['closeFrom=yesterday&amountMin=-1', ['closeFrom', 'amountMin']],
      ];
      for (const [query, expected] of cases) {
        const res = await lister.admin.get(`/api/deals?${query}`);
        expect(res.status, query).toBe(400);
        expect(fields(res.body).sort(), query).toEqual([...expected].sort());
      }
    });
  });
});
