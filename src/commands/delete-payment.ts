import { PaymentDeleteSchema } from '../contract/payments.js';
import { parseInput } from '../contract/validate.js';
import { Problem, staleVersion } from '../domain/problem.js';
import { writeAudit } from '../store/queries/audit.js';
import { getPaymentRow, updatePaymentIfVersion } from '../store/queries/payments.js';
import type { PaymentRow } from '../store/schema.js';
import type { CommandContext } from './context.js';
import {
  afterPaymentWrite,
  instalmentSummary,
  loadWritablePayment,
  lockDealForPayments,
  moneyText,
} from './payment-rules.js';

/**
 * Finance removes an instalment from the plan (soft delete, with the current version). An instalment that
 * money was already received on stays: the receipts must remain accounted for.
 */
export async function deletePayment(ctx: CommandContext, id: string, input: unknown): Promise<PaymentRow> {
  const { actor, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const { payment, deal } = await loadWritablePayment(trx, actor, id);
    const data = parseInput(PaymentDeleteSchema, input);
    if (payment.received_amount > 0) {
      const received = moneyText(payment.received_amount, deal.currency);
      throw new Problem(
        'conflict',
        {
          zh: `该期已收款 ${received}，不能删除`,
          en: `${received} was already received on this instalment; it cannot be deleted`,
        },
        [{ field: 'receivedAmount', message: { zh: `已收款 ${received}`, en: `${received} received` } }],
      );
    }
    if (data.version !== payment.version) throw staleVersion(payment.version);
    const at = now.toISOString();
    const dueBefore = await lockDealForPayments(trx, deal.id, at);
    if (!(await updatePaymentIfVersion(trx, id, payment.version, { deleted_at: at, updated_at: at }))) {
      throw staleVersion((await getPaymentRow(trx, id))?.version ?? payment.version);
    }
    await writeAudit(trx, actor, now, { entity: 'payment', entityId: id, action: 'delete' });
    await afterPaymentWrite(trx, ctx, deal.id, dueBefore, 'payment', {
      field: 'payment',
      from: instalmentSummary(payment),
      to: null,
    });
    return (await getPaymentRow(trx, id))!;
  });
}
