import { findVisibleDeal } from '../store/queries/deals.js';
import { listDealPayments, listReceipts } from '../store/queries/payments.js';
import type { CommandContext } from './context.js';
import { dealNotFound } from './payment-rules.js';

/** A deal's payment plan (live instalments with their receipts), for anyone who may see the deal. */
export async function listPayments(ctx: CommandContext, dealId: string) {
  const deal = await findVisibleDeal(ctx.db, ctx.actor, dealId);
  if (!deal) throw dealNotFound();
  const payments = await listDealPayments(ctx.db, deal.id);
  const receipts = await listReceipts(
    ctx.db,
    payments.map((p) => p.id),
  );
  return { deal, payments, receipts };
}
