import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, PASSWORD, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describeEachDb('weekly review workbook', (db) => {
  let t: TestApp;
  let rep: Client;
  let otherRep: Client;
  let marketing: Client;

  /** GET as a user, keeping the bytes (the test client reads bodies as text). */
  async function download(as: Client, url: string, lang = 'zh-CN') {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: as.email, password: PASSWORD },
    });
    const cookie = login.cookies.find((c) => c.name === 'tz_session')!;
    const res = await t.app.inject({
      method: 'GET',
      url,
      headers: { cookie: `tz_session=${cookie.value}`, 'accept-language': lang },
    });
    return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload };
  }

  async function readBook(bytes: Buffer) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    return book;
  }

  const values = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1);

  beforeAll(async () => {
    t = await startTestApp(db()); // 2026-03-02T02:00Z
    const team = await t.team('华东');
    rep = await t.user('sales', { teamId: team, name: '甲' });
    otherRep = await t.user('sales', { teamId: team, name: '乙' });
    marketing = await t.user('marketing');
    const account = await rep.post('/api/accounts', { name: '杭州云栈科技' });
    expect(account.status).toBe(201);
    t.clock.set('2026-02-10T02:00:00.000Z');
    await rep.post('/api/deals', {
      title: '云栈 ERP 升级',
      accountId: account.body.id,
      stage: 'proposal',
      amount: 125_000_00,
      nextStep: '发报价',
      nextStepDue: '2026-02-20',
    });
    t.clock.set('2026-02-18T02:00:00.000Z');
    const other = await otherRep.post('/api/deals', {
      title: '乙的商机',
      amount: 3_000_00,
      nextStep: '电话',
      nextStepDue: '2026-03-10',
    });
    await otherRep.post(`/api/deals/${other.body.id}/followups`, {
      channel: 'call',
      verbatim: '下周再说',
      nextStep: '再约',
      nextStepDue: '2026-03-10',
    });
    t.clock.set('2026-03-02T02:00:00.000Z');
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers an xlsx whose rows match the JSON report, headers in the reader’s language', async () => {
    const json = (await t.admin.get('/api/reports/stalled?days=7', { 'accept-language': 'en' })).body;
    expect(json.total).toBe(2);
    const res = await download(t.admin, '/api/reports/stalled.xlsx?days=7', 'en');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="weekly-review-2026-03-02.xlsx"; filename*=UTF-8''weekly-review-2026-03-02.xlsx`,
    );
    expect(res.bytes.subarray(0, 2).toString()).toBe('PK');

    const book = await readBook(res.bytes);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('Stalled deals');
    expect(values(sheet.getRow(1))).toEqual([
      'Account',
      'Deal',
      'Stage',
      'Owner',
      'Amount',
      'Days stalled',
      'Last follow-up',
      'Last verbatim',
      'Next step',
      'Next step due',
      'Light and reason',
    ]);
    expect(sheet.rowCount).toBe(1 + json.items.length);
    json.items.forEach(
      (
        item: {
          title: string;
          accountName: string | null;
          stageName: string;
          ownerName: string;
          amount: number;
          daysStalled: number;
          lastVerbatim: string | null;
          nextStep: string;
          nextStepDue: string;
        },
        i: number,
      ) => {
        const row = sheet.getRow(i + 2);
        expect(row.getCell(1).value ?? '').toBe(item.accountName ?? '');
        expect(row.getCell(2).value).toBe(item.title);
        expect(row.getCell(3).value).toBe(item.stageName);
        expect(row.getCell(4).value).toBe(item.ownerName);
        expect(row.getCell(5).value).toBe(item.amount / 100);
        expect(row.getCell(6).value).toBe(item.daysStalled);
        expect(row.getCell(8).value ?? '').toBe(item.lastVerbatim ?? '');
        expect(row.getCell(9).value).toBe(item.nextStep);
        expect((row.getCell(10).value as Date).toISOString().slice(0, 10)).toBe(item.nextStepDue);
        expect(String(row.getCell(11).value)).toMatch(/^Red · /);
      },
    );
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe('杭州云栈科技');
    expect(first.getCell(5).value).toBe(125_000);
    expect(first.getCell(5).numFmt).toBe('"¥"#,##0.00');
    expect(first.getCell(6).value).toBe(20);
    // The other deal's follow-up, 12 days ago, is its last follow-up date and its verbatim.
    expect((sheet.getRow(3).getCell(7).value as Date).toISOString().slice(0, 10)).toBe('2026-02-18');
    expect(sheet.getRow(3).getCell(8).value).toBe('下周再说');

    const summary = book.worksheets[1]!;
    expect(summary.name).toBe('Summary');
    expect(values(summary.getRow(1))).toEqual(['By stage']);
    expect(values(summary.getRow(2))).toEqual(['Stage', 'Stalled', 'Share', 'Avg days stalled']);
    const stageRows = json.byStage.map((_: unknown, i: number) => values(summary.getRow(3 + i)));
    expect(stageRows).toEqual(
      json.byStage.map((s: { label: string; count: number; share: number; avgDaysStalled: number }) => [
        s.label,
        s.count,
        s.share,
        s.avgDaysStalled,
      ]),
    );
    const ownerStart = 3 + json.byStage.length + 1;
    expect(values(summary.getRow(ownerStart))).toEqual(['By owner']);
    const owners = json.byOwner.map((_: unknown, i: number) => {
      const v = values(summary.getRow(ownerStart + 2 + i));
      return [v[0], v[1], v[3]];
    });
    expect(owners).toEqual(
      json.byOwner.map((o: { name: string; count: number; avgDaysStalled: number }) => [
        o.name,
        o.count,
        o.avgDaysStalled,
      ]),
    );
  });

  it('has Chinese headers and a Chinese file name variant by default', async () => {
    const res = await download(t.admin, '/api/reports/stalled.xlsx');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="weekly-review-2026-03-02.xlsx"; filename*=UTF-8''${encodeURIComponent('周复盘-2026-03-02.xlsx')}`,
    );
    const sheet = (await readBook(res.bytes)).worksheets[0]!;
    expect(sheet.name).toBe('停滞商机');
    expect(values(sheet.getRow(1)).slice(0, 6)).toEqual(['客户', '商机', '阶段', '负责人', '金额', '停滞天数']);
    expect(sheet.getRow(2).getCell(3).value).toBe('方案报价');
    expect(String(sheet.getRow(2).getCell(11).value)).toMatch(/^红 · /);
  });

  it('shows a rep only their own deals, follows the filters, and refuses marketing', async () => {
    const own = await readBook((await download(rep, '/api/reports/stalled.xlsx')).bytes);
    expect(own.worksheets[0]!.rowCount).toBe(2);
    expect(own.worksheets[0]!.getRow(2).getCell(2).value).toBe('云栈 ERP 升级');
    const filtered = await readBook(
      (await download(t.admin, `/api/reports/stalled.xlsx?ownerId=${otherRep.userId}`)).bytes,
    );
    expect(filtered.worksheets[0]!.getColumn(2).values.slice(2)).toEqual(['乙的商机']);
    const stricter = await readBook((await download(t.admin, '/api/reports/stalled.xlsx?days=15')).bytes);
    expect(stricter.worksheets[0]!.rowCount).toBe(2);
    expect((await download(marketing, '/api/reports/stalled.xlsx')).status).toBe(403);
    expect((await download(t.admin, '/api/reports/stalled.xlsx?days=-1')).status).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/reports/stalled.xlsx' })).statusCode).toBe(401);
  });
});
