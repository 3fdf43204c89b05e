import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

describeEachDb('audit API', (db) => {
  let t: TestApp;
  let manager: Client;
  let rep: Client;
  let outsider: Client;
  let marketing: Client;
  let teamId: string;
  let dealId: string;

  beforeAll(async () => {
    t = await startTestApp(db());
    teamId = await t.team('华东');
    manager = await t.user('manager', { teamId, name: '主管' });
    rep = await t.user('sales', { teamId, name: '小李' });
    outsider = await t.user('sales', { name: '小张' });
    marketing = await t.user('marketing');
    const deal = await rep.post('/api/deals', { title: '审计测试', amount: 10_00 });
    dealId = deal.body.id;
    t.clock.advanceDays(1);
    await rep.patch(`/api/deals/${dealId}`, { title: '审计测试（改）', amount: 20_00, version: 1 });
    t.clock.advanceDays(1);
    await rep.post(`/api/deals/${dealId}/stage`, { stage: 'proposal', version: 2 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives a deal’s trail, newest first, with names, to everyone who may read the deal', async () => {
    const res = await rep.get(`/api/audit?entity=deal&id=${dealId}`);
    expect(res.status).toBe(200);
    const items = res.body.items as {
      at: string;
      actorId: string;
      actorName: string;
      action: string;
      field: string | null;
      from: string | null;
      to: string | null;
    }[];
    expect(items.map((i) => i.action)).toEqual(['stage', 'stage', 'update', 'update', 'create']);
    expect(items.every((i, n) => n === 0 || items[n - 1].at >= i.at)).toBe(true);
    expect(items[0]).toMatchObject({
      actorId: rep.userId,
      actorName: '小李',
      field: 'probability',
      from: '10',
      to: '50',
    });
    expect(items.find((i) => i.field === 'title')).toMatchObject({ from: '审计测试', to: '审计测试（改）' });
    expect(res.body.nextCursor).toBeNull();
    for (const reader of [manager, t.admin])
      expect((await reader.get(`/api/audit?entity=deal&id=${dealId}`)).body.items).toEqual(items);
    // Deleted deals keep their trail.
    await rep.delete(`/api/deals/${dealId}`);
    expect((await rep.get(`/api/audit?entity=deal&id=${dealId}`)).body.items[0].action).toBe('delete');
    await rep.post(`/api/deals/${dealId}/restore`);
  });

  it('answers 404 to those who may not read the deal, whatever the reason', async () => {
    for (const reader of [outsider, marketing])
      expect((await reader.get(`/api/audit?entity=deal&id=${dealId}`)).status).toBe(404);
    expect((await t.admin.get('/api/audit?entity=deal&id=nope')).status).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/audit?entity=deal&id=${dealId}` })).statusCode).toBe(401);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const all = (await t.admin.get(`/api/audit?entity=deal&id=${dealId}`)).body.items.map((i: { id: string }) => i.id);
    const seen: string[] = [];
    let url = `/api/audit?entity=deal&id=${dealId}&limit=2`;
    for (let page = 0; page < 10; page++) {
      const res = await t.admin.get(url);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      if (!res.body.nextCursor) break;
      url = `/api/audit?entity=deal&id=${dealId}&limit=2&cursor=${res.body.nextCursor}`;
    }
    expect(seen).toEqual(all);
    const bad = await t.admin.get(`/api/audit?entity=deal&id=${dealId}&cursor=garbage`);
    expect(bad.status).toBe(400);
  });

  it('validates the query', async () => {
    const res = await t.admin.get('/api/audit?entity=invoice', { 'accept-language': 'en' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['entity', 'id']);
  });

  it('lets admins alone read users, teams and the organisation (404 first for what does not exist)', async () => {
    const user = await t.admin.get(`/api/audit?entity=user&id=${rep.userId}`);
    expect(user.status).toBe(200);
    expect(user.body.items[0]).toMatchObject({ action: 'create', actorId: t.admin.userId, actorName: 'Admin' });
    const team = await t.admin.get(`/api/audit?entity=team&id=${teamId}`);
    expect(team.body.items.map((i: { field: string }) => i.field).sort()).toEqual(['managerId', 'name']);
    const org = await t.admin.get(`/api/audit?entity=organisation&id=${t.orgId}`);
    expect(org.body.items.at(-1)).toMatchObject({ action: 'create', actorId: null, actorName: null });

    expect((await rep.get(`/api/audit?entity=user&id=${rep.userId}`)).status).toBe(403);
    expect((await manager.get(`/api/audit?entity=team&id=${teamId}`)).status).toBe(403);
    expect((await manager.get(`/api/audit?entity=organisation&id=${t.orgId}`)).status).toBe(403);
    expect((await rep.get('/api/audit?entity=user&id=nope')).status).toBe(404);
    expect((await t.admin.get('/api/audit?entity=team&id=nope')).status).toBe(404);
  });

  it('lets any member read an account’s trail', async () => {
    const account = await t.admin.post('/api/accounts', { name: '审计客户有限公司' });
    expect(account.status).toBe(201);
    const res = await marketing.get(`/api/audit?entity=account&id=${account.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body.items.some((i: { action: string }) => i.action === 'create')).toBe(true);
  });

  it('never shows another organisation’s rows', async () => {
    const other = await startTestApp(db());
    try {
      expect((await other.admin.get(`/api/audit?entity=deal&id=${dealId}`)).status).toBe(404);
      expect((await other.admin.get(`/api/audit?entity=user&id=${rep.userId}`)).status).toBe(404);
      expect((await other.admin.get(`/api/audit?entity=team&id=${teamId}`)).status).toBe(404);
      expect((await other.admin.get(`/api/audit?entity=organisation&id=${t.orgId}`)).status).toBe(404);
      const own = await other.admin.get(`/api/audit?entity=organisation&id=${other.orgId}`);
      expect(own.status).toBe(200);
      expect(own.body.items).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
