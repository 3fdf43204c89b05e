import { DealCreateSchema, type LineItemInput } from '../contract/deals.js';
import { parseInput } from '../contract/validate.js';
import { lineItemTotal, percentToBp } from '../domain/money.js';
import { forbidden } from '../domain/problem.js';
import { searchTokens } from '../domain/search-tokens.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { insertDeal, insertStageHistory, replaceCollaborators, replaceLineItems } from '../store/queries/deals.js';
import type { DealRow } from '../store/schema.js';
import { type CommandContext, requirePermission } from './context.js';
import { blankToNull, referenceErrors, requiredFieldErrors, stageOrError, throwIfErrors } from './deal-rules.js';

export function lineItemRows(items: LineItemInput[], now: Date) {
  return items.map((item) => {
    const discountBp = percentToBp(item.discountPct);
    return {
      id: newId(now.getTime()),
      productId: item.productId ?? null,
      description: item.description.trim(),
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      discountBp,
      total: lineItemTotal(item.quantity, item.unitPrice, discountBp),
    };
  });
}

/** Creates a deal in its first (or a chosen) stage, with line items, collaborators, history and audit. */
export async function createDeal(ctx: CommandContext, input: unknown): Promise<DealRow> {
  const { actor, org, now } = ctx;
  requirePermission(actor, 'writeDeals');
  const data = parseInput(DealCreateSchema, input);
  const firstOpen = org.stages.find((stage) => stage.kind === 'open') ?? org.stages[0];
  const stage = stageOrError(org.stages, data.stage ?? firstOpen.key);
  const ownerId = data.ownerId ?? actor.userId;
  if (ownerId !== actor.userId && actor.role === 'sales')
    throw forbidden({ zh: '销售只能创建自己负责的商机', en: 'Sales reps create deals they own' });

  return ctx.db.transaction().execute(async (trx) => {
    const refs = await referenceErrors(trx, org.id, {
      accountId: data.accountId,
      ownerId,
      collaboratorIds: data.collaboratorIds,
    });
    const errors = [...refs.errors];
    if ('field' in stage) errors.push(stage);
    const items = lineItemRows(data.lineItems ?? [], now);
    const amount = data.amount ?? items.reduce((sum, item) => sum + item.total, 0);
    const nextStep = blankToNull(data.nextStep);
    if (!('field' in stage)) {
      errors.push(
        ...requiredFieldErrors(stage, {
          amount,
          expectedCloseDate: data.expectedCloseDate ?? null,
          accountId: data.accountId ?? null,
          lossReason: data.lossReason ?? null,
          nextStep,
        }),
      );
    }
    throwIfErrors(errors);
    const target = stage as Exclude<typeof stage, { field: string }>;
    const at = now.toISOString();
    const row: DealRow = {
      id: newId(now.getTime()),
      org_id: org.id,
      account_id: data.accountId ?? null,
      title: data.title.trim(),
      owner_id: ownerId,
      stage: target.key,
      amount,
      currency: data.currency ?? org.currency,
      probability: data.probability ?? target.probability,
      expected_close_date: data.expectedCloseDate ?? null,
      closed_at: target.kind === 'open' ? null : at,
      loss_reason: target.kind === 'lost' ? (data.lossReason ?? null) : null,
      risk_flag: 0,
      risk_reason: null,
      source: blankToNull(data.source),
      competitors: JSON.stringify(data.competitors ?? []),
      custom: JSON.stringify(data.custom ?? {}),
      next_step: nextStep,
      next_step_due: data.nextStepDue ?? null,
      last_followup_at: null,
      last_activity_at: at,
      next_payment_due: null,
      stage_entered_at: at,
      search_tokens: searchTokens(data.title, refs.accountName),
      version: 1,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    };
    await insertDeal(trx, row);
    await replaceLineItems(trx, org.id, row.id, items);
    await replaceCollaborators(trx, org.id, row.id, [...new Set(data.collaboratorIds ?? [])], at);
    await insertStageHistory(trx, {
      id: newId(now.getTime()),
      org_id: org.id,
      deal_id: row.id,
      from_stage: null,
      to_stage: row.stage,
      at,
      actor_id: actor.userId,
    });
    await writeAudit(trx, actor, now, { entity: 'deal', entityId: row.id, action: 'create' });
    return row;
  });
}
