import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/store/queries/audit.js';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

const HUAWEI_USCC = '914403001922038216';
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
const names = (body: { items: { name: string }[] }) => body.items.map((a) => a.name);

describeEachDb('accounts API', (db) => {
  let t: TestApp;
  let managerA: Client;
  let repA: Client;
  let repA2: Client;
  let managerB: Client;
  let repB: Client;
  let marketing: Client;
  let viewer: Client;

  /** Moves the app clock a minute on, so records written one after another have distinct times. */
  const tick = () => t.clock.set(new Date(t.clock.now.getTime() + 60_000).toISOString());
  const auditOf = (entityId: string) => listAudit(db().db.kysely, t.orgId, { entity: 'account', entityId, limit: 100 });

  beforeAll(async () => {
    t = await startTestApp(db());
    managerA = await t.user('manager', { name: '王经理' });
    const teamA = await t.team('华南团队', managerA.userId);
    repA = await t.user('sales', { teamId: teamA, name: '张三' });
    repA2 = await t.user('sales', { teamId: teamA, name: '李四' });
    managerB = await t.user('manager', { name: '赵经理' });
    const teamB = await t.team('华北团队', managerB.userId);
    repB = await t.user('sales', { teamId: teamB, name: '王五' });
    marketing = await t.user('marketing');
    viewer = await t.user('viewer');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('create, read, list and search', () => {
    let huaweiId: string;

    beforeAll(async () => {
      const huawei = await repA.post('/api/accounts', {
        name: '华为技术有限公司',
        uscc: HUAWEI_USCC,
        industry: '通信',
        region: '深圳',
        size: '10000+',
        source: '展会',
        budgetRange: '100-500万',
        painPoints: '多地库存不同步',
        tier: 'A',
        tags: ['战略', ' 战略 ', '制造'],
        custom: { 渠道: '直销' },
      });
      expect(huawei.status).toBe(201);
      huaweiId = huawei.body.id;
      tick();
      expect((await repA.post('/api/accounts', { name: '华润万家有限公司', industry: '零售', tier: 'B' })).status).toBe(
        201,
      );
      tick();
      expect(
        (await repB.post('/api/accounts', { name: 'Acme Co., Ltd.', industry: 'Manufacturing', tier: 'A' })).status,
      ).toBe(201);
      tick();
      expect((await repB.post('/api/accounts', { name: '腾讯科技（深圳）有限公司', industry: '互联网' })).status).toBe(
        201,
      );
    });

    it('answers the created account whole, with defaults and normalised values', async () => {
      const res = await repA.get(`/api/accounts/${huaweiId}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: huaweiId,
        name: '华为技术有限公司',
        uscc: HUAWEI_USCC,
        industry: '通信',
        region: '深圳',
        size: '10000+',
        source: '展会',
        budgetRange: '100-500万',
        painPoints: '多地库存不同步',
        ownerId: repA.userId,
        ownerName: '张三',
        tier: 'A',
        tags: ['战略', '制造'],
        custom: { 渠道: '直销' },
        version: 1,
        deletedAt: null,
        contacts: [],
        dealCount: 0,
        createdAt: '2026-03-02T02:00:00.000Z',
        updatedAt: '2026-03-02T02:00:00.000Z',
      });
      const row = await db()
        .db.kysely.selectFrom('accounts')
        .select(['name_key', 'search_tokens'])
        .where('id', '=', huaweiId)
        .executeTakeFirstOrThrow();
      expect(row.name_key).toBe('华为技术');
      expect(row.search_tokens.split(' ')).toEqual(expect.arrayContaining(['华为', '技术', HUAWEI_USCC.toLowerCase()]));
    });

    it('finds accounts by Chinese text, English prefix and USCC prefix', async () => {
      const zh = await viewer.get(`/api/accounts?q=${encodeURIComponent('华为')}`);
      expect(zh.status).toBe(200);
      expect(names(zh.body)).toEqual(['华为技术有限公司']);
      expect(zh.body.total).toBe(1);

      // "华" alone matches both 华为 and 华润 (and nothing else).
      const oneChar = await viewer.get(`/api/accounts?q=${encodeURIComponent('华')}`);
      expect(names(oneChar.body).sort()).toEqual(['华为技术有限公司', '华润万家有限公司'].sort());

      const en = await viewer.get('/api/accounts?q=acm');
      expect(names(en.body)).toEqual(['Acme Co., Ltd.']);
      const enUpper = await viewer.get(`/api/accounts?q=${encodeURIComponent('ＡＣＭＥ')}`);
      expect(names(enUpper.body)).toEqual(['Acme Co., Ltd.']);

      const byUscc = await viewer.get('/api/accounts?q=91440300');
      expect(names(byUscc.body)).toEqual(['华为技术有限公司']);

      const both = await viewer.get(`/api/accounts?q=${encodeURIComponent('深圳 腾讯')}`);
      expect(names(both.body)).toEqual(['腾讯科技（深圳）有限公司']);

      const none = await viewer.get(`/api/accounts?q=${encodeURIComponent('阿里巴巴')}`);
      expect(none.body).toEqual({ items: [], nextCursor: null, total: 0 });
      const nothingSearchable = await viewer.get(`/api/accounts?q=${encodeURIComponent('!!')}`);
      expect(nothingSearchable.body.items).toEqual([]);
    });

    it('filters by owner, industry and tier', async () => {
      const own = await viewer.get(`/api/accounts?ownerId=${repB.userId}`);
      expect(names(own.body).sort()).toEqual(['Acme Co., Ltd.', '腾讯科技（深圳）有限公司'].sort());
      const tierA = await viewer.get('/api/accounts?tier=A');
      expect(names(tierA.body).sort()).toEqual(['Acme Co., Ltd.', '华为技术有限公司'].sort());
      const retail = await viewer.get(`/api/accounts?industry=${encodeURIComponent('零售')}`);
      expect(names(retail.body)).toEqual(['华润万家有限公司']);
    });

    it('pages by updatedAt (newest first) and by name with keyset cursors', async () => {
      const first = await viewer.get('/api/accounts?limit=3');
      expect(first.status).toBe(200);
      expect(first.body.total).toBe(4);
      expect(names(first.body)).toEqual(['腾讯科技（深圳）有限公司', 'Acme Co., Ltd.', '华润万家有限公司']);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await viewer.get(`/api/accounts?limit=3&cursor=${first.body.nextCursor}`);
      expect(names(second.body)).toEqual(['华为技术有限公司']);
      expect(second.body.nextCursor).toBeNull();

      const collected: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await viewer.get(
          `/api/accounts?sort=name&limit=1&count=false${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.body).not.toHaveProperty('total');
        collected.push(...names(page.body));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(collected).toHaveLength(4);
      expect(new Set(collected).size).toBe(4);
      const reversed = await viewer.get('/api/accounts?sort=-name&limit=10');
      expect(names(reversed.body)).toEqual([...collected].reverse());

      const foreignCursor = await viewer.get(`/api/accounts?sort=name&cursor=${first.body.nextCursor}`);
      expect(foreignCursor.status).toBe(400);
      expect(fields(foreignCursor.body)).toEqual(['cursor']);
    });

    it('answers 404 for an unknown id and 401 when signed out', async () => {
      const missing = await repA.get('/api/accounts/nope');
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      const anonymous = await t.app.inject({ method: 'GET', url: '/api/accounts' });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  it("lists every invalid field, in the caller's language", async () => {
    const res = await repA.post('/api/accounts', {
      name: '  ',
      uscc: '12345',
      tags: 'vip',
      budgetRange: 5,
      tier: 'x'.repeat(21),
      bogus: 1,
    });
    expect(res.status).toBe(400);
    expect(fields(res.body).sort()).toEqual(['bogus', 'budgetRange', 'name', 'tags', 'tier', 'uscc'].sort());
    expect(res.body.errors.find((e: { field: string }) => e.field === 'uscc').message).toBe(
      '统一社会信用代码应为18位数字或大写字母',
    );
    expect(res.body.errors.find((e: { field: string }) => e.field === 'name').message).toBe('不能为空');

    const en = await repA.post('/api/accounts', { uscc: `91440300192203821${'O'}` }, { 'accept-language': 'en' });
    expect(en.status).toBe(400);
    expect(en.body.errors).toEqual([
      { field: 'name', message: 'is required' },
      { field: 'uscc', message: 'a USCC has 18 digits or capital letters' },
    ]);
    expect(en.body.title).toBe('Invalid input');
    expect(
      await db()
        .db.kysely.selectFrom('accounts')
        .select('id')
        .where('org_id', '=', t.orgId)
        .where('name', 'in', ['', '  '])
        .execute(),
    ).toEqual([]);
  });

  it('keeps USCCs unique among live accounts (409), folding full-width and lower case', async () => {
    const uscc = '91310000MA1K4LXX3B'.replace(/X/g, 'K');
    const first = await repA.post('/api/accounts', { name: '上海某某贸易有限公司', uscc });
    expect(first.status).toBe(201);

    const fullWidth = uscc.toLowerCase().replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const duplicate = await repB.post('/api/accounts', { name: '另一个名字', uscc: fullWidth });
    expect(duplicate.status).toBe(409);
    expect(fields(duplicate.body)).toEqual(['uscc']);
    expect(duplicate.body.detail).toContain('上海某某贸易有限公司');

    const other = await repB.post('/api/accounts', { name: '北京某某有限公司' });
    const viaPatch = await repB.patch(`/api/accounts/${other.body.id}`, { uscc, version: 1 });
    expect(viaPatch.status).toBe(409);
    expect(fields(viaPatch.body)).toEqual(['uscc']);
    expect((await repB.get(`/api/accounts/${other.body.id}`)).body).toMatchObject({ uscc: null, version: 1 });

    // Once the holder is deleted its USCC is free; restoring the holder would then make two: 409.
    expect((await repA.delete(`/api/accounts/${first.body.id}`)).status).toBe(200);
    const taken = await repB.post('/api/accounts', { name: '上海某某贸易（新）', uscc });
    expect(taken.status).toBe(201);
    expect(taken.body.uscc).toBe(uscc);
    const restore = await repA.post(`/api/accounts/${first.body.id}/restore`);
    expect(restore.status).toBe(409);
    expect(fields(restore.body)).toEqual(['uscc']);
    expect((await repA.get(`/api/accounts/${first.body.id}`)).status).toBe(404);

    // The same USCC in another organisation is no conflict.
    const other2 = await startTestApp(db());
    try {
      expect((await other2.admin.post('/api/accounts', { name: '上海某某贸易有限公司', uscc })).status).toBe(201);
    } finally {
      await other2.close();
    }
  });

  it('refuses a stale version (409) and writes nothing', async () => {
    const created = await repA.post('/api/accounts', { name: '版本测试有限公司', industry: '制造' });
    const id = created.body.id;
    const edited = await repA.patch(`/api/accounts/${id}`, { industry: '汽车制造', tags: ['重点'], version: 1 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ industry: '汽车制造', tags: ['重点'], version: 2, contacts: [], dealCount: 0 });

    const stale = await repA.patch(`/api/accounts/${id}`, { name: '改名', industry: '别的', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(2);
    expect(fields(stale.body)).toEqual(['version']);
    expect((await repA.get(`/api/accounts/${id}`)).body).toMatchObject({
      name: '版本测试有限公司',
      industry: '汽车制造',
      version: 2,
    });
    expect(
      (await auditOf(id))
        .filter((r) => r.action === 'update')
        .map((r) => r.field)
        .sort(),
    ).toEqual(['industry', 'tags']);

    const missingVersion = await repA.patch(`/api/accounts/${id}`, { industry: 'x' });
    expect(missingVersion.status).toBe(400);
    expect(fields(missingVersion.body)).toEqual(['version']);
  });

  it('soft-deletes and restores, hiding the account meanwhile, all audited', async () => {
    tick();
    const created = await repA.post('/api/accounts', { name: '可删除有限公司', uscc: '91110000802100433B' });
    const id = created.body.id;
    const renamed = await repA.patch(`/api/accounts/${id}`, { name: '可删除科技有限公司', region: '北京', version: 1 });
    expect(renamed.status).toBe(200);

    const deleted = await repA.delete(`/api/accounts/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id, version: 3, deletedAt: t.clock.now.toISOString() });
    expect((await repA.get(`/api/accounts/${id}`)).status).toBe(404);
    expect((await repA.patch(`/api/accounts/${id}`, { region: '上海', version: 3 })).status).toBe(404);
    expect((await repA.delete(`/api/accounts/${id}`)).status).toBe(404);
    expect((await repA.get(`/api/accounts/${id}/contacts`)).status).toBe(404);
    const list = await repA.get(`/api/accounts?q=${encodeURIComponent('可删除')}`);
    expect(list.body.items).toEqual([]);
    const search = await repA.get(`/api/search?q=${encodeURIComponent('可删除')}`);
    expect(search.body.accounts).toEqual([]);
    expect((await repB.post(`/api/accounts/${id}/restore`)).status).toBe(403);

    const restored = await repA.post(`/api/accounts/${id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id, name: '可删除科技有限公司', version: 4, deletedAt: null });
    expect((await repA.get(`/api/accounts/${id}`)).status).toBe(200);
    expect((await repA.post(`/api/accounts/${id}/restore`)).status).toBe(404);

    const audit = await auditOf(id);
    expect(audit.every((row) => row.actor_id === repA.userId)).toBe(true);
    expect([...new Set(audit.map((row) => row.action))]).toEqual(['restore', 'delete', 'update', 'create']);
    const update = audit
      .filter((row) => row.action === 'update')
      .map((row) => ({ field: row.field, from: row.from_value, to: row.to_value }));
    expect(update).toEqual(
      expect.arrayContaining([
        { field: 'name', from: '可删除有限公司', to: '可删除科技有限公司' },
        { field: 'region', from: null, to: '北京' },
      ]),
    );
    expect(update).toHaveLength(2);
    const create = audit.filter((row) => row.action === 'create').map((row) => row.field);
    expect(create).toEqual(expect.arrayContaining(['name', 'uscc', 'ownerId']));
  });

  it("keeps the search tokens of an account's deals in step with its name", async () => {
    const account = await repA.post('/api/accounts', { name: '老名字有限公司' });
    const deal = await repA.post('/api/deals', { title: 'ERP 项目', accountId: account.body.id });
    expect(deal.status).toBe(201);
    expect(
      (await repA.get(`/api/deals?q=${encodeURIComponent('老名字')}`)).body.items.map((d: { id: string }) => d.id),
    ).toEqual([deal.body.id]);

    const renamed = await repA.patch(`/api/accounts/${account.body.id}`, { name: '新名称集团', version: 1 });
    expect(renamed.status).toBe(200);
    expect(renamed.body.dealCount).toBe(1);
    expect(
      (await repA.get(`/api/deals?q=${encodeURIComponent('新名称')}`)).body.items.map((d: { id: string }) => d.id),
    ).toEqual([deal.body.id]);
    expect((await repA.get(`/api/deals?q=${encodeURIComponent('老名字')}`)).body.items).toEqual([]);
    expect((await repA.get('/api/deals?q=erp')).body.items.map((d: { id: string }) => d.id)).toContain(deal.body.id);
    const row = await db()
      .db.kysely.selectFrom('accounts')
      .select('name_key')
      .where('id', '=', account.body.id)
      .executeTakeFirstOrThrow();
    expect(row.name_key).toBe('新名称');
  });

  describe('who may change what', () => {
    let repAAccount: { id: string; version: number };

    beforeAll(async () => {
      const res = await repA.post('/api/accounts', { name: '张三的客户有限公司' });
      repAAccount = res.body;
    });

    it('lets every role read, including marketing and viewers', async () => {
      for (const reader of [repB, marketing, viewer, managerB]) {
        const res = await reader.get(`/api/accounts/${repAAccount.id}`);
        expect(res.status).toBe(200);
        expect(res.body.name).toBe('张三的客户有限公司');
        expect(
          (await reader.get(`/api/accounts?q=${encodeURIComponent('张三的客户')}`)).body.items.map(
            (a: { id: string }) => a.id,
          ),
        ).toEqual([repAAccount.id]);
      }
    });

    it("stops a sales rep from changing another rep's account (403), even a teammate's", async () => {
      for (const rep of [repB, repA2]) {
        const patch = await rep.patch(`/api/accounts/${repAAccount.id}`, { name: '抢客户', version: 1 });
        expect(patch.status).toBe(403);
        expect(patch.body.detail).toBe('销售只能修改自己负责的客户');
        expect((await rep.delete(`/api/accounts/${repAAccount.id}`)).status).toBe(403);
      }
      // 403 comes before 400: an invalid body on someone else's account still says "not yours".
      expect((await repB.patch(`/api/accounts/${repAAccount.id}`, { name: '', version: 'x' })).status).toBe(403);
      // And 404 before 403.
      expect((await repB.patch('/api/accounts/does-not-exist', { name: 'x', version: 1 })).status).toBe(404);
      expect((await repA.get(`/api/accounts/${repAAccount.id}`)).body).toMatchObject({
        name: '张三的客户有限公司',
        version: 1,
      });
    });

    it('stops sales reps handing accounts to others, on create and on edit', async () => {
      const create = await repA.post('/api/accounts', { name: '转交测试', ownerId: repA2.userId });
      expect(create.status).toBe(403);
      const handOver = await repA.patch(
        `/api/accounts/${repAAccount.id}`,
        { ownerId: repB.userId, version: 1 },
        { 'accept-language': 'en' },
      );
      expect(handOver.status).toBe(403);
      expect(handOver.body.detail).toBe('Sales reps own their accounts and cannot hand them to someone else');
    });

    it("lets managers change their team's accounts only, and admins all", async () => {
      const byManager = await managerA.patch(`/api/accounts/${repAAccount.id}`, { tier: 'A', version: 1 });
      expect(byManager.status).toBe(200);
      expect(byManager.body).toMatchObject({ tier: 'A', version: 2 });
      const otherTeam = await managerB.patch(`/api/accounts/${repAAccount.id}`, { tier: 'C', version: 2 });
      expect(otherTeam.status).toBe(403);
      expect(otherTeam.body.detail).toBe('主管只能修改本团队成员负责的客户');
      const outOfTeamOwner = await managerA.patch(`/api/accounts/${repAAccount.id}`, {
        ownerId: repB.userId,
        version: 2,
      });
      expect(outOfTeamOwner.status).toBe(403);
      const reassigned = await managerA.patch(`/api/accounts/${repAAccount.id}`, { ownerId: repA2.userId, version: 2 });
      expect(reassigned.status).toBe(200);
      expect(reassigned.body).toMatchObject({ ownerId: repA2.userId, ownerName: '李四', version: 3 });
      // Now it is 李四's: 张三 may no longer change it, 李四 may.
      expect((await repA.patch(`/api/accounts/${repAAccount.id}`, { tier: 'B', version: 3 })).status).toBe(403);
      expect((await repA2.patch(`/api/accounts/${repAAccount.id}`, { tier: 'B', version: 3 })).status).toBe(200);
      const byAdmin = await t.admin.patch(`/api/accounts/${repAAccount.id}`, { ownerId: repB.userId, version: 4 });
      expect(byAdmin.status).toBe(200);
      expect(byAdmin.body.ownerId).toBe(repB.userId);
      const badOwner = await t.admin.patch(`/api/accounts/${repAAccount.id}`, { ownerId: 'nobody', version: 5 });
      expect(badOwner.status).toBe(400);
      expect(fields(badOwner.body)).toEqual(['ownerId']);
      const audit = await auditOf(repAAccount.id);
      expect(
        audit
          .filter((row) => row.field === 'ownerId' && row.action === 'update')
          .map((row) => [row.from_value, row.to_value, row.actor_id]),
      ).toEqual([
        [repA2.userId, repB.userId, t.admin.userId],
        [repA.userId, repA2.userId, managerA.userId],
      ]);
    });

    it('lets marketing and viewers read but not write (403)', async () => {
      for (const reader of [marketing, viewer]) {
        expect((await reader.post('/api/accounts', { name: '市场部建的客户' })).status).toBe(403);
        expect((await reader.patch(`/api/accounts/${repAAccount.id}`, { tier: 'C', version: 5 })).status).toBe(403);
        expect((await reader.delete(`/api/accounts/${repAAccount.id}`)).status).toBe(403);
        expect((await reader.post(`/api/accounts/${repAAccount.id}/contacts`, { name: '某人' })).status).toBe(403);
      }
      // Not found still comes first.
      expect((await marketing.patch('/api/accounts/missing', { tier: 'C', version: 1 })).status).toBe(404);
      expect((await viewer.get(`/api/accounts?q=${encodeURIComponent('市场部建的')}`)).body.items).toEqual([]);
    });
  });

  it('counts only the deals the caller may see on an account', async () => {
    const account = await t.admin.post('/api/accounts', { name: '多方跟进有限公司' });
    const id = account.body.id;
    expect((await repA.post('/api/deals', { title: '张三的单', accountId: id })).status).toBe(201);
    expect((await repB.post('/api/deals', { title: '王五的单', accountId: id })).status).toBe(201);
    const deleted = await repB.post('/api/deals', { title: '删掉的单', accountId: id });
    expect((await repB.delete(`/api/deals/${deleted.body.id}`)).status).toBe(200);

    expect((await t.admin.get(`/api/accounts/${id}`)).body.dealCount).toBe(2);
    expect((await repA.get(`/api/accounts/${id}`)).body.dealCount).toBe(1);
    expect((await repB.get(`/api/accounts/${id}`)).body.dealCount).toBe(1);
    expect((await managerA.get(`/api/accounts/${id}`)).body.dealCount).toBe(1);
    expect((await viewer.get(`/api/accounts/${id}`)).body.dealCount).toBe(2);
    expect((await marketing.get(`/api/accounts/${id}`)).body.dealCount).toBe(0);
  });

  it('global search returns accounts, contacts and only the deals the caller may see', async () => {
    const account = await t.admin.post('/api/accounts', { name: '星辰重工有限公司', ownerId: repA.userId });
    expect(account.status).toBe(201);
    const contact = await repA.post(`/api/accounts/${account.body.id}/contacts`, {
      name: '陈星辰',
      title: '采购总监',
      decisionRole: 'decision_maker',
    });
    expect(contact.status).toBe(201);
    const mine = await repA.post('/api/deals', { title: '星辰 MES 一期', accountId: account.body.id });
    const theirs = await repB.post('/api/deals', { title: '星辰 仓储二期' });
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);

    const q = `/api/search?q=${encodeURIComponent('星辰')}`;
    const forA = await repA.get(q);
    expect(forA.status).toBe(200);
    expect(forA.body.accounts.map((a: { name: string }) => a.name)).toEqual(['星辰重工有限公司']);
    expect(
      forA.body.contacts.map((c: { name: string; accountName: string; decisionRole: string }) => [
        c.name,
        c.accountName,
        c.decisionRole,
      ]),
    ).toEqual([['陈星辰', '星辰重工有限公司', 'decision_maker']]);
    expect(forA.body.deals.map((d: { id: string }) => d.id)).toEqual([mine.body.id]);
    expect(forA.body.deals[0]).toMatchObject({ accountName: '星辰重工有限公司', light: { color: expect.any(String) } });

    const forB = await repB.get(q);
    expect(forB.body.deals.map((d: { id: string }) => d.id)).toEqual([theirs.body.id]);
    expect(forB.body.accounts).toHaveLength(1);
    const forManagerA = await managerA.get(q);
    expect(forManagerA.body.deals.map((d: { id: string }) => d.id)).toEqual([mine.body.id]);
    const forAdmin = await t.admin.get(q);
    expect(forAdmin.body.deals.map((d: { id: string }) => d.id).sort()).toEqual([mine.body.id, theirs.body.id].sort());
    const forMarketing = await marketing.get(q);
    expect(forMarketing.body.deals).toEqual([]);
    expect(forMarketing.body.contacts).toHaveLength(1);

    const english = await repB.get('/api/search?q=mes');
    expect(english.body.deals).toEqual([]);
    expect((await repA.get('/api/search?q=mes')).body.deals.map((d: { id: string }) => d.id)).toEqual([mine.body.id]);

    const blank = await repA.get('/api/search?q=%20');
    expect(blank.status).toBe(400);
    expect(fields(blank.body)).toEqual(['q']);
    expect((await t.app.inject({ method: 'GET', url: '/api/search?q=x' })).statusCode).toBe(401);
  });

  it('caps global search at eight of each kind', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await t.admin.post('/api/accounts', { name: `Zenith Holdings ${i}` })).status).toBe(201);
    }
    const res = await t.admin.get('/api/search?q=zenith');
    expect(res.body.accounts).toHaveLength(8);
    expect((await t.admin.get('/api/accounts?q=zenith')).body.total).toBe(10);
  });

  describe('products', () => {
    it('lets admins add products and everyone list them', async () => {
      const created = await t.admin.post('/api/products', {
        name: '标准版 ERP 授权',
        sku: 'ERP-STD',
        unitPrice: 12_800_00,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: '标准版 ERP 授权',
        sku: 'ERP-STD',
        unitPrice: 1_280_000,
        currency: 'CNY',
        active: true,
      });
      expect(
        (await t.admin.post('/api/products', { name: 'Implementation day', unitPrice: 800_00, currency: 'USD' }))
          .status,
      ).toBe(201);
      expect((await t.admin.post('/api/products', { name: '旧版授权', unitPrice: 1, active: false })).status).toBe(201);

      const list = await repA.get('/api/products');
      expect(list.status).toBe(200);
      expect(list.body.items.map((p: { name: string }) => p.name)).toEqual(['Implementation day', '标准版 ERP 授权']);
      expect(list.body.total).toBe(2);
      const all = await marketing.get('/api/products?includeInactive=true&limit=2');
      expect(all.body.total).toBe(3);
      expect(all.body.items).toHaveLength(2);
      const rest = await marketing.get(`/api/products?includeInactive=true&limit=2&cursor=${all.body.nextCursor}`);
      expect(rest.body.items).toHaveLength(1);
      expect(rest.body.nextCursor).toBeNull();
      expect(
        [...all.body.items, ...rest.body.items]
          .map((p: { name: string; active: boolean }) => `${p.name}:${p.active}`)
          .sort(),
      ).toEqual(['Implementation day:true', '旧版授权:false', '标准版 ERP 授权:true'].sort());
      expect((await repA.get('/api/products?q=erp')).body.items.map((p: { sku: string }) => p.sku)).toEqual([
        'ERP-STD',
      ]);
      expect((await repA.get('/api/products?q=100%25')).body.items).toEqual([]);

      const audit = await listAudit(db().db.kysely, t.orgId, {
        entity: 'product',
        entityId: created.body.id,
        limit: 10,
      });
      expect(audit.find((row) => row.field === 'unitPrice')?.to_value).toBe('1280000');
    });

    it('keeps product writes to admins, validates them and refuses duplicate SKUs', async () => {
      expect((await managerA.post('/api/products', { name: 'x', unitPrice: 1 })).status).toBe(403);
      expect((await repA.post('/api/products', { name: 'x', unitPrice: 1 })).status).toBe(403);
      const bad = await t.admin.post('/api/products', { name: '', unitPrice: 12.5, currency: 'rmb' });
      expect(bad.status).toBe(400);
      expect(fields(bad.body).sort()).toEqual(['currency', 'name', 'unitPrice']);
      const dup = await t.admin.post('/api/products', { name: '另一个', sku: 'ERP-STD', unitPrice: 1 });
      expect(dup.status).toBe(409);
      expect(fields(dup.body)).toEqual(['sku']);
    });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, { tags: string[] }>>;
    expect(Object.keys(paths['/api/accounts'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(paths['/api/accounts/{id}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    expect(Object.keys(paths['/api/accounts/{id}/contacts'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(paths['/api/contacts/{id}'])).toEqual(expect.arrayContaining(['patch', 'delete']));
    expect(paths['/api/products'].post.tags).toEqual(['products']);
    expect(paths['/api/search'].get.tags).toEqual(['search']);
  });
});
