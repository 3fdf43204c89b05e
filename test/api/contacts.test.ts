import { afterAll, beforeAll, expect, it } from 'vitest';
import { DECISION_ROLES } from '../../src/contract/accounts.js';
import { listAudit } from '../../src/store/queries/audit.js';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describeEachDb('contacts API', (db) => {
  let t: TestApp;
  let rep: Client;
  let otherRep: Client;
  let marketing: Client;
  let accountId: string;

  const auditOf = (entityId: string) => listAudit(db().db.kysely, t.orgId, { entity: 'contact', entityId, limit: 100 });

  beforeAll(async () => {
    t = await startTestApp(db());
    rep = await t.user('sales', { name: '张三' });
    otherRep = await t.user('sales', { name: '王五' });
    marketing = await t.user('marketing');
    const account = await rep.post('/api/accounts', { name: '美的集团股份有限公司', industry: '家电' });
    expect(account.status).toBe(201);
    accountId = account.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('records the whole decision chain, one contact per role', async () => {
    const people: Record<string, string> = {
      decision_maker: '何总',
      influencer: '技术总监李工',
      user: '仓库主管',
      gatekeeper: '总经办秘书',
      champion: 'IT 经理小刘',
      blocker: '财务总监',
    };
    for (const role of DECISION_ROLES) {
      const res = await rep.post(`/api/accounts/${accountId}/contacts`, {
        name: people[role],
        decisionRole: role,
        attitude: role === 'blocker' ? 'opposed' : 'supportive',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        accountId,
        name: people[role],
        decisionRole: role,
        version: 1,
        deletedAt: null,
      });
    }
    const list = await marketing.get(`/api/accounts/${accountId}/contacts`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(6);
    expect(list.body.items.map((c: { decisionRole: string }) => c.decisionRole)).toEqual([...DECISION_ROLES]);
    expect(list.body.items.find((c: { decisionRole: string }) => c.decisionRole === 'blocker').attitude).toBe(
      'opposed',
    );

    const page = await rep.get(`/api/accounts/${accountId}/contacts?limit=4`);
    expect(page.body.items).toHaveLength(4);
    const rest = await rep.get(`/api/accounts/${accountId}/contacts?limit=4&cursor=${page.body.nextCursor}`);
    expect(rest.body.items.map((c: { decisionRole: string }) => c.decisionRole)).toEqual(['champion', 'blocker']);
    expect(rest.body.nextCursor).toBeNull();

    const account = await marketing.get(`/api/accounts/${accountId}`);
    expect(account.body.contacts.map((c: { name: string }) => c.name)).toEqual(
      DECISION_ROLES.map((role) => people[role]),
    );
  });

  it('lists every invalid field of a contact', async () => {
    const res = await rep.post(`/api/accounts/${accountId}/contacts`, {
      name: '',
      email: 'not-an-email',
      decisionRole: 'boss',
      attitude: 'angry',
      phone: 12,
    });
    expect(res.status).toBe(400);
    expect(fields(res.body).sort()).toEqual(['attitude', 'decisionRole', 'email', 'name', 'phone']);
    const role = res.body.errors.find((e: { field: string }) => e.field === 'decisionRole');
    expect(role.message).toBe(`只能是：${DECISION_ROLES.join(' / ')}`);
    const en = await rep.post(
      `/api/accounts/${accountId}/contacts`,
      { name: '某人', email: 'x@' },
      { 'accept-language': 'en' },
    );
    expect(en.body.errors).toEqual([{ field: 'email', message: 'must be an e-mail address' }]);
    expect((await rep.get(`/api/accounts/${accountId}/contacts`)).body.total).toBe(6);
  });

  it('edits a contact with its version; a stale version changes nothing', async () => {
    const created = await rep.post(`/api/accounts/${accountId}/contacts`, {
      name: '周明',
      title: '采购经理',
      phone: '138 0013 8000',
      email: 'Zhou.Ming@Midea.com',
      wechat: 'zhouming88',
      preferences: '喜欢下午沟通',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'zhou.ming@midea.com', decisionRole: null, attitude: null });
    const id = created.body.id;

    const edited = await rep.patch(`/api/contacts/${id}`, {
      title: '采购总监',
      decisionRole: 'decision_maker',
      attitude: 'neutral',
      version: 1,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      title: '采购总监',
      decisionRole: 'decision_maker',
      attitude: 'neutral',
      version: 2,
      phone: '138 0013 8000',
    });

    const stale = await rep.patch(`/api/contacts/${id}`, { title: '别的', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(2);
    const current = await rep.get(`/api/contacts/${id}`);
    expect(current.body).toMatchObject({ title: '采购总监', version: 2, accountName: '美的集团股份有限公司' });

    const cleared = await rep.patch(`/api/contacts/${id}`, { attitude: null, wechat: '  ', version: 2 });
    expect(cleared.body).toMatchObject({ attitude: null, wechat: null, version: 3 });

    const audit = await auditOf(id);
    const updates = audit
      .filter((row) => row.action === 'update')
      .map((row) => [row.field, row.from_value, row.to_value]);
    expect(updates).toEqual(
      expect.arrayContaining([
        ['title', '采购经理', '采购总监'],
        ['decisionRole', null, 'decision_maker'],
        ['attitude', null, 'neutral'],
        ['attitude', 'neutral', null],
        ['wechat', 'zhouming88', null],
      ]),
    );
    expect(updates).toHaveLength(5);
    expect(audit.filter((row) => row.action === 'create').map((row) => row.field)).toEqual(
      expect.arrayContaining(['accountId', 'name', 'title', 'phone', 'email']),
    );
  });

  it('finds contacts by name in Chinese, by e-mail prefix and by phone digits', async () => {
    const byName = await marketing.get(`/api/search?q=${encodeURIComponent('周明')}`);
    expect(byName.status).toBe(200);
    expect(byName.body.contacts.map((c: { name: string; accountName: string }) => [c.name, c.accountName])).toEqual([
      ['周明', '美的集团股份有限公司'],
    ]);
    expect(byName.body.deals).toEqual([]);
    expect((await rep.get('/api/search?q=zhou')).body.contacts.map((c: { name: string }) => c.name)).toEqual(['周明']);
    expect((await rep.get('/api/search?q=13800138000')).body.contacts.map((c: { name: string }) => c.name)).toEqual([
      '周明',
    ]);
    expect(
      (await rep.get(`/api/search?q=${encodeURIComponent('采购总监')}`)).body.contacts.map(
        (c: { name: string }) => c.name,
      ),
    ).toEqual(['周明']);
    // The account matches by its own name, the contact does not.
    const byAccount = await rep.get(`/api/search?q=${encodeURIComponent('美的')}`);
    expect(byAccount.body.accounts.map((a: { id: string }) => a.id)).toEqual([accountId]);
    expect(byAccount.body.contacts).toEqual([]);
  });

  it('soft-deletes and restores a contact, audited', async () => {
    const created = await rep.post(`/api/accounts/${accountId}/contacts`, { name: '临时联系人', decisionRole: 'user' });
    const id = created.body.id;
    const deleted = await rep.delete(`/api/contacts/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.deletedAt).toBe(t.clock.now.toISOString());
    expect((await rep.get(`/api/contacts/${id}`)).status).toBe(404);
    expect((await rep.patch(`/api/contacts/${id}`, { name: 'x', version: 2 })).status).toBe(404);
    expect((await rep.get(`/api/accounts/${accountId}`)).body.contacts.map((c: { id: string }) => c.id)).not.toContain(
      id,
    );
    expect((await rep.get(`/api/search?q=${encodeURIComponent('临时联系人')}`)).body.contacts).toEqual([]);

    const restored = await rep.post(`/api/contacts/${id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id, deletedAt: null, version: 3 });
    expect((await rep.get(`/api/accounts/${accountId}`)).body.contacts.map((c: { id: string }) => c.id)).toContain(id);
    expect((await auditOf(id)).map((row) => row.action).filter((a) => a !== 'create')).toEqual(['restore', 'delete']);
  });

  it('hides the contacts of a deleted account and brings them back with it', async () => {
    const account = await rep.post('/api/accounts', { name: '格力电器' });
    const contact = await rep.post(`/api/accounts/${account.body.id}/contacts`, {
      name: '董女士',
      decisionRole: 'decision_maker',
    });
    expect((await rep.delete(`/api/accounts/${account.body.id}`)).status).toBe(200);
    expect((await rep.get(`/api/contacts/${contact.body.id}`)).status).toBe(404);
    expect((await rep.patch(`/api/contacts/${contact.body.id}`, { title: 'x', version: 1 })).status).toBe(404);
    expect((await rep.post(`/api/accounts/${account.body.id}/contacts`, { name: '新人' })).status).toBe(404);
    expect((await rep.get(`/api/search?q=${encodeURIComponent('董女士')}`)).body.contacts).toEqual([]);
    expect((await rep.post(`/api/accounts/${account.body.id}/restore`)).status).toBe(200);
    expect((await rep.get(`/api/contacts/${contact.body.id}`)).status).toBe(200);
  });

  it('lets only those who may change the account change its contacts', async () => {
    const contact = await rep.post(`/api/accounts/${accountId}/contacts`, {
      name: '守门人',
      decisionRole: 'gatekeeper',
    });
    const id = contact.body.id;
    // Everyone reads.
    expect((await otherRep.get(`/api/contacts/${id}`)).status).toBe(200);
    expect((await otherRep.get(`/api/accounts/${accountId}/contacts`)).status).toBe(200);
    // Another rep and marketing may not write (403), before any input check (400).
    for (const outsider of [otherRep, marketing]) {
      expect((await outsider.post(`/api/accounts/${accountId}/contacts`, { name: '' })).status).toBe(403);
      expect((await outsider.patch(`/api/contacts/${id}`, { decisionRole: 'blocker', version: 1 })).status).toBe(403);
      expect((await outsider.delete(`/api/contacts/${id}`)).status).toBe(403);
    }
    expect((await otherRep.patch('/api/contacts/nope', { name: 'x', version: 1 })).status).toBe(404);
    expect((await rep.get(`/api/contacts/${id}`)).body).toMatchObject({ decisionRole: 'gatekeeper', version: 1 });
    // The admin may.
    const byAdmin = await t.admin.patch(`/api/contacts/${id}`, { attitude: 'supportive', version: 1 });
    expect(byAdmin.status).toBe(200);
    expect((await auditOf(id)).find((row) => row.action === 'update')?.actor_id).toBe(t.admin.userId);
  });
});
