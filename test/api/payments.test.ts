import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestApp, type TestApp } from '../test-app.js';
import { describeEachDb } from '../test-db.js';

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describeEachDb('payments API', (db) => {
  let t: TestApp;
  let finance: Client;
  let owner: Client;
  let otherRep: Client;
  let viewer: Client;
  let marketing: Client;
  let wonId: string;
  let openId: string;

  beforeAll(async () => {
    // 2026-03-02 10:00 in Shanghai.
    t = await startTestApp(db());
    finance = await t.user('finance', { name: '财务小王' });
    owner = await t.user('sales', { name: '销售甲' });
    otherRep = await t.user('sales', { name: '销售乙' });
    viewer = await t.user('viewer');
    marketing = await t.user('marketing');
    const won = await owner.post('/api/deals', { title: '年度合同', stage: 'won', amount: 100_000_00 });
    const open = await owner.post('/api/deals', {
      title: '进行中',
      amount: 5_000_00,
      nextStep: '拜访',
      nextStepDue: '2026-03-20',
    });
    expect([won.status, open.status]).toEqual([201, 201]);
    wonId = won.body.id;
    openId = open.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('authorisation and validation order', () => {
    it('answers 401, then 404 to those who cannot see the deal, then 403 to those who may not write', async () => {
      expect(
        (await t.app.inject({ method: 'POST', url: `/api/deals/${wonId}/payments`, payload: {} })).statusCode,
      ).toBe(401);
      expect((await otherRep.post(`/api/deals/${wonId}/payments`, {})).status).toBe(404);
      expect((await marketing.get(`/api/deals/${wonId}/payments`)).status).toBe(404);
      expect((await otherRep.get(`/api/deals/${wonId}/payments`)).status).toBe(404);
      expect((await finance.post('/api/deals/nope/payments', {})).status).toBe(404);
      expect((await owner.post(`/api/deals/${wonId}/payments`, {})).status).toBe(403);
      expect((await viewer.post(`/api/deals/${wonId}/payments`, {})).status).toBe(403);
      expect((await viewer.get(`/api/deals/${wonId}/payments`)).status).toBe(200);
    });

    it('lists every invalid field, then refuses a plan on a deal that is not won', async () => {
      const bad = await finance.post(`/api/deals/${wonId}/payments`, { dueDate: '2026-02-30', amount: 0, extra: 1 });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['amount', 'dueDate', 'extra']);
      const notWon = await finance.post(
        `/api/deals/${openId}/payments`,
        { dueDate: '2026-04-01', amount: 1_000_00 },
        { 'accept-language': 'en' },
      );
      expect(notWon.status).toBe(400);
      expect(notWon.body.errors).toEqual([
        { field: 'dealId', message: 'Payment plans belong to won deals (this deal is in Lead)' },
      ]);
    });
  });

  describe('plan, receipts and the status light', () => {
    let first: { id: string; version: number };
    let second: { id: string; version: number };

    it('creates instalments (201, whole) and keeps the deal’s next payment due date', async () => {
      const before = (await owner.get(`/api/deals/${wonId}`)).body;
      t.clock.set('2026-03-02T03:00:00.000Z');
      const a = await finance.post(`/api/deals/${wonId}/payments`, {
        dueDate: '2026-03-10',
        amount: 50_000_00,
        condition: '  签约后支付 50%  ',
      });
      expect(a.status).toBe(201);
      expect(a.body).toEqual({
        id: expect.any(String),
        dealId: wonId,
        dueDate: '2026-03-10',
        amount: 50_000_00,
        condition: '签约后支付 50%',
        receivedAmount: 0,
        outstanding: 50_000_00,
        status: 'planned',
        version: 1,
        createdAt: '2026-03-02T03:00:00.000Z',
        updatedAt: '2026-03-02T03:00:00.000Z',
        deletedAt: null,
        receipts: [],
      });
      const b = await t.admin.post(`/api/deals/${wonId}/payments`, { dueDate: '2026-04-10', amount: 50_000_00 });
      expect(b.status).toBe(201);
      first = a.body;
      second = b.body;

      const deal = (await owner.get(`/api/deals/${wonId}`)).body;
      expect(deal.nextPaymentDue).toBe('2026-03-10');
      expect(deal.updatedAt).toBe('2026-03-02T03:00:00.000Z');
      expect(deal.updatedAt).not.toBe(before.updatedAt);
      expect(deal.version).toBe(before.version);
      expect(deal.light).toEqual({ color: 'green', reasons: [] });

      const plan = await owner.get(`/api/deals/${wonId}/payments`);
      expect(plan.status).toBe(200);
      expect(plan.body).toMatchObject({
        dealId: wonId,
        currency: 'CNY',
        dealAmount: 100_000_00,
        planned: 100_000_00,
        received: 0,
        outstanding: 100_000_00,
        overdue: 0,
        nextPaymentDue: '2026-03-10',
      });
      expect(plan.body.items.map((i: { dueDate: string; status: string }) => [i.dueDate, i.status])).toEqual([
        ['2026-03-10', 'planned'],
        ['2026-04-10', 'planned'],
      ]);
    });

    it('turns the won deal red once an instalment is overdue in the organisation’s time zone', async () => {
      // 2026-03-10 23:30 in Shanghai: due today, not overdue yet.
      t.clock.set('2026-03-10T15:30:00.000Z');
      expect((await owner.get(`/api/deals/${wonId}`)).body.light.color).toBe('green');
      // 2026-03-11 00:30 in Shanghai (still 03-10 in UTC): overdue.
      t.clock.set('2026-03-10T16:30:00.000Z');
      const deal = (await owner.get(`/api/deals/${wonId}`, { 'accept-language': 'en' })).body;
      expect(deal.light.color).toBe('red');
      expect(deal.light.reasons).toEqual([
        { code: 'payment_overdue', level: 'red', message: 'Payment overdue (due 2026-03-10)' },
      ]);
      const red = await finance.get('/api/deals?light=red&status=won');
      expect(red.body.items.map((d: { id: string }) => d.id)).toContain(wonId);
      const plan = (await finance.get(`/api/deals/${wonId}/payments`)).body;
      expect(plan.items[0].status).toBe('overdue');
      expect(plan.overdue).toBe(50_000_00);
    });

    it('takes partial receipts, refuses more than outstanding or a future date, and goes green when paid', async () => {
      const tooMuch = await finance.post(
        `/api/payments/${first.id}/receipts`,
        { amount: 50_000_01, receivedAt: '2026-03-10' },
        { 'accept-language': 'en' },
      );
      expect(tooMuch.status).toBe(400);
      expect(tooMuch.body.errors).toEqual([
        { field: 'amount', message: 'is more than the 50000.00 CNY still outstanding on this instalment' },
      ]);
      const future = await finance.post(`/api/payments/${first.id}/receipts`, { amount: 1, receivedAt: '2026-03-12' });
      expect(future.status).toBe(400);
      expect(fields(future.body)).toEqual(['receivedAt']);
      expect(
        (await owner.post(`/api/payments/${first.id}/receipts`, { amount: 1, receivedAt: '2026-03-10' })).status,
      ).toBe(403);
      expect(
        (await otherRep.post(`/api/payments/${first.id}/receipts`, { amount: 1, receivedAt: '2026-03-10' })).status,
      ).toBe(404);

      const part = await finance.post(`/api/payments/${first.id}/receipts`, {
        amount: 20_000_00,
        receivedAt: '2026-03-10',
        note: '首笔',
      });
      expect(part.status).toBe(201);
      expect(part.body).toMatchObject({
        paymentId: first.id,
        amount: 20_000_00,
        receivedAt: '2026-03-10',
        note: '首笔',
        recordedBy: finance.userId,
        recordedByName: '财务小王',
      });
      expect(part.body.payment).toMatchObject({
        receivedAmount: 20_000_00,
        outstanding: 30_000_00,
        status: 'overdue',
        version: 2,
      });
      expect(part.body.payment.receipts).toHaveLength(1);
      expect((await owner.get(`/api/deals/${wonId}`)).body.light.color).toBe('red');

      const stale = await finance.post(`/api/payments/${first.id}/receipts`, {
        amount: 1,
        receivedAt: '2026-03-10',
        version: 1,
      });
      expect(stale.status).toBe(409);
      const rest = await finance.post(`/api/payments/${first.id}/receipts`, {
        amount: 30_000_00,
        receivedAt: '2026-03-11',
        version: 2,
      });
      expect(rest.status).toBe(201);
      expect(rest.body.payment).toMatchObject({
        receivedAmount: 50_000_00,
        outstanding: 0,
        status: 'received',
        version: 3,
      });

      const deal = (await owner.get(`/api/deals/${wonId}`)).body;
      expect(deal.nextPaymentDue).toBe('2026-04-10');
      expect(deal.light).toEqual({ color: 'green', reasons: [] });
      const red = await finance.get('/api/deals?light=red&status=won');
      expect(red.body.items.map((d: { id: string }) => d.id)).not.toContain(wonId);
      const green = await finance.get('/api/deals?light=green&status=won');
      expect(green.body.items.map((d: { id: string }) => d.id)).toContain(wonId);

      const plan = (await viewer.get(`/api/deals/${wonId}/payments`)).body;
      expect(plan).toMatchObject({
        planned: 100_000_00,
        received: 50_000_00,
        outstanding: 50_000_00,
        overdue: 0,
        nextPaymentDue: '2026-04-10',
      });
      expect(plan.items[0].receipts.map((r: { amount: number }) => r.amount)).toEqual([20_000_00, 30_000_00]);
      first = plan.items[0];
    });

    it('shows a partly paid instalment that is not due yet as partial', async () => {
      const res = await finance.post(`/api/payments/${second.id}/receipts`, {
        amount: 10_000_00,
        receivedAt: '2026-03-11',
      });
      expect(res.body.payment).toMatchObject({ status: 'partial', receivedAmount: 10_000_00, version: 2 });
      second = res.body.payment;
    });

    it('edits an instalment with its version; never below what was received', async () => {
      expect(
        (await owner.patch(`/api/payments/${second.id}`, { dueDate: '2026-05-01', version: second.version })).status,
      ).toBe(403);
      const below = await finance.patch(`/api/payments/${second.id}`, { amount: 9_999_99, version: second.version });
      expect(below.status).toBe(400);
      expect(fields(below.body)).toEqual(['amount']);
      const stale = await finance.patch(`/api/payments/${second.id}`, { dueDate: '2026-05-01', version: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.currentVersion).toBe(second.version);
      const moved = await finance.patch(`/api/payments/${second.id}`, {
        dueDate: '2026-03-05',
        condition: '验收后',
        version: second.version,
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({
        dueDate: '2026-03-05',
        condition: '验收后',
        status: 'overdue',
        version: second.version + 1,
      });
      const same = await finance.patch(`/api/payments/${second.id}`, {
        dueDate: '2026-03-05',
        version: moved.body.version,
      });
      expect(same.body.version).toBe(moved.body.version);
      expect((await owner.get(`/api/deals/${wonId}`)).body.nextPaymentDue).toBe('2026-03-05');
      expect((await owner.get(`/api/deals/${wonId}`)).body.light.color).toBe('red');
      second = moved.body;
    });

    it('soft-deletes an instalment with nothing received, with its version', async () => {
      expect((await finance.delete(`/api/payments/${second.id}?version=${second.version}`)).status).toBe(409); // money received on it
      const third = await finance.post(`/api/deals/${wonId}/payments`, { dueDate: '2026-03-01', amount: 1_00 });
      expect((await owner.get(`/api/deals/${wonId}`)).body.nextPaymentDue).toBe('2026-03-01');
      expect((await finance.delete(`/api/payments/${third.body.id}`)).status).toBe(400);
      expect((await finance.delete(`/api/payments/${third.body.id}?version=7`)).status).toBe(409);
      expect((await viewer.delete(`/api/payments/${third.body.id}?version=1`)).status).toBe(403);
      const gone = await finance.delete(`/api/payments/${third.body.id}?version=1`);
      expect(gone.status).toBe(200);
      expect(gone.body).toMatchObject({ id: third.body.id, deletedAt: t.clock.now.toISOString(), version: 2 });
      // The version may come in a JSON body too.
      const fourth = await finance.post(`/api/deals/${wonId}/payments`, { dueDate: '2026-12-01', amount: 2_00 });
      expect((await finance.request('DELETE', `/api/payments/${fourth.body.id}`, { version: 1 })).status).toBe(200);
      expect((await finance.patch(`/api/payments/${third.body.id}`, { amount: 5, version: 2 })).status).toBe(404);
      const plan = (await finance.get(`/api/deals/${wonId}/payments`)).body;
      expect(plan.items.map((i: { id: string }) => i.id)).toEqual([second.id, first.id]);
      expect(plan.nextPaymentDue).toBe('2026-03-05');
    });

    it('writes payment, receipt and deal audit rows, readable by those who see the deal', async () => {
      const paymentTrail = await finance.get(`/api/audit?entity=payment&id=${second.id}`);
      expect(paymentTrail.status).toBe(200);
      // Newest first; the rows of one action come in reverse order of writing.
      expect(paymentTrail.body.items.map((r: { action: string; field: string }) => `${r.action}:${r.field}`)).toEqual([
        'update:condition',
        'update:dueDate',
        'receipt:receivedAmount',
        'create:amount',
        'create:dueDate',
      ]);
      expect(paymentTrail.body.items[1]).toMatchObject({
        actorId: finance.userId,
        actorName: '财务小王',
        from: '2026-04-10',
        to: '2026-03-05',
      });
      expect(paymentTrail.body.items[2]).toMatchObject({ from: '0', to: '1000000' });
      expect((await owner.get(`/api/audit?entity=payment&id=${second.id}`)).status).toBe(200);
      expect((await otherRep.get(`/api/audit?entity=payment&id=${second.id}`)).status).toBe(404);
      expect((await marketing.get(`/api/audit?entity=payment&id=${second.id}`)).status).toBe(404);

      const receiptId = (await finance.get(`/api/deals/${wonId}/payments`)).body.items[0].receipts[0].id;
      const receiptTrail = await owner.get(`/api/audit?entity=receipt&id=${receiptId}`);
      expect(receiptTrail.body.items.map((r: { field: string }) => r.field).sort()).toEqual([
        'amount',
        'paymentId',
        'receivedAt',
      ]);
      expect((await otherRep.get(`/api/audit?entity=receipt&id=${receiptId}`)).status).toBe(404);

      const dealTrail = (await owner.get(`/api/audit?entity=deal&id=${wonId}&limit=200`)).body.items as {
        action: string;
        field: string;
        from: string | null;
        to: string | null;
      }[];
      const payments = dealTrail.filter((r) => r.action === 'payment' || r.action === 'receipt');
      expect(payments.filter((r) => r.field === 'payment')).toHaveLength(7); // 4 created, 1 edited (the no-op edit left none), 2 deleted
      expect(payments.filter((r) => r.field === 'receipt')).toHaveLength(3);
      const dues = payments
        .filter((r) => r.field === 'nextPaymentDue')
        .map((r) => [r.from, r.to])
        .reverse();
      expect(dues).toEqual([
        [null, '2026-03-10'],
        ['2026-03-10', '2026-04-10'],
        ['2026-04-10', '2026-03-05'],
        ['2026-03-05', '2026-03-01'],
        ['2026-03-01', '2026-03-05'],
      ]);
      expect(payments.filter((r) => r.field === 'payment' && r.to === null)).toHaveLength(2);
      const created = payments.find((r) => r.field === 'payment' && r.from === null && r.to?.includes('2026-03-10'));
      expect(JSON.parse(created!.to!)).toEqual({
        id: first.id,
        dueDate: '2026-03-10',
        amount: 50_000_00,
        condition: '签约后支付 50%',
      });
    });
  });

  it('keeps organisations apart', async () => {
    const other = await startTestApp(db());
    try {
      const plan = (await finance.get(`/api/deals/${wonId}/payments`)).body;
      const id = plan.items[0].id;
      expect((await other.admin.get(`/api/deals/${wonId}/payments`)).status).toBe(404);
      expect((await other.admin.patch(`/api/payments/${id}`, { amount: 1, version: 1 })).status).toBe(404);
      expect(
        (await other.admin.post(`/api/payments/${id}/receipts`, { amount: 1, receivedAt: '2026-03-01' })).status,
      ).toBe(404);
      expect((await other.admin.get(`/api/audit?entity=payment&id=${id}`)).status).toBe(404);
      expect((await other.admin.get(`/api/audit?entity=deal&id=${wonId}`)).status).toBe(404);
    } finally {
      await other.close();
    }
  });
});
