import { afterAll, beforeAll, expect, it } from 'vitest';
import { PASSWORD, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

describeEachDb('users and teams admin API', (db) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(db());
  });
  afterAll(async () => {
    await t.close();
  });

  const me = async () =>
    (await t.admin.get('/api/users')).body.items.find((u: { id: string }) => u.id === t.admin.userId);

  it('changes a user with version: name, role, team, active; stale versions 409', async () => {
    const rep = await t.user('sales', { name: '张三' });
    const teamId = await t.team('华南区');
    const listed = (await t.admin.get('/api/users')).body.items.find((u: { id: string }) => u.id === rep.userId);
    expect(listed.version).toBe(1);
    const res = await t.admin.patch(`/api/users/${rep.userId}`, {
      name: '张三丰',
      role: 'manager',
      teamId,
      version: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '张三丰', role: 'manager', teamId, active: true, version: 2 });
    expect((await t.admin.patch(`/api/users/${rep.userId}`, { name: 'x', version: 1 })).status).toBe(409);
    const bad = await t.admin.patch(`/api/users/${rep.userId}`, { role: 'boss', teamId: 'nope', version: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['role']);
    const noTeam = await t.admin.patch(`/api/users/${rep.userId}`, { teamId: 'nope', version: 2 });
    expect(noTeam.body.errors.map((e: { field: string }) => e.field)).toEqual(['teamId']);

    // Deactivated users can no longer sign in.
    expect((await t.admin.patch(`/api/users/${rep.userId}`, { active: false, version: 2 })).body.active).toBe(false);
    await expect(t.signIn(rep.email, PASSWORD)).rejects.toThrow();
    expect((await rep.get('/api/me')).status).toBe(401);
  });

  it('keeps the last active admin: neither deactivated nor demoted (409)', async () => {
    const admin = await me();
    const demote = await t.admin.patch(`/api/users/${admin.id}`, { role: 'sales', version: admin.version });
    expect(demote.status).toBe(409);
    expect(demote.body.errors[0].field).toBe('role');
    const off = await t.admin.patch(`/api/users/${admin.id}`, { active: false, version: admin.version });
    expect(off.status).toBe(409);
    expect(off.body.errors[0].field).toBe('active');
    // With a second admin, the first may step down.
    const second = await t.user('admin');
    expect((await t.admin.patch(`/api/users/${admin.id}`, { role: 'manager', version: admin.version })).status).toBe(
      200,
    );
    const secondRow = (await second.get('/api/users')).body.items.find((u: { id: string }) => u.id === second.userId);
    expect(
      (await second.patch(`/api/users/${second.userId}`, { active: false, version: secondRow.version })).status,
    ).toBe(409);
    // Back to admin for the other tests.
    expect((await second.patch(`/api/users/${admin.id}`, { role: 'admin', version: admin.version + 1 })).status).toBe(
      200,
    );
  });

  it('only admins change users and teams', async () => {
    const rep = await t.user('sales');
    const other = await t.user('sales');
    expect((await rep.patch(`/api/users/${other.userId}`, { name: 'x', version: 1 })).status).toBe(403);
    expect((await rep.patch('/api/users/nobody', { name: 'x', version: 1 })).status).toBe(404);
  });

  it('creating a team with a manager moves the manager as a versioned, audited change', async () => {
    const lead = await t.user('manager', { name: '赵六' });
    const created = await t.admin.post('/api/teams', { name: '西南区', managerId: lead.userId });
    expect(created.status).toBe(201);
    const row = (await t.admin.get('/api/users')).body.items.find((u: { id: string }) => u.id === lead.userId);
    expect(row).toMatchObject({ teamId: created.body.id, version: 2 });
    // An edit made from the version read before the team existed must not silently undo the move.
    expect((await t.admin.patch(`/api/users/${lead.userId}`, { teamId: null, version: 1 })).status).toBe(409);
    const trail = await t.admin.get(`/api/audit?entity=user&id=${lead.userId}`);
    expect(trail.body.items).toContainEqual(
      expect.objectContaining({ action: 'update', field: 'teamId', to: created.body.id }),
    );
  });

  it('renames a team and names its manager (who joins the team), with version', async () => {
    const client = t.admin;
    const teamId = await t.team('华东区');
    const manager = await t.user('manager', { name: '李经理' });
    const res = await client.patch(`/api/teams/${teamId}`, { name: '华东一区', managerId: manager.userId, version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: teamId, name: '华东一区', managerId: manager.userId, version: 2 });
    const user = (await client.get('/api/users')).body.items.find((u: { id: string }) => u.id === manager.userId);
    expect(user.teamId).toBe(teamId);
    expect((await client.patch(`/api/teams/${teamId}`, { name: 'x', version: 1 })).status).toBe(409);
    expect((await client.patch(`/api/teams/${teamId}`, { managerId: 'nobody', version: 2 })).status).toBe(400);
    expect((await manager.patch(`/api/teams/${teamId}`, { name: 'x', version: 2 })).status).toBe(403);
    expect((await client.patch('/api/teams/nope', { name: 'x', version: 1 })).status).toBe(404);
  });

  it('sets a team’s own reminder and digest times (null: the organisation’s), audited, with errors in both languages', async () => {
    const created = await t.admin.post('/api/teams', { name: '华北区', reminderTime: '16:30' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ reminderTime: '16:30', digestTime: null, version: 1 });
    const id = created.body.id as string;

    const res = await t.admin.patch(`/api/teams/${id}`, { reminderTime: null, digestTime: '08:45', version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reminderTime: null, digestTime: '08:45', version: 2 });
    const listed = (await t.admin.get('/api/teams')).body.items.find((team: { id: string }) => team.id === id);
    expect(listed).toMatchObject({ reminderTime: null, digestTime: '08:45' });
    const row = await db()
      .db.kysely.selectFrom('teams')
      .select(['reminder_time', 'digest_time'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ reminder_time: null, digest_time: '08:45' });

    // Nothing changed: no new version, no audit row.
    expect((await t.admin.patch(`/api/teams/${id}`, { digestTime: '08:45', version: 2 })).body.version).toBe(2);
    const trail = await t.admin.get(`/api/audit?entity=team&id=${id}`);
    expect(trail.body.items).toContainEqual(
      expect.objectContaining({ action: 'create', field: 'reminderTime', to: '16:30' }),
    );
    expect(trail.body.items).toContainEqual(
      expect.objectContaining({ action: 'update', field: 'reminderTime', from: '16:30', to: null }),
    );
    expect(trail.body.items).toContainEqual(
      expect.objectContaining({ action: 'update', field: 'digestTime', from: null, to: '08:45' }),
    );

    const zh = await t.admin.patch(
      `/api/teams/${id}`,
      { reminderTime: '24:00', digestTime: '9:00', version: 2 },
      { 'accept-language': 'zh-CN' },
    );
    expect(zh.status).toBe(400);
    expect(zh.body.errors).toEqual([
      { field: 'reminderTime', message: '应为 24 小时制时间 HH:MM，如 17:00' },
      { field: 'digestTime', message: '应为 24 小时制时间 HH:MM，如 17:00' },
    ]);
    const en = await t.admin.post('/api/teams', { name: 'North', digestTime: '7pm' }, { 'accept-language': 'en' });
    expect(en.body.errors).toEqual([{ field: 'digestTime', message: 'must be a 24-hour time HH:MM such as 17:00' }]);
    const manager = await t.user('manager');
    expect((await manager.patch(`/api/teams/${id}`, { reminderTime: '18:00', version: 2 })).status).toBe(403);
  });
});
