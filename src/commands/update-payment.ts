import { PaymentUpdateSchema } from '../contract/payments.js';
import { parseInput } from '../contract/validate.js';
import { changedFields } from '../domain/audit.js';
import { staleVersion } from '../domain/problem.js';
import { writeAudit } from '../store/queries/audit.js';
import { getPaymentRow, updatePaymentIfVersion } from '../store/queries/payments.js';
import type { PaymentRow } from '../store/schema.js';
import type { CommandContext } from './context.js';
import { blankToNull, throwIfErrors } from './deal-rules.js';
import {
  afterPaymentWrite,
  instalmentSummary,
  loadWritablePayment,
  lockDealForPayments,
  moneyText,
} from './payment-rules.js';

/** Finance edits an instalment's due date, amount or condition (send the current version). */
export async function updatePayment(ctx: CommandContext, id: string, input: unknown): Promise<PaymentRow> {
  const { actor, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const { payment, deal } = await loadWritablePayment(trx, actor, id);
    const data = parseInput(PaymentUpdateSchema, input);
    if (data.amount !== undefined && data.amount < payment.received_amount) {
      const received = moneyText(payment.received_amount, deal.currency);
      throwIfErrors([
        {
          field: 'amount',
          message: { zh: `不能少于已收金额 ${received}`, en: `must not be less than the ${received} already received` },
        },
      ]);
    }
    if (data.version !== payment.version) throw staleVersion(payment.version);

    const patch: Partial<PaymentRow> = {};
    if (data.dueDate !== undefined) patch.due_date = data.dueDate;
    if (data.amount !== undefined) patch.amount = data.amount;
    if (data.condition !== undefined) patch.condition = blankToNull(data.condition);
    const changes = changedFields(
      { dueDate: payment.due_date, amount: payment.amount, condition: payment.condition } as Record<string, unknown>,
      {
        ...(patch.due_date !== undefined ? { dueDate: patch.due_date } : {}),
        ...(patch.amount !== undefined ? { amount: patch.amount } : {}),
        ...('condition' in patch ? { condition: patch.condition } : {}),
      },
      ['dueDate', 'amount', 'condition'],
    );
    // Nothing to change: no new version, no touched deal, no audit rows.
    if (changes.length === 0) return payment;
    const at = now.toISOString();
    const dueBefore = await lockDealForPayments(trx, deal.id, at);
    if (!(await updatePaymentIfVersion(trx, id, payment.version, { ...patch, updated_at: at }))) {
      throw staleVersion((await getPaymentRow(trx, id))?.version ?? payment.version);
    }
    const after = (await getPaymentRow(trx, id))!;
    await writeAudit(trx, actor, now, { entity: 'payment', entityId: id, action: 'update', changes });
    await afterPaymentWrite(trx, ctx, deal.id, dueBefore, 'payment', {
      field: 'payment',
      from: instalmentSummary(payment),
      to: instalmentSummary(after),
    });
    return after;
  });
}
