import { PaymentCreateSchema } from '../contract/payments.js';
import { parseInput } from '../contract/validate.js';
import { pick } from '../domain/i18n.js';
import { invalid } from '../domain/problem.js';
import { findStage } from '../domain/stages.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { getDealRow } from '../store/queries/deals.js';
import { insertPayment } from '../store/queries/payments.js';
import type { PaymentRow } from '../store/schema.js';
import type { CommandContext } from './context.js';
import { blankToNull } from './deal-rules.js';
import { afterPaymentWrite, instalmentSummary, loadDealForPaymentWrite, lockDealForPayments } from './payment-rules.js';

/** Finance adds an instalment (回款计划) to a won deal; the deal's next payment due date follows. */
export async function createPayment(ctx: CommandContext, dealId: string, input: unknown): Promise<PaymentRow> {
  const { actor, org, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const deal = await loadDealForPaymentWrite(trx, actor, dealId);
    const data = parseInput(PaymentCreateSchema, input);
    const requireWon = (stageKey: string) => {
      const stage = findStage(org.stages, stageKey);
      if (stage?.kind === 'won') return;
      const name = stage ? stage.name : { zh: stageKey, en: stageKey };
      throw invalid([
        {
          field: 'dealId',
          message: {
            zh: `只有赢单的商机才能制定回款计划（当前阶段：${pick(name, 'zh-CN')}）`,
            en: `Payment plans belong to won deals (this deal is in ${pick(name, 'en')})`,
          },
        },
      ]);
    };
    requireWon(deal.stage);
    const at = now.toISOString();
    const dueBefore = await lockDealForPayments(trx, deal.id, at);
    // Again under the deal's row lock: a concurrent move out of won may have committed meanwhile.
    requireWon((await getDealRow(trx, deal.id))?.stage ?? deal.stage);
    const row: PaymentRow = {
      id: newId(now.getTime()),
      org_id: org.id,
      deal_id: deal.id,
      due_date: data.dueDate,
      amount: data.amount,
      condition: blankToNull(data.condition),
      received_amount: 0,
      version: 1,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    };
    await insertPayment(trx, row);
    await writeAudit(trx, actor, now, {
      entity: 'payment',
      entityId: row.id,
      action: 'create',
      changes: [
        { field: 'dueDate', from: null, to: row.due_date },
        { field: 'amount', from: null, to: row.amount },
        ...(row.condition ? [{ field: 'condition', from: null, to: row.condition }] : []),
      ],
    });
    await afterPaymentWrite(trx, ctx, deal.id, dueBefore, 'payment', {
      field: 'payment',
      from: null,
      to: instalmentSummary(row),
    });
    return row;
  });
}
