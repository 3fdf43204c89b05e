import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createNotifiers } from '../../src/jobs/notifiers/index.js';
import { createScheduler, type Scheduler, type TickReport } from '../../src/jobs/scheduler.js';
import { createDb } from '../../src/store/db.js';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

/** A local receiver standing in for webhooks: /ok answers 200, /down answers 500; every request is kept. */
async function startReceiver() {
  const received: { path: string; body: any; raw: string; headers: http.IncomingHttpHeaders }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(raw || 'null'), raw, headers: req.headers });
      res.statusCode = req.url?.startsWith('/down') ? 500 : 200;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { received, base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const SECRET = 'a-long-enough-webhook-secret';
// Friday 2026-11-27 in Shanghai (UTC+8): 17:00 local is 09:00Z, 18:00 local is 10:00Z.
const at = (iso: string) => `2026-11-27T${iso}Z`;

describeEachDb('scheduler: daily reminders, digest, deliveries, idempotency', (db) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let manager: Client;
  let rep1: Client;
  let rep2: Client;
  let teamId: string;
  const deals: Record<string, string> = {};
  let scheduler: Scheduler;
  const makeScheduler = (database = db().db) =>
    createScheduler({
      db: database,
      clock: () => t.clock.now,
      notifiers: createNotifiers({ timeoutMs: 2_000 }),
      baseUrl: 'https://crm.example.com',
    });

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestApp(db(), at('00:30:00.000'));
    manager = await t.user('manager', { name: '王经理' });
    teamId = await t.team('华东一组', manager.userId);
    await t.admin.patch(`/api/users/${manager.userId}`, { teamId, version: 1 });
    rep1 = await t.user('sales', { teamId, name: '张三' });
    rep2 = await t.user('sales', { teamId, name: '李四' });
    deals.a = (await rep1.post('/api/deals', { title: '甲方ERP' })).body.id;
    deals.b = (await rep1.post('/api/deals', { title: '乙方CRM' })).body.id;
    deals.c = (await rep2.post('/api/deals', { title: '丙方OA' })).body.id;
    // The deals were last touched on Monday; today rep1 follows up on one of them.
    await db()
      .db.kysely.updateTable('deals')
      .set({ created_at: '2026-11-23T02:00:00.000Z', last_activity_at: '2026-11-23T02:00:00.000Z' })
      .where('org_id', '=', t.orgId)
      .execute();
    await db()
      .db.kysely.updateTable('stage_history')
      .set({ at: '2026-11-23T02:00:00.000Z' })
      .where('org_id', '=', t.orgId)
      .execute();
    t.clock.set(at('02:00:00.000'));
    const followup = await rep1.post(`/api/deals/${deals.a}/followups`, {
      channel: 'call',
      verbatim: '客户说下周签',
      nextStep: '发合同',
      nextStepDue: '2026-11-30',
    });
    expect(followup.status).toBe(201);
    // rep1 wants reminders on a webhook; the team's group chat gets the summary; one channel is down.
    expect(
      (
        await rep1.post('/api/notification-channels', {
          scope: 'user',
          name: '我的机器人',
          config: { kind: 'webhook', url: `${receiver.base}/ok/rep1`, secret: SECRET },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await manager.post('/api/notification-channels', {
          scope: 'team',
          scopeId: teamId,
          name: '群机器人',
          config: { kind: 'webhook', url: `${receiver.base}/ok/team` },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await rep2.post('/api/notification-channels', {
          scope: 'user',
          name: 'broken',
          config: { kind: 'webhook', url: `${receiver.base}/down/rep2` },
        })
      ).status,
    ).toBe(201);
    scheduler = makeScheduler();
  });

  afterAll(async () => {
    await scheduler?.stop();
    await t?.close();
    await receiver?.close();
  });

  // The team's runs (the admin, in no team, has a reminder slot of their own with nothing to remind).
  const runsOf = (report: TickReport, jobId: string) =>
    report.runs.filter((run) => run.jobId === jobId && run.slot.startsWith(teamId));

  it('does nothing for the reminder before its time, and does not catch up occurrences from before the organisation existed', async () => {
    t.clock.set(at('08:59:59.000'));
    const report = await scheduler.tick();
    expect(report.leader).toBe(true);
    expect(runsOf(report, 'daily_update_reminder')).toEqual([]);
    expect(receiver.received).toHaveLength(0);
  });

  it('at 17:00 reminds each rep with deals not updated today, in the inbox and their channels, and the team chat', async () => {
    t.clock.set(at('09:00:00.000'));
    const report = await scheduler.tick();
    expect(runsOf(report, 'daily_update_reminder')).toEqual([
      { orgId: t.orgId, jobId: 'daily_update_reminder', slot: `${teamId}:2026-11-27`, created: 2 },
    ]);
    const inbox1 = await rep1.get('/api/notifications');
    expect(inbox1.body.unread).toBe(1);
    expect(inbox1.body.items[0]).toMatchObject({ kind: 'daily_update_reminder', path: '/today', readAt: null });
    expect(inbox1.body.items[0].title).toContain('1 个商机今天未更新');
    expect(inbox1.body.items[0].text).toContain('乙方CRM');
    expect(inbox1.body.items[0].text).not.toContain('甲方ERP');
    const english = await rep1.get('/api/notifications', { 'accept-language': 'en' });
    expect(english.body.items[0].title).toBe('Ledger reminder: 1 deal not updated today');

    const toRep1 = receiver.received.filter((r) => r.path === '/ok/rep1');
    expect(toRep1).toHaveLength(1);
    expect(toRep1[0].body).toMatchObject({ kind: 'daily_update_reminder', lang: 'zh-CN' });
    expect(toRep1[0].body.markdown).toContain(`[乙方CRM](https://crm.example.com/deals/${deals.b})`);
    const stamp = toRep1[0].headers['x-taizhang-timestamp'] as string;
    expect(toRep1[0].headers['x-taizhang-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(`${stamp}.${toRep1[0].raw}`).digest('hex')}`,
    );
    const toTeam = receiver.received.filter((r) => r.path === '/ok/team');
    expect(toTeam).toHaveLength(1);
    expect(toTeam[0].body.title).toBe('华东一组：2026-11-27 台账更新提醒');
    expect(toTeam[0].body.text).toContain('张三：1/2 个未更新');
    expect(toTeam[0].body.text).toContain('李四：1/1 个未更新');
    // The broken channel did not hold the others up; it waits for its retry, the inbox item is there.
    expect(report.retrying).toBe(1);
    expect(report.sent).toBe(2);
    expect((await rep2.get('/api/notifications')).body.unread).toBe(1);
  });

  it('never sends twice: a later tick, a restarted scheduler and a replayed run add nothing', async () => {
    const before = receiver.received.filter((r) => r.path.startsWith('/ok')).length;
    t.clock.set(at('09:01:00.000'));
    expect(runsOf(await scheduler.tick(), 'daily_update_reminder')).toEqual([]);
    const restarted = makeScheduler();
    t.clock.set(at('09:02:00.000'));
    expect(runsOf(await restarted.tick(), 'daily_update_reminder')).toEqual([]);
    expect(receiver.received.filter((r) => r.path.startsWith('/ok')).length).toBe(before);
    expect((await rep1.get('/api/notifications')).body.items).toHaveLength(1);
  });

  it('marks inbox items read, one or all', async () => {
    const inbox = await rep1.get('/api/notifications?unread=true');
    const marked = await rep1.post('/api/notifications/read', { ids: [inbox.body.items[0].id] });
    expect(marked.body).toEqual({ updated: 1, unread: 0 });
    expect((await rep1.get('/api/notifications?unread=true')).body.items).toEqual([]);
    expect((await rep2.post('/api/notifications/read', { all: true })).body).toEqual({ updated: 1, unread: 0 });
    const bad = await rep1.post('/api/notifications/read', {});
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('ids');
  });

  it('at 18:00 sends the manager the digest: update rate per rep, red deals, overdue next steps', async () => {
    const c = (await manager.get(`/api/deals/${deals.c}`)).body;
    expect(
      (await manager.patch(`/api/deals/${deals.c}`, { riskFlag: true, riskReason: '预算冻结', version: c.version }))
        .status,
    ).toBe(200);
    t.clock.set(at('10:00:00.000'));
    const report = await scheduler.tick();
    expect(runsOf(report, 'manager_digest')).toEqual([
      { orgId: t.orgId, jobId: 'manager_digest', slot: `${teamId}:2026-11-27`, created: 1 },
    ]);
    const digest = (await manager.get('/api/notifications')).body.items[0];
    expect(digest.kind).toBe('manager_digest');
    expect(digest.text).toContain('张三 更新率 50%（1/2）');
    expect(digest.text).toContain('李四 更新率 0%（0/1）');
    // The flagged deal is red with the manager's reason; the others, untouched for 4 days, are yellow.
    expect(digest.text).toContain('红灯商机（1）与逾期下一步（0）');
    expect(digest.text).toContain('🔴 丙方OA（李四）：主管标记风险：预算冻结');
    expect(digest.title).toBe('华东一组 2026-11-27 台账日报');
  });

  it('retries a failing channel with backoff, then shows it as failing, keeping the inbox item', async () => {
    let now = new Date(at('10:00:00.000')).getTime();
    let failed = 0;
    for (let i = 0; i < 12 && failed === 0; i++) {
      now += 61 * 60_000;
      t.clock.set(new Date(now).toISOString());
      failed += (await scheduler.tick()).failed;
    }
    expect(failed).toBe(1);
    expect(receiver.received.filter((r) => r.path === '/down/rep2')).toHaveLength(8);
    const channels = (await rep2.get('/api/notification-channels')).body.items;
    expect(channels).toHaveLength(1);
    expect(channels[0].failingSince).not.toBeNull();
    expect(channels[0].lastError).toMatch(/500|服务器|出错/);
    expect((await rep2.get('/api/notifications')).body.items).toHaveLength(1);
  });

  it('after downtime catches up the latest missed reminder once, not every one', async () => {
    // Down from Friday evening until Tuesday 11:00: Monday's 17:00 was missed (the weekend has none).
    t.clock.set('2026-12-01T03:00:00.000Z');
    const report = await scheduler.tick();
    expect(runsOf(report, 'daily_update_reminder').map((run) => run.slot)).toEqual([`${teamId}:2026-11-30`]);
    expect(runsOf(report, 'manager_digest').map((run) => run.slot)).toEqual([`${teamId}:2026-11-30`]);
    expect(runsOf(await scheduler.tick(), 'daily_update_reminder')).toEqual([]);
  });

  // SQLite serves one app process (its writers queue on a file lock); several instances need PostgreSQL.
  it('with two instances on one PostgreSQL, each reminder is created and sent once', async (context) => {
    if (db().engine !== 'postgres') context.skip();
    const second = await createDb(db().url, { pgSchema: db().pgSchema, poolSize: 4 });
    try {
      const other = makeScheduler(second);
      const before = receiver.received.filter((r) => r.path.startsWith('/ok')).length;
      t.clock.set('2026-12-01T09:00:00.000Z');
      const reports = await Promise.all([scheduler.tick(), other.tick()]);
      const runs = reports.flatMap((report) => runsOf(report, 'daily_update_reminder'));
      expect(runs.map((run) => run.slot)).toEqual([`${teamId}:2026-12-01`]);
      expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(2);
      expect(receiver.received.filter((r) => r.path.startsWith('/ok')).length).toBe(before + 2);
      expect(
        (await rep1.get('/api/notifications')).body.items.filter(
          (n: { kind: string }) => n.kind === 'daily_update_reminder',
        ),
      ).toHaveLength(3);

      // While another instance holds the scheduler lock, a tick does nothing at all.
      const holder = new pg.Client({ connectionString: db().url });
      await holder.connect();
      try {
        await holder.query('SELECT pg_advisory_lock(727274002, hashtext($1))', [db().pgSchema]);
        t.clock.set('2026-12-01T10:00:00.000Z');
        const blocked = await other.tick();
        expect(blocked).toMatchObject({ leader: false, runs: [], sent: 0 });
        await holder.query('SELECT pg_advisory_unlock(727274002, hashtext($1))', [db().pgSchema]);
        const free = await other.tick();
        expect(free.leader).toBe(true);
        expect(runsOf(free, 'manager_digest').map((run) => run.slot)).toEqual([`${teamId}:2026-12-01`]);
      } finally {
        await holder.end();
      }
    } finally {
      await second.close();
    }
  });
});
