import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAudit } from '../../src/store/queries/audit.js';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

/** A multipart/form-data body: fields in order, then the file (unless omitted). */
function form(fields: Record<string, string>, file?: { name: string; content: Buffer | string; type?: string }) {
  const boundary = `----tz${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
    );
    chunks.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachDb('attachments API', (db) => {
  let t: TestApp;
  let rep: Client;
  let otherRep: Client;
  let marketing: Client;
  let finance: Client;
  let accountId: string;
  let dealId: string;

  const upload = (
    who: Client,
    fields: Record<string, string>,
    file?: { name: string; content: Buffer | string; type?: string },
    lang = 'zh-CN',
  ) => {
    const f = form(fields, file);
    return who.request('POST', '/api/attachments', f.body, { ...f.headers, 'accept-language': lang });
  };

  beforeAll(async () => {
    t = await startTestApp(db());
    rep = await t.user('sales', { name: '张三' });
    otherRep = await t.user('sales');
    marketing = await t.user('marketing', { name: '市场部小李' });
    finance = await t.user('finance');
    accountId = (await rep.post('/api/accounts', { name: '美的集团' })).body.id;
    dealId = (await rep.post('/api/deals', { title: '智能仓储', accountId })).body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('uploads to a deal, lists it, and downloads it with the UTF-8 name', async () => {
    const content = '%PDF-1.4 报价 quote';
    const res = await upload(
      rep,
      { entity: 'deal', entityId: dealId },
      { name: '报价单 v2.pdf', content, type: 'application/pdf' },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entity: 'deal',
      entityId: dealId,
      fileName: '报价单 v2.pdf',
      mimeType: 'application/pdf',
      sizeBytes: Buffer.byteLength(content),
      sha256: createHash('sha256').update(content).digest('hex'),
      uploadedBy: rep.userId,
      uploadedByName: '张三',
      deletedAt: null,
    });
    const list = await rep.get(`/api/attachments?entity=deal&id=${dealId}`);
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([res.body.id]);

    const file = await t.app.inject({ method: 'GET', url: res.body.downloadUrl, headers: { cookie: '' } });
    expect(file.statusCode).toBe(401);
    const got = await rep.request('GET', res.body.downloadUrl);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="___ v2.pdf"; filename*=UTF-8''${encodeURIComponent('报价单 v2.pdf')}`,
    );
    expect(got.body).toBe(content);

    // The deal's trail shows the upload.
    const trail = await listAudit(db().db.kysely, t.orgId, { entity: 'deal', entityId: dealId, limit: 20 });
    expect(trail.find((r) => r.action === 'attachment')).toMatchObject({ field: 'file', to_value: '报价单 v2.pdf' });

    // Someone who cannot see the deal gets 404 for the list and the file.
    expect((await otherRep.get(`/api/attachments?entity=deal&id=${dealId}`)).status).toBe(404);
    expect((await otherRep.request('GET', res.body.downloadUrl)).status).toBe(404);
    expect((await marketing.request('GET', res.body.downloadUrl)).status).toBe(404);
    expect((await finance.request('GET', res.body.downloadUrl)).status).toBe(200);
  });

  it('lets marketing attach to accounts (not deals) and everyone in the organisation read them', async () => {
    const res = await upload(
      marketing,
      { entity: 'account', entityId: accountId },
      { name: '行业分析.docx', content: 'PK report' },
    );
    expect(res.status).toBe(201);
    expect(res.body.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((await otherRep.get(`/api/attachments?entity=account&id=${accountId}`)).body.items).toHaveLength(1);
    expect(
      (await upload(marketing, { entity: 'deal', entityId: dealId }, { name: 'a.pdf', content: 'x' })).status,
    ).toBe(404);
    expect(
      (await upload(finance, { entity: 'account', entityId: accountId }, { name: 'a.pdf', content: 'x' })).status,
    ).toBe(403);
    const trail = await listAudit(db().db.kysely, t.orgId, { entity: 'account', entityId: accountId, limit: 20 });
    expect(trail.find((r) => r.action === 'attachment')).toMatchObject({
      to_value: '行业分析.docx',
      actor_id: marketing.userId,
    });
  });

  it('refuses other file types with 415 and a clear message, missing fields with 400', async () => {
    const exe = await upload(rep, { entity: 'deal', entityId: dealId }, { name: 'setup.exe', content: 'MZ' }, 'en');
    expect(exe.status).toBe(415);
    expect(exe.body.detail).toContain('setup.exe');
    expect(exe.body.detail).toContain('PDF');
    expect((await upload(rep, { entity: 'deal', entityId: dealId })).status).toBe(400);
    const bad = await upload(rep, { entity: 'contact', entityId: dealId }, { name: 'a.pdf', content: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['entity']);
    expect((await upload(rep, { entity: 'deal', entityId: 'nope' }, { name: 'a.pdf', content: 'x' })).status).toBe(404);
    const json = await rep.post('/api/attachments', { entity: 'deal', entityId: dealId });
    expect(json.status).toBe(415);
  });

  it('takes files larger than the JSON body limit (default limit 20 MB)', async () => {
    const res = await upload(
      rep,
      { entity: 'deal', entityId: dealId },
      { name: 'scan.zip', content: Buffer.alloc(3 * 1024 * 1024, 7) },
    );
    expect(res.status).toBe(201);
    expect(res.body.sizeBytes).toBe(3 * 1024 * 1024);
  });

  it('answers 413 over the organisation limit', async () => {
    const settings = await t.admin.get('/api/settings');
    expect(
      (await t.admin.patch('/api/settings', { attachmentMaxBytes: 2048, version: settings.body.version })).status,
    ).toBe(200);
    const big = await upload(
      rep,
      { entity: 'deal', entityId: dealId },
      { name: 'big.csv', content: Buffer.alloc(4096, 65) },
    );
    expect(big.status).toBe(413);
    expect(big.body.errors[0].field).toBe('file');
    expect(
      (await upload(rep, { entity: 'deal', entityId: dealId }, { name: 'ok.csv', content: Buffer.alloc(2048, 65) }))
        .status,
    ).toBe(201);
  });

  it('soft-deletes: the uploader or a writer may, others 403; the file leaves the list', async () => {
    const res = await upload(
      marketing,
      { entity: 'account', entityId: accountId },
      { name: 'brochure.png', content: 'PNG' },
    );
    expect((await otherRep.delete(`/api/attachments/${res.body.id}`)).status).toBe(403);
    const gone = await rep.delete(`/api/attachments/${res.body.id}`);
    expect(gone.status).toBe(200);
    expect(gone.body.deletedAt).not.toBeNull();
    expect(
      (await rep.get(`/api/attachments?entity=account&id=${accountId}`)).body.items.map((a: { id: string }) => a.id),
    ).not.toContain(res.body.id);
    expect((await rep.request('GET', res.body.downloadUrl)).status).toBe(404);
    expect((await rep.delete(`/api/attachments/${res.body.id}`)).status).toBe(404);
  });
});
