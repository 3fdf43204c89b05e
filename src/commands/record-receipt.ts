import { ReceiptCreateSchema } from '../contract/payments.js';
import { parseInput } from '../contract/validate.js';
import { outstandingOf } from '../domain/payments.js';
import type { FieldError } from '../domain/problem.js';
import { Problem, staleVersion } from '../domain/problem.js';
import { dateInZone } from '../domain/time.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { addReceivedAmount, getPaymentRow, insertReceipt, type ReceiptRow } from '../store/queries/payments.js';
import type { PaymentRow } from '../store/schema.js';
import type { CommandContext } from './context.js';
import { blankToNull, throwIfErrors } from './deal-rules.js';
import { afterPaymentWrite, loadWritablePayment, lockDealForPayments, moneyText } from './payment-rules.js';

/**
 * Finance records money received (回款) against an instalment: partial receipts are fine, more than the
 * instalment still expects is not. The instalment's received amount, the deal's next payment due date
 * and the audit rows move in the same transaction.
 */
export async function recordReceipt(
  ctx: CommandContext,
  paymentId: string,
  input: unknown,
): Promise<{ receipt: ReceiptRow; payment: PaymentRow }> {
  const { actor, org, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const { payment, deal } = await loadWritablePayment(trx, actor, paymentId);
    const data = parseInput(ReceiptCreateSchema, input);
    const errors: FieldError[] = [];
    const outstanding = outstandingOf({
      dueDate: payment.due_date,
      amount: payment.amount,
      receivedAmount: payment.received_amount,
    });
    if (data.amount > outstanding) {
      const left = moneyText(outstanding, deal.currency);
      errors.push({
        field: 'amount',
        message: {
          zh: `超过该期未收金额 ${left}`,
          en: `is more than the ${left} still outstanding on this instalment`,
        },
      });
    }
    const today = dateInZone(now, org.timezone);
    if (data.receivedAt > today)
      errors.push({
        field: 'receivedAt',
        message: { zh: `到账日期不能晚于今天（${today}）`, en: `cannot be after today (${today})` },
      });
    throwIfErrors(errors);
    if (data.version !== undefined && data.version !== payment.version) throw staleVersion(payment.version);

    const at = now.toISOString();
    const dueBefore = await lockDealForPayments(trx, deal.id, at);
    if (!(await addReceivedAmount(trx, payment.id, payment.version, data.amount, at))) {
      // Someone else changed the instalment between our read and write.
      const current = await getPaymentRow(trx, payment.id);
      if (current && current.version !== payment.version) throw staleVersion(current.version);
      throw new Problem('conflict', {
        zh: '该期回款已变化，请刷新后再试',
        en: 'The instalment changed meanwhile; reload and try again',
      });
    }
    const receipt: ReceiptRow = {
      id: newId(now.getTime()),
      org_id: org.id,
      payment_id: payment.id,
      amount: data.amount,
      received_at: data.receivedAt,
      note: blankToNull(data.note),
      recorded_by: actor.userId,
      created_at: at,
    };
    await insertReceipt(trx, receipt);
    await writeAudit(trx, actor, now, {
      entity: 'receipt',
      entityId: receipt.id,
      action: 'create',
      changes: [
        { field: 'paymentId', from: null, to: payment.id },
        { field: 'amount', from: null, to: receipt.amount },
        { field: 'receivedAt', from: null, to: receipt.received_at },
        ...(receipt.note ? [{ field: 'note', from: null, to: receipt.note }] : []),
      ],
    });
    await writeAudit(trx, actor, now, {
      entity: 'payment',
      entityId: payment.id,
      action: 'receipt',
      changes: [
        { field: 'receivedAmount', from: payment.received_amount, to: payment.received_amount + receipt.amount },
      ],
    });
    await afterPaymentWrite(trx, ctx, deal.id, dueBefore, 'receipt', {
      field: 'receipt',
      from: null,
      to: { id: receipt.id, paymentId: payment.id, amount: receipt.amount, receivedAt: receipt.received_at },
    });
    return { receipt, payment: (await getPaymentRow(trx, payment.id))! };
  });
}
