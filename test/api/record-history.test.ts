import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

interface Item {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  field: string | null;
  from: string | null;
  to: string | null;
  attachment?: { id: string; fileName: string; downloadUrl: string };
}

/** A multipart/form-data body: the fields, then the file. */
function form(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = `----tz${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n--${boundary}--\r\n`,
  );
  return {
    body: Buffer.from(parts.join('')),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/**
 * The field-level history of contacts, tasks, instalments and receipts (what the app's history drawers
 * read), and uploads on a deal's or account's trail with their file: readable exactly by those who may
 * read the record.
 */
describeEachDb('record history API', (db) => {
  let t: TestApp;
  let manager: Client;
  let rep: Client;
  let teammate: Client;
  let outsider: Client;
  let finance: Client;
  let marketing: Client;
  let viewer: Client;
  let accountId: string;
  let dealId: string;
  const everyone = () => ({ admin: t.admin, manager, rep, teammate, outsider, finance, marketing, viewer });
  const trail = async (who: Client, entity: string, id: string) => {
    const res = await who.get(`/api/audit?entity=${entity}&id=${id}&limit=200`);
    return { status: res.status, items: (res.body.items ?? []) as Item[] };
  };
  const upload = (who: Client, entity: 'deal' | 'account', entityId: string, name: string) => {
    const f = form({ entity, entityId }, { name, content: `content of ${name}` });
    return who.request('POST', '/api/attachments', f.body, f.headers);
  };

  beforeAll(async () => {
    t = await startTestApp(db());
    const teamId = await t.team('华南');
    manager = await t.user('manager', { teamId, name: '王主管' });
    rep = await t.user('sales', { teamId, name: '李销售' });
    teammate = await t.user('sales', { teamId, name: '赵销售' });
    outsider = await t.user('sales', { name: '外组销售' });
    finance = await t.user('finance', { name: '钱财务' });
    marketing = await t.user('marketing', { name: '孙市场' });
    viewer = await t.user('viewer');
    accountId = (await rep.post('/api/accounts', { name: '格力电器' })).body.id;
    dealId = (await rep.post('/api/deals', { title: '产线改造', accountId, stage: 'won', amount: 50_000_00 })).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives a contact’s field changes (who, from, to) to everyone who may read the contact, and 404 otherwise', async () => {
    const created = await rep.post(`/api/accounts/${accountId}/contacts`, { name: '周经理', phone: '13800000000' });
    expect(created.status).toBe(201);
    t.clock.advanceDays(1);
    expect(
      (
        await manager.patch(`/api/contacts/${created.body.id}`, {
          phone: '13900000000',
          attitude: 'supportive',
          version: created.body.version,
        })
      ).status,
    ).toBe(200);

    const { status, items } = await trail(marketing, 'contact', created.body.id);
    expect(status).toBe(200);
    expect(items.find((i) => i.field === 'phone' && i.action === 'update')).toMatchObject({
      actorId: manager.userId,
      actorName: '王主管',
      from: '13800000000',
      to: '13900000000',
    });
    expect(items.find((i) => i.field === 'name')).toMatchObject({
      action: 'create',
      actorName: '李销售',
      from: null,
      to: '周经理',
    });
    expect(items[0]!.at > items[items.length - 1]!.at).toBe(true);

    // Same answer as reading the contact, role by role.
    for (const [who, client] of Object.entries(everyone())) {
      const read = (await client.get(`/api/contacts/${created.body.id}`)).status;
      expect([who, (await trail(client, 'contact', created.body.id)).status]).toEqual([who, read]);
    }
    const other = await startTestApp(db());
    try {
      expect((await trail(other.admin, 'contact', created.body.id)).status).toBe(404);
    } finally {
      await other.close();
    }
    // A deleted contact keeps its trail; it says who deleted it.
    expect((await rep.delete(`/api/contacts/${created.body.id}`)).status).toBe(200);
    expect((await trail(rep, 'contact', created.body.id)).items[0]).toMatchObject({
      action: 'delete',
      actorName: '李销售',
    });
  });

  it('gives a task’s field changes to those who may read the task, and 404 to the others', async () => {
    const task = await rep.post('/api/tasks', {
      title: '发送报价',
      assigneeId: teammate.userId,
      dealId,
      dueAt: '2026-03-05T10:00:00+08:00',
    });
    expect(task.status).toBe(201);
    t.clock.advanceDays(1);
    expect(
      (await teammate.patch(`/api/tasks/${task.body.id}`, { title: '发送正式报价', version: task.body.version }))
        .status,
    ).toBe(200);

    const { status, items } = await trail(teammate, 'task', task.body.id);
    expect(status).toBe(200);
    expect(items.find((i) => i.field === 'title' && i.action === 'update')).toMatchObject({
      actorName: '赵销售',
      from: '发送报价',
      to: '发送正式报价',
    });
    expect(items.find((i) => i.field === 'assigneeId' && i.action === 'create')).toMatchObject({
      actorName: '李销售',
      to: teammate.userId,
    });

    for (const [who, client] of Object.entries(everyone())) {
      const read = (await client.get(`/api/tasks/${task.body.id}`)).status;
      expect([who, (await trail(client, 'task', task.body.id)).status]).toEqual([who, read]);
    }
    expect((await trail(outsider, 'task', task.body.id)).status).toBe(404);
    expect((await trail(marketing, 'task', task.body.id)).status).toBe(404);
  });

  it('gives instalments’ and receipts’ changes to those who may read the deal’s payment plan, and 404 to the others', async () => {
    const instalment = await finance.post(`/api/deals/${dealId}/payments`, {
      dueDate: '2026-04-30',
      amount: 20_000_00,
      condition: '验收后',
    });
    expect(instalment.status).toBe(201);
    t.clock.advanceDays(1);
    const updated = await finance.patch(`/api/payments/${instalment.body.id}`, {
      amount: 25_000_00,
      version: instalment.body.version,
    });
    expect(updated.status).toBe(200);
    const receipt = await finance.post(`/api/payments/${instalment.body.id}/receipts`, {
      amount: 10_000_00,
      receivedAt: '2026-03-04',
      version: updated.body.version,
    });
    expect(receipt.status).toBe(201);

    const plan = await trail(rep, 'payment', instalment.body.id);
    expect(plan.status).toBe(200);
    expect(plan.items.find((i) => i.field === 'amount' && i.action === 'update')).toMatchObject({
      actorName: '钱财务',
      from: '2000000',
      to: '2500000',
    });
    expect(plan.items.find((i) => i.action === 'receipt')).toMatchObject({
      field: 'receivedAmount',
      from: '0',
      to: '1000000',
    });
    const got = await trail(rep, 'receipt', receipt.body.id);
    expect(got.items.find((i) => i.field === 'amount')).toMatchObject({
      action: 'create',
      actorName: '钱财务',
      to: '1000000',
    });

    for (const [who, client] of Object.entries(everyone())) {
      const read = (await client.get(`/api/deals/${dealId}/payments`)).status;
      expect([who, (await trail(client, 'payment', instalment.body.id)).status]).toEqual([who, read]);
      expect([who, (await trail(client, 'receipt', receipt.body.id)).status]).toEqual([who, read]);
    }
    expect((await trail(outsider, 'payment', instalment.body.id)).status).toBe(404);
  });

  it('shows an upload on the deal’s trail with the file name, the uploader and a download link while the file is there', async () => {
    const file = await upload(rep, 'deal', dealId, '行业分析报告.pdf');
    expect(file.status).toBe(201);
    t.clock.advanceDays(1);
    const { items } = await trail(manager, 'deal', dealId);
    const entry = items.find((i) => i.action === 'attachment');
    expect(entry).toMatchObject({
      actorId: rep.userId,
      actorName: '李销售',
      field: 'file',
      to: '行业分析报告.pdf',
      attachment: {
        id: file.body.id,
        fileName: '行业分析报告.pdf',
        downloadUrl: `/api/attachments/${file.body.id}/download`,
      },
    });
    // Only rows that are uploads carry a file.
    expect(items.filter((i) => i.attachment).length).toBe(1);
    expect((await manager.request('GET', entry!.attachment!.downloadUrl)).status).toBe(200);
    // Those who cannot see the deal see neither the trail nor the file.
    for (const reader of [outsider, teammate, marketing])
      expect((await trail(reader, 'deal', dealId)).status).toBe(404);
    expect((await outsider.request('GET', entry!.attachment!.downloadUrl)).status).toBe(404);

    // Once removed, the upload stays on the trail without a link, and the removal follows it.
    expect((await manager.delete(`/api/attachments/${file.body.id}`)).status).toBe(200);
    const after = (await trail(rep, 'deal', dealId)).items;
    expect(after.find((i) => i.action === 'attachment')).toMatchObject({ actorName: '李销售', to: '行业分析报告.pdf' });
    expect(after.find((i) => i.action === 'attachment')!.attachment).toBeUndefined();
    expect(after.find((i) => i.action === 'attachment_delete')).toMatchObject({
      actorName: '王主管',
      from: '行业分析报告.pdf',
      to: null,
    });
  });

  it('shows marketing’s upload on the account’s trail with the uploader and a link every member may use', async () => {
    const file = await upload(marketing, 'account', accountId, '竞品对比.xlsx');
    expect(file.status).toBe(201);
    // A second file of the same name by someone else, at another time, keeps its own link.
    t.clock.advanceDays(1);
    const second = await upload(rep, 'account', accountId, '竞品对比.xlsx');
    expect(second.status).toBe(201);
    const { status, items } = await trail(viewer, 'account', accountId);
    expect(status).toBe(200);
    const uploads = items.filter((i) => i.action === 'attachment');
    expect(uploads.map((i) => [i.actorName, i.attachment?.id])).toEqual([
      ['李销售', second.body.id],
      ['孙市场', file.body.id],
    ]);
    expect((await viewer.request('GET', uploads[1]!.attachment!.downloadUrl)).status).toBe(200);
  });
});
