import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

type StageBody = {
  key: string;
  name: { zh: string; en: string };
  kind: 'open' | 'won' | 'lost';
  probability: number;
  requiredFields: string[];
  typicalDays: number | null;
};

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describeEachDb('pipeline and settings API', (db) => {
  let t: TestApp;
  let sales: Client;
  let finance: Client;
  beforeAll(async () => {
    t = await startTestApp(db());
    sales = await t.user('sales');
    finance = await t.user('finance');
  });
  afterAll(async () => {
    await t.close();
  });

  /** The current pipeline as a PUT body (labels stripped). */
  async function currentBody(): Promise<{ stages: StageBody[]; version: number }> {
    const res = await t.admin.get('/api/pipeline');
    expect(res.status).toBe(200);
    return {
      stages: res.body.stages.map(({ label: _label, ...stage }: StageBody & { label: string }) => stage),
      version: res.body.version,
    };
  }

  describe('GET /api/pipeline', () => {
    it('lets everyone signed in read the stages, labelled in their language', async () => {
      const zh = await sales.get('/api/pipeline');
      expect(zh.status).toBe(200);
      expect(zh.body.stages.map((s: { key: string }) => s.key)).toEqual([
        'lead',
        'qualified',
        'proposal',
        'negotiation',
        'won',
        'lost',
      ]);
      expect(zh.body.stages[0]).toEqual({
        key: 'lead',
        name: { zh: '潜在客户', en: 'Lead' },
        label: '潜在客户',
        kind: 'open',
        probability: 10,
        requiredFields: [],
        typicalDays: 14,
      });
      expect(zh.body.version).toBe(1);
      const en = await finance.get('/api/pipeline', { 'accept-language': 'en' });
      expect(en.body.stages.map((s: { label: string }) => s.label)).toEqual([
        'Lead',
        'Qualified',
        'Proposal',
        'Negotiation',
        'Won',
        'Lost',
      ]);
    });

    it('answers 401 without a session', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/pipeline' });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('PUT /api/pipeline', () => {
    it('is for admins only (403 before validation)', async () => {
      const res = await sales.put('/api/pipeline', { stages: [], version: 1 });
      expect(res.status).toBe(403);
    });

    it('lists every invalid field, in both languages', async () => {
      const { stages, version } = await currentBody();
      const bad = structuredClone(stages);
      bad[1].probability = 45;
      bad[2].requiredFields = ['budget'];
      bad[3].name.zh = '  ';
      const res = await t.admin.put('/api/pipeline', { stages: bad, version });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['stages.1.probability', 'stages.2.requiredFields.0', 'stages.3.name.zh']);

      const rules = structuredClone(stages).filter((s) => s.kind !== 'won');
      rules[0].key = 'Lead Stage';
      rules[1].key = 'lead';
      rules[2].probability = 100;
      rules[4].probability = 10; // the lost stage
      const en = await t.admin.put('/api/pipeline', { stages: rules, version }, { 'accept-language': 'en' });
      expect(en.status).toBe(400);
      expect(fields(en.body)).toEqual(['stages', 'stages.0.key', 'stages.2.probability', 'stages.4.probability']);
      expect(en.body.errors.find((e: { field: string }) => e.field === 'stages').message).toBe(
        'One stage must be the won stage',
      );
      const zh = await t.admin.put('/api/pipeline', { stages: rules, version });
      expect(zh.body.errors.find((e: { field: string }) => e.field === 'stages.0.key').message).toContain('小写字母');

      const dup = structuredClone(stages);
      dup[1].key = 'lead';
      const dupRes = await t.admin.put('/api/pipeline', { stages: dup, version });
      expect(dupRes.status).toBe(400);
      expect(fields(dupRes.body)).toEqual(['stages.1.key']);
    });

    it('renames, reorders, re-weights and adds stages; bumps the version; audits from/to', async () => {
      const { stages, version } = await currentBody();
      const next = structuredClone(stages);
      next[1].name = { zh: '需求确认（已立项）', en: 'Qualified (approved)' };
      next[1].requiredFields = ['expectedCloseDate'];
      next[1].typicalDays = 10;
      [next[2], next[3]] = [next[3], next[2]];
      next.splice(4, 0, {
        key: 'contract',
        name: { zh: '合同审批', en: 'Contract review' },
        kind: 'open',
        probability: 80,
        requiredFields: ['amount', 'amount'],
        typicalDays: null,
      });
      const res = await t.admin.put('/api/pipeline', { stages: next, version }, { 'accept-language': 'en' });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(version + 1);
      expect(res.body.stages.map((s: { key: string }) => s.key)).toEqual([
        'lead',
        'qualified',
        'negotiation',
        'proposal',
        'contract',
        'won',
        'lost',
      ]);
      expect(res.body.stages[1]).toMatchObject({
        label: 'Qualified (approved)',
        requiredFields: ['expectedCloseDate'],
        typicalDays: 10,
      });
      expect(res.body.stages[4].requiredFields).toEqual(['amount']);

      const read = await sales.get('/api/pipeline');
      expect(read.body).toEqual({
        ...res.body,
        movedDeals: undefined,
        stages: res.body.stages.map((s: StageBody) => ({ ...s, label: s.name.zh })),
      });

      // The new required field applies to moves at once.
      const deal = await sales.post('/api/deals', { title: '新规则测试' });
      const move = await sales.post(`/api/deals/${deal.body.id}/stage`, { stage: 'qualified', version: 1 });
      expect(move.status).toBe(400);
      expect(fields(move.body)).toEqual(['expectedCloseDate']);
      expect(move.body.errors[0].message).toContain('需求确认（已立项）');

      const audit = await t.admin.get(`/api/audit?entity=organisation&id=${t.orgId}`);
      expect(audit.status).toBe(200);
      const row = audit.body.items[0];
      expect(row).toMatchObject({ action: 'update', field: 'pipeline', actorId: t.admin.userId, actorName: 'Admin' });
      expect(JSON.parse(row.from).map((s: StageBody) => s.key)).toEqual([
        'lead',
        'qualified',
        'proposal',
        'negotiation',
        'won',
        'lost',
      ]);
      expect(JSON.parse(row.to).map((s: StageBody) => s.key)).toEqual([
        'lead',
        'qualified',
        'negotiation',
        'proposal',
        'contract',
        'won',
        'lost',
      ]);
      await sales.delete(`/api/deals/${deal.body.id}`);
    });

    it('refuses a stale version with 409 and changes nothing', async () => {
      const { stages, version } = await currentBody();
      const renamed = structuredClone(stages);
      renamed[0].name.en = 'Prospect';
      const res = await t.admin.put('/api/pipeline', { stages: renamed, version: version - 1 });
      expect(res.status).toBe(409);
      expect(res.body.currentVersion).toBe(version);
      expect((await currentBody()).stages[0].name.en).toBe('Lead');
    });

    it('answers an unchanged pipeline without a new version', async () => {
      const { stages, version } = await currentBody();
      const res = await t.admin.put('/api/pipeline', { stages, version });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(version);
    });

    it('will not remove a stage live deals are in (409 naming the stage and the count), nor change its kind', async () => {
      const a = await sales.post('/api/deals', { title: 'A', stage: 'contract', amount: 100_00 });
      const b = await sales.post('/api/deals', { title: 'B', stage: 'contract', amount: 200_00 });
      const gone = await sales.post('/api/deals', { title: 'C', stage: 'proposal', amount: 300_00 });
      expect([a.status, b.status, gone.status]).toEqual([201, 201, 201]);
      await sales.delete(`/api/deals/${gone.body.id}`);

      const { stages, version } = await currentBody();
      const withoutContract = stages.filter((s) => s.key !== 'contract');
      const res = await t.admin.put('/api/pipeline', { stages: withoutContract, version }, { 'accept-language': 'en' });
      expect(res.status).toBe(409);
      expect(res.body.errors).toEqual([
        {
          field: 'moveDealsTo.contract',
          message:
            'Stage "Contract review" (contract) still holds 2 deal(s): choose the stage they move to before removing it',
        },
      ]);
      const zh = await t.admin.put('/api/pipeline', { stages: withoutContract, version });
      expect(zh.body.errors[0].message).toContain('合同审批');
      expect(zh.body.errors[0].message).toContain('2 个商机');
      expect((await currentBody()).stages.map((s) => s.key)).toContain('contract');

      const rekind = structuredClone(stages);
      const contract = rekind.findIndex((s) => s.key === 'contract');
      rekind[contract].kind = 'won';
      rekind[contract].probability = 100;
      rekind.splice(
        rekind.findIndex((s) => s.key === 'won'),
        1,
      );
      const kindRes = await t.admin.put('/api/pipeline', { stages: rekind, version });
      expect(kindRes.status).toBe(409);
      expect(fields(kindRes.body)).toEqual([`stages.${contract}.kind`]);

      // A stage holding only deleted deals may go.
      const withoutProposal = stages.filter((s) => s.key !== 'proposal');
      const ok = await t.admin.put('/api/pipeline', { stages: withoutProposal, version });
      expect(ok.status).toBe(200);
      expect(ok.body.stages.map((s: StageBody) => s.key)).not.toContain('proposal');
      expect(ok.body.movedDeals).toBe(0);
    });

    it("checks where removed stages' deals go: a removed source, a kept target of the same kind", async () => {
      const { stages, version } = await currentBody();
      const withoutContract = stages.filter((s) => s.key !== 'contract');
      const res = await t.admin.put(
        '/api/pipeline',
        {
          stages: withoutContract,
          version,
          moveDealsTo: { lead: 'qualified', contract: 'won', negotiation: 'nowhere' },
        },
        { 'accept-language': 'en' },
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'moveDealsTo.lead', message: '"lead" is not a stage being removed' },
        {
          field: 'moveDealsTo.contract',
          message: 'Deals of "Contract review" can only move to a stage of the same kind',
        },
        { field: 'moveDealsTo.negotiation', message: '"negotiation" is not a stage being removed' },
      ]);
      const gone = await t.admin.put('/api/pipeline', {
        stages: withoutContract,
        version,
        moveDealsTo: { contract: 'proposal' },
      });
      expect(gone.status).toBe(400);
      expect(fields(gone.body)).toEqual(['moveDealsTo.contract']);
      expect((await currentBody()).version).toBe(version);
    });

    it('removes a stage by moving its live deals to the chosen stage: history, audit and new versions per deal', async () => {
      const { stages, version } = await currentBody();
      const inContract = (await sales.get('/api/deals?stage=contract&limit=100')).body.items as {
        id: string;
        version: number;
        probability: number;
      }[];
      expect(inContract).toHaveLength(2);
      const withoutContract = stages.filter((s) => s.key !== 'contract');
      const res = await t.admin.put('/api/pipeline', {
        stages: withoutContract,
        version,
        moveDealsTo: { contract: 'negotiation' },
      });
      expect(res.status).toBe(200);
      expect(res.body.movedDeals).toBe(2);
      expect(res.body.version).toBe(version + 1);
      expect(res.body.stages.map((s: StageBody) => s.key)).toEqual(['lead', 'qualified', 'negotiation', 'won', 'lost']);

      for (const before of inContract) {
        const deal = (await sales.get(`/api/deals/${before.id}`)).body;
        expect(deal).toMatchObject({
          stage: 'negotiation',
          probability: 80,
          version: before.version + 1,
          daysInStage: 0,
        });
        expect(deal.stageHistory[0]).toMatchObject({
          fromStage: 'contract',
          toStage: 'negotiation',
          actorId: t.admin.userId,
        });
        const audit = (await t.admin.get(`/api/audit?entity=deal&id=${before.id}`)).body.items;
        expect(audit[0]).toMatchObject({
          action: 'stage',
          field: 'stage',
          from: 'contract',
          to: 'negotiation',
          actorId: t.admin.userId,
        });
      }
      const orgAudit = (await t.admin.get(`/api/audit?entity=organisation&id=${t.orgId}`)).body.items;
      const moves = orgAudit.find((r: { field: string }) => r.field === 'moveDealsTo');
      expect(JSON.parse(moves.to)).toEqual({ contract: { to: 'negotiation', deals: 2 } });
    });

    it('gives a new stage a key made from its English name, never one used before, and keeps it', async () => {
      const { stages, version } = await currentBody();
      // "contract" was removed above but deals were in it: its history must not read as the new stage.
      const next = [
        ...stages.slice(0, 2),
        {
          name: { zh: ' 合同审批 ', en: 'Contract' },
          kind: 'open',
          probability: 50,
          requiredFields: [],
          typicalDays: 7,
        },
        {
          name: { zh: '演示', en: 'Démo / POC' },
          kind: 'open',
          probability: 30,
          requiredFields: ['amount'],
          typicalDays: null,
        },
        ...stages.slice(2),
      ];
      const res = await t.admin.put('/api/pipeline', { stages: next, version });
      expect(res.status).toBe(200);
      expect(res.body.stages.map((s: StageBody) => s.key)).toEqual([
        'lead',
        'qualified',
        'contract-2',
        'demo-poc',
        'negotiation',
        'won',
        'lost',
      ]);
      expect(res.body.stages[2]).toMatchObject({
        name: { zh: '合同审批', en: 'Contract' },
        probability: 50,
        typicalDays: 7,
      });

      // Renamed later, the key stays; deals can be put in it at once.
      const renamed = (await currentBody()).stages;
      renamed[3].name = { zh: '产品演示', en: 'Product demo' };
      const again = await t.admin.put('/api/pipeline', { stages: renamed, version: res.body.version });
      expect(again.status).toBe(200);
      expect(again.body.stages[3]).toMatchObject({ key: 'demo-poc', label: '产品演示' });
      const deal = await sales.post('/api/deals', { title: '演示阶段', stage: 'demo-poc', amount: 500_00 });
      expect(deal.status).toBe(201);
      await sales.delete(`/api/deals/${deal.body.id}`);
    });

    it('keeps the won and lost stages after every open stage', async () => {
      const { stages, version } = await currentBody();
      const wonFirst = [...stages.filter((s) => s.kind === 'won'), ...stages.filter((s) => s.kind !== 'won')];
      const res = await t.admin.put('/api/pipeline', { stages: wonFirst, version }, { 'accept-language': 'en' });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'stages.1.kind', message: 'The won and lost stages come after every open stage' },
      ]);
    });
  });

  it('documents every pipeline, settings, payment, audit and report route in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<
      string,
      Record<string, { summary?: string; tags?: string[]; responses?: Record<string, unknown> }>
    >;
    const expected: [string, string][] = [
      ['/api/pipeline', 'get'],
      ['/api/pipeline', 'put'],
      ['/api/settings', 'get'],
      ['/api/settings', 'patch'],
      ['/api/deals/{id}/payments', 'get'],
      ['/api/deals/{id}/payments', 'post'],
      ['/api/payments/{id}', 'patch'],
      ['/api/payments/{id}', 'delete'],
      ['/api/payments/{id}/receipts', 'post'],
      ['/api/audit', 'get'],
      ['/api/reports/pipeline', 'get'],
      ['/api/reports/stalled', 'get'],
    ];
    for (const [path, method] of expected) {
      const op = paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op.summary).toBeTruthy();
      expect(op.tags?.length).toBeGreaterThan(0);
      // Exactly the statuses the route can answer: every route 401, writes 400/403/413/415, a record's path 404.
      const statuses = Object.keys(op.responses ?? {});
      expect(statuses).toContain('401');
      if (method !== 'get') expect(statuses).toEqual(expect.arrayContaining(['400', '403', '413', '415']));
      if (path.includes('{id}')) expect(statuses).toContain('404');
      if (method === 'get' && !path.includes('{id}') && path !== '/api/audit') expect(statuses).not.toContain('409');
    }
  });

  describe('settings', () => {
    it('everyone reads them', async () => {
      const res = await sales.get('/api/settings');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        timezone: 'Asia/Shanghai',
        currency: 'CNY',
        attachmentMaxBytes: 20 * 1024 * 1024,
        dailyUpdateTime: '17:00',
        light: { redStalledDays: 7, yellowStalledDays: 3, yellowNextStepDueDays: 2 },
      });
      expect(typeof res.body.version).toBe('number');
    });

    it('only admins change them, with every invalid field listed', async () => {
      const { version } = (await t.admin.get('/api/settings')).body;
      expect((await finance.patch('/api/settings', { name: 'x', version })).status).toBe(403);
      const bad = await t.admin.patch('/api/settings', {
        timezone: '+08:00',
        dailyUpdateTime: '25:00',
        light: { yellowStalledDays: 9 },
        attachmentMaxBytes: 10,
        currency: 'rmb',
        version,
      });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['attachmentMaxBytes', 'currency']);
      const semantic = await t.admin.patch(
        '/api/settings',
        { timezone: 'Mars/Olympus', dailyUpdateTime: '25:00', light: { yellowStalledDays: 9 }, version },
        { 'accept-language': 'en' },
      );
      expect(semantic.status).toBe(400);
      expect(fields(semantic.body)).toEqual(['dailyUpdateTime', 'light.yellowStalledDays', 'timezone']);
      expect(semantic.body.errors.find((e: { field: string }) => e.field === 'timezone').message).toBe(
        'must be an IANA time zone such as Asia/Shanghai',
      );
      const unknown = await t.admin.patch('/api/settings', { colour: 'red', version });
      expect(fields(unknown.body)).toEqual(['colour']);
    });

    it('saves a change, bumps the shared organisation version, audits each field, and the light follows', async () => {
      const before = (await t.admin.get('/api/settings')).body;
      const deal = await sales.post('/api/deals', { title: '阈值测试', nextStep: '电话', nextStepDue: '2026-04-30' });
      t.clock.advanceDays(4);
      try {
        expect((await sales.get(`/api/deals/${deal.body.id}`)).body.light.color).toBe('yellow');
        const res = await t.admin.patch('/api/settings', {
          name: ' 台账科技 ',
          timezone: 'europe/berlin',
          light: { redStalledDays: 3, yellowStalledDays: 1 },
          dailyUpdateTime: '18:30',
          version: before.version,
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          name: '台账科技',
          timezone: 'Europe/Berlin',
          dailyUpdateTime: '18:30',
          light: { redStalledDays: 3, yellowStalledDays: 1, yellowNextStepDueDays: 2 },
          version: before.version + 1,
        });
        expect((await sales.get('/api/settings')).body).toEqual(res.body);
        const light = (await sales.get(`/api/deals/${deal.body.id}`)).body.light;
        expect(light.color).toBe('red');
        expect(light.reasons[0].code).toBe('stalled');

        const audit = await t.admin.get(`/api/audit?entity=organisation&id=${t.orgId}`);
        const rows = audit.body.items.filter((r: { at: string }) => r.at === t.clock.now.toISOString());
        expect(rows.map((r: { field: string }) => r.field).sort()).toEqual([
          'dailyUpdateTime',
          'light',
          'name',
          'timezone',
        ]);
        expect(rows.find((r: { field: string }) => r.field === 'timezone')).toMatchObject({
          from: 'Asia/Shanghai',
          to: 'Europe/Berlin',
        });

        // The pipeline shares the version: an edit based on the old one is stale now.
        const pipeline = await currentBody();
        expect(pipeline.version).toBe(before.version + 1);
        const stale = await t.admin.put('/api/pipeline', { stages: pipeline.stages, version: before.version });
        expect(stale.status).toBe(409);
        const staleSettings = await t.admin.patch('/api/settings', { name: 'x', version: before.version });
        expect(staleSettings.status).toBe(409);

        const restore = await t.admin.patch('/api/settings', {
          timezone: 'Asia/Shanghai',
          light: { redStalledDays: 7, yellowStalledDays: 3 },
          version: before.version + 1,
        });
        expect(restore.status).toBe(200);
      } finally {
        t.clock.advanceDays(-4);
      }
    });
  });
});
