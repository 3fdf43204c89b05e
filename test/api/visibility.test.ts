import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

/**
 * API.md "Visibility" and DOMAIN.md "Roles": who may list, read and change which deals, and the order
 * of the checks (401 → 404 → 403 → 400 → 409). Another rep's deal is a 404, never a 403.
 */
describeEachDb('visibility and roles', (db) => {
  let t: TestApp;
  let other: TestApp;
  const u = {} as Record<
    | 'managerA'
    | 'managerB'
    | 'managerNoTeam'
    | 'salesA1'
    | 'salesA2'
    | 'salesB1'
    | 'salesNoTeam'
    | 'finance'
    | 'viewer'
    | 'marketing',
    Client
  >;
  const d = {} as Record<'a1' | 'a2' | 'b1Shared' | 'b2' | 'managerA' | 'noTeam' | 'admin', string>;
  let teamA: string;
  let teamB: string;
  let otherDeal: string;

  const anyVersion = async (id: string) => (await t.admin.get(`/api/deals/${id}`)).body.version as number;

  beforeAll(async () => {
    t = await startTestApp(db());
    // Password hashing dominates set-up; it runs in the thread pool, so users are made side by side.
    const startOther = startTestApp(db());
    [u.managerA, u.managerB] = await Promise.all([
      t.user('manager', { name: '华东主管' }),
      t.user('manager', { name: '华南主管' }),
    ]);
    teamA = await t.team('华东组', u.managerA.userId);
    teamB = await t.team('华南组', u.managerB.userId);
    [u.managerNoTeam, u.salesA1, u.salesA2, u.salesB1, u.salesNoTeam, u.finance, u.viewer, u.marketing] =
      await Promise.all([
        t.user('manager'),
        t.user('sales', { teamId: teamA, name: '张三' }),
        t.user('sales', { teamId: teamA, name: '李四' }),
        t.user('sales', { teamId: teamB, name: '王五' }),
        t.user('sales'),
        t.user('finance'),
        t.user('viewer'),
        t.user('marketing'),
      ]);

    const create = async (title: string, ownerId: string, extra: Record<string, unknown> = {}) => {
      const res = await t.admin.post('/api/deals', {
        title,
        ownerId,
        nextStep: '电话回访',
        nextStepDue: '2026-03-09',
        ...extra,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    d.a1 = await create('A1 的商机', u.salesA1.userId);
    d.a2 = await create('A2 的商机', u.salesA2.userId);
    d.b1Shared = await create('B1 共享给 A1', u.salesB1.userId, { collaboratorIds: [u.salesA1.userId] });
    d.b2 = await create('B1 的另一个商机', u.salesB1.userId);
    d.managerA = await create('主管自己的商机', u.managerA.userId);
    d.noTeam = await create('无团队销售的商机', u.salesNoTeam.userId);
    d.admin = await create('管理员的商机', t.admin.userId);

    other = await startOther;
    otherDeal = (await other.admin.post('/api/deals', { title: '另一家公司的商机' })).body.id;
  });
  afterAll(async () => {
    await t.close();
    await other.close();
  });

  async function listIds(client: Client, query = ''): Promise<string[]> {
    const res = await client.get(`/api/deals?limit=200${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items.map((item: { id: string }) => item.id).sort();
  }
  const sorted = (...ids: string[]) => [...ids].sort();
  const all = () => sorted(...Object.values(d));

  describe('who lists which deals', () => {
    it('sales: own deals and deals shared with them', async () => {
      expect(await listIds(u.salesA1)).toEqual(sorted(d.a1, d.b1Shared));
      expect(await listIds(u.salesA2)).toEqual(sorted(d.a2));
      expect(await listIds(u.salesB1)).toEqual(sorted(d.b1Shared, d.b2));
      expect(await listIds(u.salesNoTeam)).toEqual(sorted(d.noTeam));
    });

    it('manager: the deals of every user in their team (and their own), not other teams', async () => {
      expect(await listIds(u.managerA)).toEqual(sorted(d.a1, d.a2, d.managerA));
      expect(await listIds(u.managerB)).toEqual(sorted(d.b1Shared, d.b2));
      expect(await listIds(u.managerNoTeam)).toEqual([]);
    });

    it('filters never widen what one may see', async () => {
      expect(await listIds(u.salesA1, `&ownerId=${u.salesA2.userId}`)).toEqual([]);
      expect(await listIds(u.managerA, `&teamId=${teamB}`)).toEqual([]);
      expect(await listIds(u.salesA1, '&q=商机')).toEqual(sorted(d.a1));
      expect(await listIds(u.salesA1, '&q=共享')).toEqual(sorted(d.b1Shared));
    });

    it('finance, viewer and admin: every deal of the organisation', async () => {
      for (const client of [u.finance, u.viewer, t.admin]) expect(await listIds(client)).toEqual(all());
    });

    it('marketing: 403 on the deal list', async () => {
      const res = await u.marketing.get('/api/deals');
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('reading one deal', () => {
    const visible: Record<string, (keyof typeof d)[]> = {
      salesA1: ['a1', 'b1Shared'],
      salesA2: ['a2'],
      salesB1: ['b1Shared', 'b2'],
      managerA: ['a1', 'a2', 'managerA'],
      managerB: ['b1Shared', 'b2'],
      managerNoTeam: [],
      finance: ['a1', 'a2', 'b1Shared', 'b2', 'managerA', 'noTeam', 'admin'],
      viewer: ['a1', 'a2', 'b1Shared', 'b2', 'managerA', 'noTeam', 'admin'],
      marketing: [],
    };

    it('every role reads exactly what it may list; everything else is a 404 like a missing deal', async () => {
      const missing = await u.salesA1.get('/api/deals/00000000000000000000000000');
      expect(missing.status).toBe(404);
      for (const [who, keys] of Object.entries(visible)) {
        const client = u[who as keyof typeof u];
        for (const key of Object.keys(d) as (keyof typeof d)[]) {
          const res = await client.get(`/api/deals/${d[key]}`);
          if (keys.includes(key)) {
            expect(res.status, `${who} reads ${key}`).toBe(200);
            expect(res.body.id).toBe(d[key]);
          } else {
            expect(res.status, `${who} must not see ${key}`).toBe(404);
            // Not a hint that the deal exists: the same answer as for an id that does not.
            expect(res.body).toEqual(missing.body);
            expect(JSON.stringify(res.body)).not.toContain(d[key]);
          }
          const followups = await client.get(`/api/deals/${d[key]}/followups`);
          expect(followups.status, `${who} follow-ups of ${key}`).toBe(keys.includes(key) ? 200 : 404);
          const audit = await client.get(`/api/audit?entity=deal&id=${d[key]}`);
          expect(audit.status, `${who} audit of ${key}`).toBe(keys.includes(key) ? 200 : 404);
        }
      }
    });

    it('the audit trail of a readable deal is there for anyone who may read it', async () => {
      const trail = await u.finance.get(`/api/audit?entity=deal&id=${d.b1Shared}`);
      expect(trail.body.items.map((i: { action: string }) => i.action)).toContain('create');
      expect(trail.body.items[0]).toMatchObject({ actorId: t.admin.userId, actorName: 'Admin' });
      expect((await u.finance.get(`/api/audit?entity=nonsense&id=${d.a1}`)).status).toBe(400);
      expect(
        (await u.finance.get('/api/audit?entity=deal')).body.errors.map((e: { field: string }) => e.field),
      ).toEqual(['id']);
    });
  });

  describe('changing deals', () => {
    it("another rep's deal is a 404 on every write, and nothing changes", async () => {
      const version = await anyVersion(d.a2);
      const attempts = [
        await u.salesA1.patch(`/api/deals/${d.a2}`, { title: '改掉', version }),
        await u.salesA1.post(`/api/deals/${d.a2}/stage`, { stage: 'qualified', version }),
        await u.salesA1.post(`/api/deals/${d.a2}/followups`, {
          channel: 'call',
          verbatim: '客户说好',
          nextStep: '报价',
          nextStepDue: '2026-03-10',
        }),
        await u.salesA1.delete(`/api/deals/${d.a2}`),
        await u.salesA1.post(`/api/deals/${d.a2}/restore`),
        await u.salesB1.patch(`/api/deals/${d.a2}`, { title: '改掉', version }),
        await u.managerB.patch(`/api/deals/${d.a2}`, { title: '改掉', version }),
        await u.managerB.post(`/api/deals/${d.a2}/stage`, { stage: 'qualified', version }),
        await u.marketing.patch(`/api/deals/${d.a2}`, { title: '改掉', version }),
        await u.marketing.post(`/api/deals/${d.a2}/followups`, {
          channel: 'call',
          verbatim: '客户说好',
          nextStep: '报价',
          nextStepDue: '2026-03-10',
        }),
      ];
      for (const res of attempts) expect(res.status, JSON.stringify(res.body)).toBe(404);
      const after = await t.admin.get(`/api/deals/${d.a2}`);
      expect(after.body).toMatchObject({ title: 'A2 的商机', stage: 'lead', version });
    });

    it('a deal shared with a rep may be worked on by them, but only its owner deletes it', async () => {
      const version = await anyVersion(d.b1Shared);
      const res = await u.salesA1.patch(`/api/deals/${d.b1Shared}`, { nextStep: '协助演示', version });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(version + 1);
      const del = await u.salesA1.delete(`/api/deals/${d.b1Shared}`);
      expect(del.status).toBe(403);
      expect((await t.admin.get(`/api/deals/${d.b1Shared}`)).status).toBe(200);
    });

    it('a manager changes the deals of their team and flags risk; a rep may not flag risk', async () => {
      const version = await anyVersion(d.a2);
      const flagged = await u.managerA.patch(`/api/deals/${d.a2}`, {
        riskFlag: true,
        riskReason: '客户预算冻结',
        version,
      });
      expect(flagged.status).toBe(200);
      expect(flagged.body.light.color).toBe('red');
      expect(flagged.body.light.reasons[0]).toMatchObject({ code: 'risk_flag', message: '主管标记风险：客户预算冻结' });
      const rep = await u.salesA1.patch(`/api/deals/${d.a1}`, { riskFlag: true, version: await anyVersion(d.a1) });
      expect(rep.status).toBe(403);
      const cleared = await u.managerA.patch(`/api/deals/${d.a2}`, { riskFlag: false, version: version + 1 });
      expect(cleared.body).toMatchObject({ riskFlag: false, riskReason: null });
    });

    it('a rep cannot create a deal for, or hand a deal to, someone else', async () => {
      expect((await u.salesA1.post('/api/deals', { title: '替别人建', ownerId: u.salesA2.userId })).status).toBe(403);
      expect(
        (await u.salesA1.patch(`/api/deals/${d.a1}`, { ownerId: u.salesA2.userId, version: await anyVersion(d.a1) }))
          .status,
      ).toBe(403);
    });

    it('finance and viewer read every deal but get 403 on every deal write', async () => {
      for (const client of [u.finance, u.viewer]) {
        const version = await anyVersion(d.a1);
        const attempts = [
          await client.post('/api/deals', { title: '只读用户建的' }),
          await client.patch(`/api/deals/${d.a1}`, { title: '改掉', version }),
          await client.post(`/api/deals/${d.a1}/stage`, { stage: 'qualified', version }),
          await client.post(`/api/deals/${d.a1}/followups`, {
            channel: 'call',
            verbatim: '客户说好',
            nextStep: '报价',
            nextStepDue: '2026-03-10',
          }),
          await client.delete(`/api/deals/${d.a1}`),
        ];
        for (const res of attempts) {
          expect(res.status, JSON.stringify(res.body)).toBe(403);
          expect(res.body).toMatchObject({ status: 403, title: '没有权限执行此操作' });
        }
        expect((await t.admin.get(`/api/deals/${d.a1}`)).body).toMatchObject({ title: 'A1 的商机', version });
      }
    });

    it('marketing: 404 on a deal by id, 403 on creating one', async () => {
      expect((await u.marketing.get(`/api/deals/${d.a1}`)).status).toBe(404);
      expect((await u.marketing.post('/api/deals', { title: '市场部建的' })).status).toBe(403);
    });

    it('admin changes any deal', async () => {
      for (const key of ['a1', 'b2', 'noTeam'] as const) {
        const res = await t.admin.patch(`/api/deals/${d[key]}`, { source: '展会', version: await anyVersion(d[key]) });
        expect(res.status).toBe(200);
      }
    });

    it('only admins manage users and teams', async () => {
      for (const client of [u.managerA, u.salesA1, u.finance]) {
        expect(
          (
            await client.post('/api/users', {
              name: 'x',
              email: `x${Date.now()}@example.com`,
              password: 'long enough 1',
              role: 'admin',
            })
          ).status,
        ).toBe(403);
        expect((await client.post('/api/teams', { name: 'x' })).status).toBe(403);
      }
    });

    it('unsharing takes the deal away from the collaborator at once', async () => {
      const shared = await t.admin.post('/api/deals', {
        title: '临时共享',
        ownerId: u.salesB1.userId,
        collaboratorIds: [u.salesA2.userId],
      });
      expect((await u.salesA2.get(`/api/deals/${shared.body.id}`)).status).toBe(200);
      await t.admin.patch(`/api/deals/${shared.body.id}`, { collaboratorIds: [], version: shared.body.version });
      expect((await u.salesA2.get(`/api/deals/${shared.body.id}`)).status).toBe(404);
      expect(await listIds(u.salesA2)).not.toContain(shared.body.id);
    });
  });

  describe('the order of the checks: 401 → 404 → 403 → 400 → 409', () => {
    it('401 before anything else', async () => {
      for (const [method, url] of [
        ['PATCH', `/api/deals/${d.a1}`],
        ['PATCH', '/api/deals/none'],
        ['POST', `/api/deals/${d.a1}/stage`],
        ['GET', `/api/deals/${d.a1}`],
      ] as const) {
        const res = await t.app.inject({
          method,
          url,
          ...(method === 'GET' ? {} : { payload: { title: '', version: 0 } }),
        });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
      }
    });

    it("404 before 403 and 400: a rep's invalid edit of another rep's deal, marketing's of any", async () => {
      const invalid = { title: '   ', probability: 33, version: 0 };
      expect((await u.salesA1.patch(`/api/deals/${d.a2}`, invalid)).status).toBe(404);
      expect((await u.salesA1.post(`/api/deals/${d.a2}/stage`, { stage: 'nowhere', version: 0 })).status).toBe(404);
      expect((await u.salesA1.post(`/api/deals/${d.a2}/followups`, { verbatim: '' })).status).toBe(404);
      expect((await u.marketing.patch(`/api/deals/${d.a1}`, invalid)).status).toBe(404);
    });

    it("403 before 400: a viewer's invalid edit of a deal they can see", async () => {
      const invalid = { title: '   ', probability: 33, version: 0 };
      expect((await u.viewer.patch(`/api/deals/${d.a1}`, invalid)).status).toBe(403);
      expect((await u.viewer.post(`/api/deals/${d.a1}/stage`, { stage: 'nowhere', version: 0 })).status).toBe(403);
      expect((await u.finance.post(`/api/deals/${d.a1}/followups`, { verbatim: '' })).status).toBe(403);
      expect((await u.viewer.post('/api/deals', { title: '' })).status).toBe(403);
    });

    it('400 before 409: invalid input with a stale version is a 400; valid input with it a 409', async () => {
      const version = await anyVersion(d.a1);
      const invalid = await u.salesA1.patch(`/api/deals/${d.a1}`, { title: '   ', version: version + 5 });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual(['title']);
      const stale = await u.salesA1.patch(`/api/deals/${d.a1}`, { title: '新标题', version: version + 5 });
      expect(stale.status).toBe(409);
      expect(stale.body.currentVersion).toBe(version);
      const staleMove = await u.salesA1.post(`/api/deals/${d.a1}/stage`, { stage: 'lost', version: version + 5 });
      expect(staleMove.status).toBe(400);
      expect(
        (await u.salesA1.post(`/api/deals/${d.a1}/stage`, { stage: 'qualified', version: version + 5 })).status,
      ).toBe(409);
    });
  });

  describe('two organisations in one database', () => {
    it("never list or read each other's deals", async () => {
      expect(await listIds(other.admin)).toEqual([otherDeal]);
      expect(await listIds(t.admin)).not.toContain(otherDeal);
      expect(await listIds(other.admin, '&q=商机')).toEqual([otherDeal]);
      expect(await listIds(other.admin, `&ownerId=${u.salesA1.userId}`)).toEqual([]);
      for (const [client, id] of [
        [other.admin, d.a1],
        [t.admin, otherDeal],
        [u.finance, otherDeal],
        [u.viewer, otherDeal],
      ] as const) {
        expect((await client.get(`/api/deals/${id}`)).status).toBe(404);
        expect((await client.get(`/api/deals/${id}/followups`)).status).toBe(404);
        expect((await client.get(`/api/audit?entity=deal&id=${id}`)).status).toBe(404);
      }
    });

    it("never change each other's deals", async () => {
      const version = await anyVersion(d.a1);
      expect((await other.admin.patch(`/api/deals/${d.a1}`, { title: '跨组织', version })).status).toBe(404);
      expect((await other.admin.post(`/api/deals/${d.a1}/stage`, { stage: 'qualified', version })).status).toBe(404);
      expect(
        (
          await other.admin.post(`/api/deals/${d.a1}/followups`, {
            channel: 'call',
            verbatim: 'x',
            nextStep: 'y',
            nextStepDue: '2026-03-10',
          })
        ).status,
      ).toBe(404);
      expect((await other.admin.delete(`/api/deals/${d.a1}`)).status).toBe(404);
      expect(await anyVersion(d.a1)).toBe(version);
    });

    it("never see or reference each other's users and teams", async () => {
      const theirs = await other.admin.get('/api/users');
      const ours = await t.admin.get('/api/users');
      const ourIds = new Set(ours.body.items.map((x: { id: string }) => x.id));
      expect(theirs.body.items.map((x: { id: string }) => x.id)).toEqual([other.admin.userId]);
      expect(ourIds.has(other.admin.userId)).toBe(false);
      expect(ourIds.has(u.salesA1.userId)).toBe(true);
      expect((await other.admin.get('/api/teams')).body.items).toEqual([]);

      const foreignOwner = await other.admin.post('/api/deals', { title: 'x', ownerId: u.salesA1.userId });
      expect(foreignOwner.status).toBe(400);
      expect(foreignOwner.body.errors.map((e: { field: string }) => e.field)).toEqual(['ownerId']);
      const foreignCollaborator = await other.admin.post('/api/deals', {
        title: 'x',
        collaboratorIds: [u.salesA1.userId],
      });
      expect(foreignCollaborator.body.errors.map((e: { field: string }) => e.field)).toEqual(['collaboratorIds.0']);
      const foreignManager = await other.admin.post('/api/teams', { name: 'x', managerId: u.managerA.userId });
      expect(foreignManager.body.errors.map((e: { field: string }) => e.field)).toEqual(['managerId']);
      const foreignTeam = await other.admin.post('/api/users', {
        name: 'x',
        email: `x${Date.now()}@example.com`,
        password: 'long enough 1',
        role: 'sales',
        teamId: teamA,
      });
      expect(foreignTeam.body.errors.map((e: { field: string }) => e.field)).toEqual(['teamId']);
    });

    it("never see each other's audit rows", async () => {
      // Each organisation's trail holds only its own rows, even for the same entity kind.
      const rows = await db()
        .db.kysely.selectFrom('audit_log')
        .select(['org_id', 'entity_id'])
        .where('entity', '=', 'deal')
        .execute();
      const orgOf = new Map(rows.map((r) => [r.entity_id, r.org_id]));
      expect(orgOf.get(otherDeal)).toBe(other.orgId);
      expect(orgOf.get(d.a1)).toBe(t.orgId);
      const trail = await other.admin.get(`/api/audit?entity=deal&id=${otherDeal}`);
      expect(trail.status).toBe(200);
      expect(trail.body.items.length).toBeGreaterThan(0);
      for (const item of trail.body.items) expect(item.actorId).toBe(other.admin.userId);
    });
  });
});
