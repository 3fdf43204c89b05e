import type { Selectable } from 'kysely';
import type { Q } from '../dialect.js';
import type { PaymentRow, ReceiptsTable } from '../schema.js';

export type ReceiptRow = Selectable<ReceiptsTable>;

export async function insertPayment(db: Q, row: PaymentRow): Promise<void> {
  await db.insertInto('payments').values(row).execute();
}

/** A live instalment of the organisation, or undefined (the caller then answers 404). */
export async function findPayment(db: Q, orgId: string, id: string): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Any instalment of the organisation, deleted or not (the audit trail outlives a deletion). */
export async function findPaymentIncludingDeleted(db: Q, orgId: string, id: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export async function getPaymentRow(db: Q, id: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A deal's live instalments in due order. */
export async function listDealPayments(db: Q, dealId: string): Promise<PaymentRow[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('deal_id', '=', dealId)
    .where('deleted_at', 'is', null)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
}

/** The receipts of the given instalments, oldest first. */
export async function listReceipts(db: Q, paymentIds: string[]): Promise<ReceiptRow[]> {
  if (paymentIds.length === 0) return [];
  return db
    .selectFrom('receipts')
    .selectAll()
    .where('payment_id', 'in', paymentIds)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

/** Updates an instalment only if its version is still `version`; false when someone else won. */
export async function updatePaymentIfVersion(
  db: Q,
  id: string,
  version: number,
  patch: Partial<PaymentRow>,
): Promise<boolean> {
  const result = await db
    .updateTable('payments')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Adds a receipt's amount to an instalment, only while the instalment is at `version` and the sum stays
 * within its amount — the guard lives in the UPDATE so two concurrent receipts cannot overpay it.
 */
export async function addReceivedAmount(
  db: Q,
  id: string,
  version: number,
  amount: number,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('payments')
    .set((eb) => ({ received_amount: eb('received_amount', '+', amount), version: version + 1, updated_at: at }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('deleted_at', 'is', null)
    .where((eb) => eb(eb('received_amount', '+', amount), '<=', eb.ref('amount')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertReceipt(db: Q, row: ReceiptRow): Promise<void> {
  await db.insertInto('receipts').values(row).execute();
}

/** Earliest due date among the deal's live instalments not fully received (null when none). */
export async function earliestOpenDueDate(db: Q, dealId: string): Promise<string | null> {
  const row = await db
    .selectFrom('payments')
    .select((eb) => eb.fn.min('due_date').as('due'))
    .where('deal_id', '=', dealId)
    .where('deleted_at', 'is', null)
    .where((eb) => eb('received_amount', '<', eb.ref('amount')))
    .executeTakeFirst();
  return (row?.due as string | null | undefined) ?? null;
}

/** Keeps the deal's denormalised next payment due date (what the status light reads) and touches it. */
export async function setDealNextPaymentDue(db: Q, dealId: string, due: string | null, at: string): Promise<void> {
  await db.updateTable('deals').set({ next_payment_due: due, updated_at: at }).where('id', '=', dealId).execute();
}

/**
 * Takes the deal's row lock (PostgreSQL holds it to commit; SQLite writes one at a time anyway) by
 * touching it, and answers the deal's next_payment_due as it stands under the lock.
 */
export async function lockDealRow(db: Q, dealId: string, at: string): Promise<string | null> {
  await db.updateTable('deals').set({ updated_at: at }).where('id', '=', dealId).execute();
  const row = await db.selectFrom('deals').select('next_payment_due').where('id', '=', dealId).executeTakeFirst();
  return row?.next_payment_due ?? null;
}
