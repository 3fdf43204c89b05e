import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createNotifiers, sendNotification } from '../../src/jobs/notifiers/index.js';
import { buildApp } from '../../src/server/app.js';
import { checkAnswer } from '../contract-check.js';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

describeEachDb('notification channels API', (db) => {
  let t: TestApp;
  let manager: Client;
  let rep: Client;
  let otherRep: Client;
  let teamId: string;
  let otherTeamId: string;
  let received: { url: string; body: any }[];
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    received = [];
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => {
        raw += chunk;
      });
      req.on('end', () => {
        received.push({ url: req.url ?? '', body: JSON.parse(raw || 'null') });
        res.statusCode = req.url?.startsWith('/down') ? 400 : 200;
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startTestApp(db());
    manager = await t.user('manager');
    teamId = await t.team('一组', manager.userId);
    otherTeamId = await t.team('二组');
    rep = await t.user('sales', { teamId });
    otherRep = await t.user('sales', { teamId });
  });

  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('creates a channel without ever answering its secret, and audits it without the secret', async () => {
    const res = await rep.post('/api/notification-channels', {
      scope: 'user',
      name: '我的钉钉',
      config: {
        kind: 'dingtalk',
        webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789abcdef',
        secret: 'SECabcdefghijklmnop',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      scope: 'user',
      scopeId: rep.userId,
      kind: 'dingtalk',
      name: '我的钉钉',
      signed: true,
      enabled: true,
      failingSince: null,
      version: 1,
    });
    expect(res.body.target).toBe('oapi.dingtalk.com/robot/send?access_token=…cdef');
    expect(JSON.stringify(res.body)).not.toContain('SECabcdefghijklmnop');
    expect(JSON.stringify(res.body)).not.toContain('abcdef0123456789abcdef');
    const audit = await db()
      .db.kysely.selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'notification_channel')
      .where('entity_id', '=', res.body.id)
      .execute();
    expect(audit.map((row) => row.field).sort()).toEqual(['enabled', 'kind', 'name', 'target']);
    expect(audit.every((row) => row.action === 'create' && row.actor_id === rep.userId)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('SECabcdefghijklmnop');
    expect(JSON.stringify(audit)).not.toContain('abcdef0123456789abcdef');
  });

  it('names every invalid field in the user’s language', async () => {
    const res = await rep.post(
      '/api/notification-channels',
      { scope: 'user', name: ' ', config: { kind: 'dingtalk', webhookUrl: 'http://oapi.dingtalk.com/robot/send' } },
      { 'accept-language': 'en' },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['config.webhookUrl', 'name']);
    const unknownKind = await rep.post('/api/notification-channels', {
      scope: 'user',
      name: 'x',
      config: { kind: 'pager' },
    });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.errors[0].field).toBe('config.kind');
  });

  it('lets a manager run their team’s group chat, not another team’s, and a rep only their own', async () => {
    const team = await manager.post('/api/notification-channels', {
      scope: 'team',
      scopeId: teamId,
      name: '群',
      config: { kind: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0123456789abcdef' },
    });
    expect(team.status).toBe(201);
    expect(
      (
        await manager.post('/api/notification-channels', {
          scope: 'team',
          scopeId: otherTeamId,
          name: '别组',
          config: { kind: 'webhook', url: `${base}/ok` },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await rep.post('/api/notification-channels', {
          scope: 'team',
          scopeId: teamId,
          name: '群',
          config: { kind: 'webhook', url: `${base}/ok` },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await rep.post('/api/notification-channels', {
          scope: 'user',
          scopeId: otherRep.userId,
          name: 'x',
          config: { kind: 'webhook', url: `${base}/ok` },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await rep.post('/api/notification-channels', {
          scope: 'team',
          scopeId: 'no-such-team',
          name: 'x',
          config: { kind: 'webhook', url: `${base}/ok` },
        })
      ).status,
    ).toBe(404);
    // Someone else's channel is a 404 by id for a rep; the manager lists their own and the team's.
    expect((await otherRep.patch(`/api/notification-channels/${team.body.id}`, { name: 'x', version: 1 })).status).toBe(
      403,
    );
    const listed = (await manager.get('/api/notification-channels')).body.items.map((c: { name: string }) => c.name);
    expect(listed).toEqual(['群']);
    expect((await t.admin.get('/api/notification-channels')).body.items.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps a stored secret when the configuration is changed without one, and refuses a stale version', async () => {
    const created = await rep.post('/api/notification-channels', {
      scope: 'user',
      name: 'hook',
      config: { kind: 'webhook', url: `${base}/ok/a`, secret: 'sixteen-chars-secret' },
    });
    const changed = await rep.patch(`/api/notification-channels/${created.body.id}`, {
      config: { kind: 'webhook', url: `${base}/ok/b` },
      version: 1,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ signed: true, version: 2 });
    expect(
      (await rep.patch(`/api/notification-channels/${created.body.id}`, { enabled: false, version: 1 })).status,
    ).toBe(409);
    const off = await rep.patch(`/api/notification-channels/${created.body.id}`, { enabled: false, version: 2 });
    expect(off.body).toMatchObject({ enabled: false, version: 3 });
    expect((await rep.delete(`/api/notification-channels/${created.body.id}`)).status).toBe(204);
    expect(
      (await rep.patch(`/api/notification-channels/${created.body.id}`, { enabled: true, version: 3 })).status,
    ).toBe(404);
  });

  it('sends a test message now and shows a failure with its reason until a send works', async () => {
    const notifiers = createNotifiers({ timeoutMs: 2_000 });
    const app = await buildApp({
      db: db().db,
      dataDir: db().dataDir,
      onAnswer: checkAnswer,
      clock: () => t.clock.now,
      publicUrl: 'https://crm.example.com',
      channelSender: (channel, message, now) => sendNotification(notifiers, channel, message, now),
    });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: rep.email, password: 'correct horse 42' },
      });
      const cookie = login.cookies.find((c) => c.name === 'tz_session')!.value;
      const headers = { cookie: `tz_session=${cookie}`, 'x-csrf-token': login.json().csrfToken as string };
      const create = (url: string) =>
        app.inject({
          method: 'POST',
          url: '/api/notification-channels',
          headers,
          payload: { scope: 'user', name: 'test me', config: { kind: 'webhook', url } },
        });
      const good = (await create(`${base}/ok/test`)).json();
      const ok = await app.inject({ method: 'POST', url: `/api/notification-channels/${good.id}/test`, headers });
      expect(ok.json()).toMatchObject({ ok: true, error: null, channel: { failingSince: null } });
      expect(received.at(-1)).toMatchObject({ url: '/ok/test', body: { kind: 'channel_test', title: '台账测试消息' } });
      const bad = (await create(`${base}/down/test`)).json();
      const failed = await app.inject({
        method: 'POST',
        url: `/api/notification-channels/${bad.id}/test`,
        headers: { ...headers, 'accept-language': 'en' },
      });
      expect(failed.json().ok).toBe(false);
      expect(failed.json().error).toMatch(/400/);
      expect(failed.json().channel.failingSince).not.toBeNull();
    } finally {
      await app.close();
    }
    // Without senders wired (this app), the test button explains instead of failing obscurely.
    const unconfigured = await rep.post(
      `/api/notification-channels/${(await rep.get('/api/notification-channels')).body.items[0].id}/test`,
    );
    expect(unconfigured.status).toBe(503);
  });
});
