import type { Actor } from '../domain/actor.js';
import { can } from '../domain/actor.js';
import type { Text } from '../domain/i18n.js';
import { type FieldError, forbidden, invalid, notFound } from '../domain/problem.js';
import { FIELD_LABELS, findStage, missingFieldsForStage, type Stage, type StageFieldValues } from '../domain/stages.js';
import type { Q } from '../store/dialect.js';
import { accountExists, findVisibleDeal, usersExist } from '../store/queries/deals.js';
import type { DealRow } from '../store/schema.js';

/** Loads a deal the actor may see (404 otherwise) and checks they may change it (403 otherwise). */
export async function loadWritableDeal(db: Q, actor: Actor, id: string): Promise<DealRow> {
  const deal = await findVisibleDeal(db, actor, id);
  if (!deal) throw notFound({ zh: '找不到该商机', en: 'Deal not found' });
  if (!can(actor, 'writeDeals')) throw forbidden();
  return deal;
}

export function stageOrError(stages: Stage[], key: string, field = 'stage'): Stage | FieldError {
  const stage = findStage(stages, key);
  if (stage) return stage;
  return {
    field,
    message: {
      zh: `没有这个阶段：${key}（可选：${stages.map((s) => s.key).join(' / ')}）`,
      en: `Unknown stage "${key}" (one of: ${stages.map((s) => s.key).join(', ')})`,
    },
  };
}

/** Field errors for the target stage's required fields left empty. */
export function requiredFieldErrors(stage: Stage, values: StageFieldValues): FieldError[] {
  return missingFieldsForStage(stage, values).map((field) => ({
    field,
    message: {
      zh: `进入「${stage.name.zh}」阶段前必须填写${FIELD_LABELS[field].zh}`,
      en: `${FIELD_LABELS[field].en} is required before entering ${stage.name.en}`,
    } satisfies Text,
  }));
}

/** Checks the referenced account and users exist in the organisation; returns field errors. */
export async function referenceErrors(
  db: Q,
  orgId: string,
  refs: { accountId?: string | null; ownerId?: string; collaboratorIds?: string[] },
): Promise<{ errors: FieldError[]; accountName: string | null }> {
  const errors: FieldError[] = [];
  let accountName: string | null = null;
  if (refs.accountId) {
    const account = await accountExists(db, orgId, refs.accountId);
    if (!account) errors.push({ field: 'accountId', message: { zh: '客户不存在', en: 'No such account' } });
    else accountName = account.name;
  }
  const userIds = [...(refs.ownerId ? [refs.ownerId] : []), ...(refs.collaboratorIds ?? [])];
  const found = await usersExist(db, orgId, userIds);
  if (refs.ownerId && !found.has(refs.ownerId))
    errors.push({ field: 'ownerId', message: { zh: '负责人不存在或已停用', en: 'No such active user' } });
  (refs.collaboratorIds ?? []).forEach((id, i) => {
    if (!found.has(id))
      errors.push({
        field: `collaboratorIds.${i}`,
        message: { zh: '协作人不存在或已停用', en: 'No such active user' },
      });
  });
  return { errors, accountName };
}

export function throwIfErrors(errors: FieldError[]): void {
  if (errors.length > 0) throw invalid(errors);
}

/** Blank text becomes null, so "no next step" has one representation. */
export function blankToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
