import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAudit } from '../../src/store/queries/audit.js';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describeEachDb('tasks API', (db) => {
  let t: TestApp;
  let rep: Client;
  let otherRep: Client;
  let viewer: Client;
  let dealId: string;
  let accountId: string;

  beforeAll(async () => {
    t = await startTestApp(db());
    rep = await t.user('sales', { name: '张三' });
    otherRep = await t.user('sales', { name: '王五' });
    viewer = await t.user('viewer');
    const account = await rep.post('/api/accounts', { name: '星辰制造' });
    accountId = account.body.id;
    const deal = await rep.post('/api/deals', { title: 'MES 一期', accountId });
    expect(deal.status).toBe(201);
    dealId = deal.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a task on a deal, answers it whole and lists it for those who may see it', async () => {
    const res = await rep.post('/api/tasks', {
      title: '发报价单',
      notes: '含税价',
      assigneeId: rep.userId,
      dueAt: '2026-03-03T10:00:00+08:00',
      dealId,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: '发报价单',
      notes: '含税价',
      assigneeId: rep.userId,
      assigneeName: '张三',
      createdBy: rep.userId,
      dueAt: '2026-03-03T02:00:00.000Z',
      dealId,
      dealTitle: 'MES 一期',
      accountId,
      doneAt: null,
      overdue: false,
      version: 1,
    });
    const mine = await rep.get(`/api/tasks?dealId=${dealId}`);
    expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([res.body.id]);
    expect(mine.body.total).toBe(1);
    // The other rep cannot see the deal, so not its tasks either; the admin and viewer (org-wide deals) can.
    expect((await otherRep.get(`/api/tasks?dealId=${dealId}`)).body.items).toEqual([]);
    expect((await viewer.get(`/api/tasks?dealId=${dealId}`)).body.items).toHaveLength(1);
    expect((await t.admin.get(`/api/tasks?accountId=${accountId}`)).body.items).toHaveLength(1);
    expect((await otherRep.get(`/api/tasks/${res.body.id}`)).status).toBe(404);
  });

  it('shows a task assigned to someone who cannot see the deal to them', async () => {
    const res = await rep.post('/api/tasks', { title: '帮忙看下合同', assigneeId: otherRep.userId, dealId });
    expect(res.status).toBe(201);
    const list = await otherRep.get('/api/tasks?status=open');
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(res.body.id);
    expect((await otherRep.patch(`/api/tasks/${res.body.id}`, { notes: '已看', version: 1 })).status).toBe(200);
  });

  it('does not reveal the title of a deal the assignee cannot see', async () => {
    const res = await rep.post('/api/tasks', { title: '核对合同条款', assigneeId: otherRep.userId, dealId });
    expect(res.status).toBe(201);
    expect(res.body.dealTitle).toBe('MES 一期');
    const one = await otherRep.get(`/api/tasks/${res.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ dealId, dealTitle: null });
    const listed = (await otherRep.get('/api/tasks?status=open')).body.items.find(
      (x: { id: string }) => x.id === res.body.id,
    );
    expect(listed).toMatchObject({ dealTitle: null });
    expect(JSON.stringify((await otherRep.get('/api/tasks')).body)).not.toContain('MES 一期');
  });

  it('lists every invalid field, and refuses deals the actor cannot see', async () => {
    const bad = await rep.post('/api/tasks', { title: ' ', assigneeId: 'nobody', dueAt: 'tomorrow' });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['dueAt', 'title']);
    const refs = await otherRep.post('/api/tasks', { title: '偷看', assigneeId: 'nobody', dealId });
    expect(refs.status).toBe(400);
    expect(fields(refs.body)).toEqual(['assigneeId', 'dealId']);
    expect((await viewer.post('/api/tasks', { title: 'x', assigneeId: viewer.userId })).status).toBe(403);
  });

  it('filters by status: overdue, done; completes with version and writes task_done on the task and the deal', async () => {
    const late = await rep.post('/api/tasks', {
      title: '回访',
      assigneeId: rep.userId,
      dueAt: '2026-03-01T01:00:00Z',
      dealId,
    });
    expect(late.body.overdue).toBe(true);
    const overdue = await rep.get('/api/tasks?status=overdue');
    expect(overdue.body.items.map((x: { id: string }) => x.id)).toEqual([late.body.id]);

    expect((await rep.post(`/api/tasks/${late.body.id}/complete`, { version: 9 })).status).toBe(409);
    const done = await rep.post(`/api/tasks/${late.body.id}/complete`, { version: 1 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ doneAt: t.clock.now.toISOString(), version: 2, overdue: false });
    expect((await rep.post(`/api/tasks/${late.body.id}/complete`, { version: 2 })).status).toBe(409);
    expect((await rep.get('/api/tasks?status=overdue')).body.items).toEqual([]);
    expect((await rep.get('/api/tasks?status=done')).body.items.map((x: { id: string }) => x.id)).toEqual([
      late.body.id,
    ]);

    const kysely = db().db.kysely;
    const onTask = await listAudit(kysely, t.orgId, { entity: 'task', entityId: late.body.id, limit: 10 });
    expect(onTask.map((r) => r.action)).toContain('task_done');
    const onDeal = await listAudit(kysely, t.orgId, { entity: 'deal', entityId: dealId, limit: 50 });
    expect(onDeal.find((r) => r.action === 'task_done')).toMatchObject({ to_value: '回访', actor_id: rep.userId });

    const reopened = await rep.post(`/api/tasks/${late.body.id}/reopen`, { version: 2 });
    expect(reopened.body).toMatchObject({ doneAt: null, version: 3, overdue: true });
  });

  it('edits with version (409 when stale), soft-deletes, and keeps others’ tasks to themselves', async () => {
    const task = await rep.post('/api/tasks', { title: '约演示', assigneeId: rep.userId });
    const edited = await rep.patch(`/api/tasks/${task.body.id}`, { title: '约产品演示', dueAt: null, version: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: '约产品演示', version: 2 });
    const stale = await rep.patch(`/api/tasks/${task.body.id}`, { title: '别的', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(2);
    // Not the other rep's task and no deal they can see: 404.
    expect((await otherRep.delete(`/api/tasks/${task.body.id}`)).status).toBe(404);
    const gone = await rep.delete(`/api/tasks/${task.body.id}`);
    expect(gone.status).toBe(200);
    expect((await rep.get('/api/tasks?limit=200')).body.items.map((x: { id: string }) => x.id)).not.toContain(
      task.body.id,
    );
  });

  it('pages by due time with a keyset cursor, tasks without a due time last', async () => {
    const who = await t.user('sales');
    for (const [title, dueAt] of [
      ['c', null],
      ['a', '2026-03-05T00:00:00Z'],
      ['b', '2026-03-06T00:00:00Z'],
      ['d', null],
    ] as const) {
      expect((await who.post('/api/tasks', { title, assigneeId: who.userId, dueAt })).status).toBe(201);
    }
    const first = await who.get('/api/tasks?limit=2');
    expect(first.body.items.map((x: { title: string }) => x.title)).toEqual(['a', 'b']);
    const rest = await who.get(`/api/tasks?limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.items.map((x: { title: string }) => x.title).sort()).toEqual(['c', 'd']);
    expect(rest.body.nextCursor).toBeNull();
    expect((await who.get('/api/tasks?cursor=garbage')).status).toBe(400);
  });
});
