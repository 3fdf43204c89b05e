import type { Actor } from '../domain/actor.js';
import type { FieldChange } from '../domain/audit.js';
import { notFound } from '../domain/problem.js';
import type { Q } from '../store/dialect.js';
import { writeAudit } from '../store/queries/audit.js';
import { findVisibleDeal } from '../store/queries/deals.js';
import { earliestOpenDueDate, findPayment, lockDealRow, setDealNextPaymentDue } from '../store/queries/payments.js';
import type { DealRow, PaymentRow } from '../store/schema.js';
import { type CommandContext, requirePermission } from './context.js';

export const dealNotFound = () => notFound({ zh: '找不到该商机', en: 'Deal not found' });
export const paymentNotFound = () => notFound({ zh: '找不到该回款计划', en: 'Payment instalment not found' });

/** A deal the actor may see (404 otherwise) whose payment plan they may edit (403 otherwise: admin, finance). */
export async function loadDealForPaymentWrite(db: Q, actor: Actor, dealId: string): Promise<DealRow> {
  const deal = await findVisibleDeal(db, actor, dealId);
  if (!deal) throw dealNotFound();
  requirePermission(actor, 'writePayments');
  return deal;
}

/** A live instalment on a deal the actor may see (404 otherwise), with that deal. */
export async function loadVisiblePayment(
  db: Q,
  actor: Actor,
  paymentId: string,
): Promise<{ payment: PaymentRow; deal: DealRow }> {
  const payment = await findPayment(db, actor.orgId, paymentId);
  const deal = payment ? await findVisibleDeal(db, actor, payment.deal_id) : undefined;
  if (!payment || !deal) throw paymentNotFound();
  return { payment, deal };
}

/** As loadVisiblePayment, then 403 unless the actor may edit payment plans. */
export async function loadWritablePayment(
  db: Q,
  actor: Actor,
  paymentId: string,
): Promise<{ payment: PaymentRow; deal: DealRow }> {
  const loaded = await loadVisiblePayment(db, actor, paymentId);
  requirePermission(actor, 'writePayments');
  return loaded;
}

/**
 * Takes the deal's row lock before a payment write (PostgreSQL holds it to commit; SQLite writes one at a
 * time anyway), so two concurrent writes on one deal's plan cannot both compute next_payment_due from a
 * view missing the other. Returns the deal's next_payment_due as it stands under the lock.
 */
export async function lockDealForPayments(db: Q, dealId: string, at: string): Promise<string | null> {
  return lockDealRow(db, dealId, at);
}

/**
 * After an instalment or receipt changed: recomputes the deal's next payment due date (what turns a won
 * deal red once passed), touches the deal and writes the deal's own audit row, in the caller's transaction.
 */
export async function afterPaymentWrite(
  db: Q,
  ctx: CommandContext,
  dealId: string,
  dueBefore: string | null,
  action: 'payment' | 'receipt',
  change: FieldChange,
): Promise<void> {
  const due = await earliestOpenDueDate(db, dealId);
  await setDealNextPaymentDue(db, dealId, due, ctx.now.toISOString());
  const changes = [change, ...(due !== dueBefore ? [{ field: 'nextPaymentDue', from: dueBefore, to: due }] : [])];
  await writeAudit(db, ctx.actor, ctx.now, { entity: 'deal', entityId: dealId, action, changes });
}

/** How an instalment appears in its deal's audit trail. */
export function instalmentSummary(payment: Pick<PaymentRow, 'id' | 'due_date' | 'amount' | 'condition'>) {
  return { id: payment.id, dueDate: payment.due_date, amount: payment.amount, condition: payment.condition };
}

/** Money in a message: minor units shown as major units with the currency (12345 CNY → 123.45 CNY). */
export function moneyText(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency}`;
}
