import type { FastifyInstance } from 'fastify';
import type { CommandContext } from '../../../commands/context.js';
import { createPayment } from '../../../commands/create-payment.js';
import { deletePayment } from '../../../commands/delete-payment.js';
import { listPayments } from '../../../commands/list-payments.js';
import { recordReceipt } from '../../../commands/record-receipt.js';
import { updatePayment } from '../../../commands/update-payment.js';
import { outstandingOf, paymentStatus, planTotals } from '../../../domain/payments.js';
import { dateInZone } from '../../../domain/time.js';
import { namesFor } from '../../../store/queries/deals.js';
import { listReceipts, type ReceiptRow } from '../../../store/queries/payments.js';
import type { PaymentRow } from '../../../store/schema.js';
import { commandContext } from '../../context.js';
import { defineRoute } from '../define-route.js';

const tags = ['payments'];

const facts = (row: PaymentRow) => ({ dueDate: row.due_date, amount: row.amount, receivedAmount: row.received_amount });

function presentReceipt(row: ReceiptRow, users: Map<string, string>) {
  return {
    id: row.id,
    paymentId: row.payment_id,
    amount: row.amount,
    receivedAt: row.received_at,
    note: row.note,
    recordedBy: row.recorded_by,
    recordedByName: users.get(row.recorded_by) ?? null,
    createdAt: row.created_at,
  };
}

/** An instalment whole: status and outstanding amount as of today in the organisation's time zone. */
function presentPayment(row: PaymentRow, receipts: ReceiptRow[], today: string, users: Map<string, string>) {
  return {
    id: row.id,
    dealId: row.deal_id,
    dueDate: row.due_date,
    amount: row.amount,
    condition: row.condition,
    receivedAmount: row.received_amount,
    outstanding: outstandingOf(facts(row)),
    status: paymentStatus(facts(row), today),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    receipts: receipts.filter((r) => r.payment_id === row.id).map((r) => presentReceipt(r, users)),
  };
}

/** One instalment as every write answers it, with all its receipts. */
async function paymentAnswer(ctx: CommandContext, row: PaymentRow) {
  const receipts = await listReceipts(ctx.db, [row.id]);
  const names = await namesFor(
    ctx.db,
    ctx.org.id,
    receipts.map((r) => r.recorded_by),
    [],
  );
  return presentPayment(row, receipts, dateInZone(ctx.now, ctx.org.timezone), names.users);
}

export async function paymentRoutes(app: FastifyInstance) {
  defineRoute(app, 'GET /api/deals/:id/payments', async (req) => {
    const ctx = await commandContext(req);
    const { deal, payments, receipts } = await listPayments(ctx, req.params.id);
    const today = dateInZone(ctx.now, ctx.org.timezone);
    const names = await namesFor(
      ctx.db,
      ctx.org.id,
      receipts.map((r) => r.recorded_by),
      [],
    );
    return {
      dealId: deal.id,
      currency: deal.currency,
      dealAmount: deal.amount,
      items: payments.map((row) => presentPayment(row, receipts, today, names.users)),
      ...planTotals(payments.map(facts), today),
      nextPaymentDue: deal.next_payment_due,
    };
  });

  defineRoute(app, 'POST /api/deals/:id/payments', async (req, reply) => {
    const ctx = await commandContext(req);
    const row = await createPayment(ctx, req.params.id, req.body);
    return paymentAnswer(ctx, row);
  });

  defineRoute(app, 'PATCH /api/payments/:id', async (req) => {
    const ctx = await commandContext(req);
    return paymentAnswer(ctx, await updatePayment(ctx, req.params.id, req.body));
  });

  defineRoute(app, 'DELETE /api/payments/:id', async (req) => {
    const ctx = await commandContext(req);
    const query = req.query as { version?: unknown };
    const body = (req.body ?? {}) as { version?: unknown };
    return paymentAnswer(ctx, await deletePayment(ctx, req.params.id, { version: query.version ?? body.version }));
  });

  defineRoute(app, 'POST /api/payments/:id/receipts', async (req, reply) => {
    const ctx = await commandContext(req);
    const { receipt, payment } = await recordReceipt(ctx, req.params.id, req.body);
    const names = await namesFor(ctx.db, ctx.org.id, [receipt.recorded_by], []);
    return { ...presentReceipt(receipt, names.users), payment: await paymentAnswer(ctx, payment) };
  });
}
