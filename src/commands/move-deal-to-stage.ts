import { DealStageMoveSchema } from '../contract/deals.js';
import { parseInput } from '../contract/validate.js';
import { changedFields } from '../domain/audit.js';
import { invalid, Problem, staleVersion } from '../domain/problem.js';
import { findStage } from '../domain/stages.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { getDealRow, insertStageHistory, updateDealReturning } from '../store/queries/deals.js';
import { listDealPayments } from '../store/queries/payments.js';
import type { DealRow } from '../store/schema.js';
import type { CommandContext } from './context.js';
import { blankToNull, loadWritableDeal, requiredFieldErrors, stageOrError, throwIfErrors } from './deal-rules.js';
import { camel } from './update-deal.js';

/**
 * Moves a deal to any stage (skips and moves back are allowed) once the target stage's required fields
 * are present; writes the deal, its stage-history row and the audit rows in one transaction.
 */
export async function moveDealToStage(ctx: CommandContext, id: string, input: unknown): Promise<DealRow> {
  const { actor, org, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadWritableDeal(trx, actor, id);
    const data = parseInput(DealStageMoveSchema, input);
    const target = stageOrError(org.stages, data.stage);
    if ('field' in target) throw invalid([target]);
    const after = {
      amount: data.amount ?? before.amount,
      expected_close_date:
        data.expectedCloseDate !== undefined ? (data.expectedCloseDate ?? null) : before.expected_close_date,
      loss_reason: target.kind === 'lost' ? (data.lossReason ?? before.loss_reason) : null,
      next_step: data.nextStep !== undefined ? blankToNull(data.nextStep) : before.next_step,
    };
    throwIfErrors(
      requiredFieldErrors(target, {
        amount: after.amount,
        expectedCloseDate: after.expected_close_date,
        accountId: before.account_id,
        lossReason: after.loss_reason,
        nextStep: after.next_step,
      }),
    );
    if (data.version !== before.version) throw staleVersion(before.version);
    if (target.key === before.stage) return before;

    const at = now.toISOString();
    const patch: Partial<DealRow> = {
      stage: target.key,
      probability: target.probability,
      stage_entered_at: at,
      last_activity_at: at,
      closed_at: target.kind === 'open' ? null : at,
      ...after,
      updated_at: at,
    };
    const moved = await updateDealReturning(trx, id, before.version, patch);
    if (!moved) throw staleVersion((await getDealRow(trx, id))?.version ?? before.version);
    // A payment plan belongs to a won contract: leaving won while instalments exist would leave them
    // orphaned (and the light tracking money for a deal that is no longer won). Checked after the update,
    // under the deal's row lock, so an instalment added concurrently (payment writes lock the deal) is seen.
    if (
      findStage(org.stages, before.stage)?.kind === 'won' &&
      target.kind !== 'won' &&
      (await listDealPayments(trx, id)).length > 0
    ) {
      throw new Problem(
        'conflict',
        {
          zh: '该商机已有回款计划，请先由财务删除回款计划再改变阶段',
          en: 'This deal has a payment plan; finance must remove it before the deal leaves Won',
        },
        [{ field: 'stage', message: { zh: '已赢单且有回款计划', en: 'won with a payment plan' } }],
      );
    }
    await insertStageHistory(trx, {
      id: newId(now.getTime()),
      org_id: org.id,
      deal_id: id,
      from_stage: before.stage,
      to_stage: target.key,
      at,
      actor_id: actor.userId,
    });
    const changes = changedFields(before as unknown as Record<string, unknown>, patch, [
      'stage',
      'probability',
      'amount',
      'expected_close_date',
      'loss_reason',
      'next_step',
      'closed_at',
    ]);
    await writeAudit(trx, actor, now, {
      entity: 'deal',
      entityId: id,
      action: 'stage',
      changes: changes.map((c) => ({ ...c, field: camel(c.field) })),
    });
    return moved;
  });
}
