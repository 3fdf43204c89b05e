import { DealUpdateSchema } from '../contract/deals.js';
import { parseInput } from '../contract/validate.js';
import { can } from '../domain/actor.js';
import { changedFields } from '../domain/audit.js';
import { forbidden, staleVersion } from '../domain/problem.js';
import { searchTokens } from '../domain/search-tokens.js';
import { findStage } from '../domain/stages.js';
import { getAccountRow } from '../store/queries/accounts.js';
import { writeAudit } from '../store/queries/audit.js';
import {
  getDealRow,
  listCollaborators,
  listLineItems,
  replaceCollaborators,
  replaceLineItems,
  updateDealIfVersion,
} from '../store/queries/deals.js';
import type { DealRow } from '../store/schema.js';
import type { CommandContext } from './context.js';
import { lineItemRows } from './create-deal.js';
import { blankToNull, loadWritableDeal, referenceErrors, requiredFieldErrors, throwIfErrors } from './deal-rules.js';

/** Edits a deal's fields (not its stage: that is moveDealToStage), checking `version`. */
export async function updateDeal(ctx: CommandContext, id: string, input: unknown): Promise<DealRow> {
  const { actor, org, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadWritableDeal(trx, actor, id);
    // 403 comes before 400: a rep touching the risk flag is refused whatever else is wrong in the body.
    const raw = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
    if (('riskFlag' in raw || 'riskReason' in raw) && !can(actor, 'flagRisk')) {
      throw forbidden({ zh: '只有主管可以标记风险', en: 'Only managers flag deals at risk' });
    }
    const data = parseInput(DealUpdateSchema, input);
    if (data.ownerId !== undefined && data.ownerId !== before.owner_id && actor.role === 'sales') {
      throw forbidden({ zh: '销售不能转交商机，请联系主管', en: 'Sales reps cannot reassign deals; ask a manager' });
    }
    const refs = await referenceErrors(trx, org.id, {
      accountId: data.accountId,
      ownerId: data.ownerId,
      collaboratorIds: data.collaboratorIds,
    });
    const errors = [...refs.errors];
    const items = data.lineItems ? lineItemRows(data.lineItems, now) : undefined;
    const patch: Partial<DealRow> = {};
    if (data.title !== undefined) patch.title = data.title.trim();
    if (data.accountId !== undefined) patch.account_id = data.accountId ?? null;
    if (data.ownerId !== undefined) patch.owner_id = data.ownerId;
    if (data.amount !== undefined) patch.amount = data.amount;
    else if (items) patch.amount = items.reduce((sum, item) => sum + item.total, 0);
    if (data.currency !== undefined) patch.currency = data.currency;
    if (data.probability !== undefined) patch.probability = data.probability;
    if (data.expectedCloseDate !== undefined) patch.expected_close_date = data.expectedCloseDate ?? null;
    if (data.source !== undefined) patch.source = blankToNull(data.source);
    if (data.competitors !== undefined) patch.competitors = JSON.stringify(data.competitors);
    if (data.custom !== undefined) patch.custom = JSON.stringify(data.custom);
    if (data.nextStep !== undefined) patch.next_step = blankToNull(data.nextStep);
    if (data.nextStepDue !== undefined) patch.next_step_due = data.nextStepDue ?? null;
    if (data.riskFlag !== undefined) patch.risk_flag = data.riskFlag ? 1 : 0;
    if (data.riskReason !== undefined) patch.risk_reason = blankToNull(data.riskReason);
    if (data.riskFlag === false) patch.risk_reason = null;
    if (data.lossReason !== undefined) patch.loss_reason = data.lossReason ?? null;

    // The current stage's required fields must stay filled.
    const stage = findStage(org.stages, before.stage);
    if (stage) {
      const merged = { ...before, ...patch };
      errors.push(
        ...requiredFieldErrors(stage, {
          amount: merged.amount,
          expectedCloseDate: merged.expected_close_date,
          accountId: merged.account_id,
          lossReason: merged.loss_reason,
          nextStep: merged.next_step,
        }),
      );
    }
    throwIfErrors(errors);
    if (data.version !== before.version) throw staleVersion(before.version);

    const changes = changedFields(before as unknown as Record<string, unknown>, patch, Object.keys(patch));
    if (patch.title !== undefined || patch.account_id !== undefined) {
      const accountName =
        patch.account_id !== undefined
          ? refs.accountName
          : before.account_id
            ? (await getAccountRow(trx, before.account_id))?.name
            : null;
      patch.search_tokens = searchTokens(patch.title ?? before.title, accountName);
    }
    if (items) {
      const old = await listLineItems(trx, id);
      await replaceLineItems(trx, org.id, id, items);
      const same =
        JSON.stringify(old.map((i) => [i.product_id, i.description, i.quantity, i.unit_price, i.discount_bp])) ===
        JSON.stringify(items.map((i) => [i.productId, i.description, i.quantity, i.unitPrice, i.discountBp]));
      if (!same)
        changes.push({
          field: 'lineItems',
          from: old.map((i) => ({
            description: i.description,
            quantity: i.quantity,
            unitPrice: i.unit_price,
            discountBp: i.discount_bp,
          })),
          to: items.map((i) => ({
            description: i.description,
            quantity: i.quantity,
            unitPrice: i.unitPrice,
            discountBp: i.discountBp,
          })),
        });
    }
    if (data.collaboratorIds) {
      const old = await listCollaborators(trx, id);
      const next = [...new Set(data.collaboratorIds)];
      await replaceCollaborators(trx, org.id, id, next, now.toISOString());
      if (JSON.stringify(old) !== JSON.stringify(next)) changes.push({ field: 'collaboratorIds', from: old, to: next });
    }
    patch.updated_at = now.toISOString();
    const updated = await updateDealIfVersion(trx, id, before.version, patch);
    if (!updated) throw staleVersion((await getDealRow(trx, id))?.version ?? before.version);
    if (changes.length > 0) {
      const action = data.riskFlag !== undefined && changes.some((c) => c.field === 'risk_flag') ? 'risk' : 'update';
      await writeAudit(trx, actor, now, {
        entity: 'deal',
        entityId: id,
        action,
        changes: changes.map((c) => ({ ...c, field: camel(c.field) })),
      });
    }
    return (await getDealRow(trx, id))!;
  });
}

/** Audit rows name fields as the API does (camelCase). */
export function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
