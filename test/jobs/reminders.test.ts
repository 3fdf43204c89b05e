import { afterAll, beforeAll, expect, it } from 'vitest';
import { createNotifiers } from '../../src/jobs/notifiers/index.js';
import { createScheduler, type Scheduler, type TickReport } from '../../src/jobs/scheduler.js';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

// Times are UTC; the organisation is in Asia/Shanghai (UTC+8). 2026-11-25 is a Wednesday.
describeEachDb('scheduled reminders: tasks falling due, overdue instalments', (db) => {
  let t: TestApp;
  let manager: Client;
  let rep: Client;
  let finance: Client;
  let scheduler: Scheduler;
  let dealId: string;

  beforeAll(async () => {
    t = await startTestApp(db(), '2026-11-25T01:00:00.000Z');
    manager = await t.user('manager', { name: '王经理' });
    const teamId = await t.team('一组', manager.userId);
    rep = await t.user('sales', { teamId, name: '张三' });
    finance = await t.user('finance', { name: '财务小李' });
    dealId = (await rep.post('/api/deals', { title: '年度维保合同', stage: 'won', amount: 50_000_00 })).body.id;
    scheduler = createScheduler({
      db: db().db,
      clock: () => t.clock.now,
      notifiers: createNotifiers(),
      baseUrl: 'https://crm.example.com',
    });
  });

  afterAll(async () => {
    await scheduler?.stop();
    await t?.close();
  });

  const sweeps = (report: TickReport, jobId: string) =>
    report.sweeps.filter((s) => s.jobId === jobId).reduce((sum, s) => sum + s.created, 0);

  it('reminds the assignee once when a task falls due, naming the deal and who assigned it', async () => {
    const task = await manager.post('/api/tasks', {
      title: '催客户盖章',
      assigneeId: rep.userId,
      dueAt: '2026-11-25T06:00:00.000Z',
      dealId,
    });
    expect(task.status).toBe(201);
    const done = await manager.post('/api/tasks', {
      title: '已完成的任务',
      assigneeId: rep.userId,
      dueAt: '2026-11-25T06:00:00.000Z',
    });
    expect((await rep.post(`/api/tasks/${done.body.id}/complete`, { version: done.body.version })).status).toBe(200);

    t.clock.set('2026-11-25T05:59:00.000Z');
    expect(sweeps(await scheduler.tick(), 'task_due')).toBe(0);
    t.clock.set('2026-11-25T06:00:30.000Z');
    expect(sweeps(await scheduler.tick(), 'task_due')).toBe(1);
    t.clock.set('2026-11-25T06:01:00.000Z');
    expect(sweeps(await scheduler.tick(), 'task_due')).toBe(0);

    const inbox = (await rep.get('/api/notifications')).body.items.filter(
      (n: { kind: string }) => n.kind === 'task_due',
    );
    expect(inbox).toHaveLength(1);
    expect(inbox[0].title).toBe('任务到期：催客户盖章');
    expect(inbox[0].text).toContain('2026-11-25 14:00');
    expect(inbox[0].text).toContain('王经理 指派');
    expect(inbox[0].text).toContain('年度维保合同');
    expect(inbox[0].path).toBe(`/deals/${dealId}`);
  });

  it('a new due time is a new reminder', async () => {
    const tasks = (await rep.get('/api/tasks?status=open')).body.items;
    const task = tasks.find((x: { title: string }) => x.title === '催客户盖章');
    expect(
      (await manager.patch(`/api/tasks/${task.id}`, { dueAt: '2026-11-25T08:00:00.000Z', version: task.version }))
        .status,
    ).toBe(200);
    t.clock.set('2026-11-25T08:00:00.000Z');
    expect(sweeps(await scheduler.tick(), 'task_due')).toBe(1);
  });

  it('announces an overdue instalment once to the owner and to finance, the next working morning', async () => {
    const plan = await finance.post(`/api/deals/${dealId}/payments`, {
      dueDate: '2026-11-25',
      amount: 20_000_00,
      condition: '验收后',
    });
    expect(plan.status).toBe(201);
    // Thursday 09:00 in Shanghai is 01:00Z: the instalment due on Wednesday is now overdue.
    t.clock.set('2026-11-26T01:00:00.000Z');
    const report = await scheduler.tick();
    expect(report.runs.filter((run) => run.jobId === 'payment_overdue')).toEqual([
      { orgId: t.orgId, jobId: 'payment_overdue', slot: '2026-11-26', created: 2 },
    ]);
    for (const [client, count] of [
      [rep, 1],
      [finance, 1],
      [manager, 0],
    ] as const) {
      const items = (await client.get('/api/notifications')).body.items.filter(
        (n: { kind: string }) => n.kind === 'payment_overdue',
      );
      expect(items).toHaveLength(count);
      if (count) expect(items[0].text).toContain('CNY 20,000.00');
    }
    // Friday morning: still overdue, but already announced for this due date.
    t.clock.set('2026-11-27T01:00:00.000Z');
    const friday = await scheduler.tick();
    expect(friday.runs.filter((run) => run.jobId === 'payment_overdue')).toEqual([
      { orgId: t.orgId, jobId: 'payment_overdue', slot: '2026-11-27', created: 0 },
    ]);
  });
});
