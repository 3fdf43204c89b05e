import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

describeEachDb('task list filters: assignee=me, createdBy', (db) => {
  let t: TestApp;
  let rep: Client;
  let other: Client;

  beforeAll(async () => {
    t = await startTestApp(db());
    rep = await t.user('sales', { name: '销售甲' });
    other = await t.user('sales', { name: '销售乙' });
    const create = async (by: Client, title: string, assigneeId: string, dueAt: string) =>
      expect((await by.post('/api/tasks', { title, assigneeId, dueAt })).status).toBe(201);
    await create(rep, 'mine by me', rep.userId, '2026-03-01T02:00:00.000Z');
    await create(rep, 'for other by me', other.userId, '2026-03-03T02:00:00.000Z');
    await create(other, 'mine by other', rep.userId, '2026-03-04T02:00:00.000Z');
  });
  afterAll(async () => {
    await t.close();
  });

  const titles = async (client: Client, query: string) =>
    (await client.get(`/api/tasks?${query}`)).body.items.map((task: { title: string }) => task.title);

  it('answers the tasks assigned to the signed-in user, or created by them', async () => {
    expect(await titles(rep, 'assignee=me')).toEqual(['mine by me', 'mine by other']);
    expect(await titles(rep, 'createdBy=me')).toEqual(['mine by me', 'for other by me']);
    expect(await titles(rep, `createdBy=${other.userId}`)).toEqual(['mine by other']);
    expect(await titles(rep, 'createdBy=me&assignee=others')).toEqual(['for other by me']);
    expect(await titles(other, 'assignee=me&status=open')).toEqual(['for other by me']);
    expect(await titles(rep, 'assignee=me&status=overdue')).toEqual(['mine by me']);
    expect((await rep.get('/api/tasks?assignee=someone')).status).toBe(400);
  });
});
