import type { RateDeal } from '../../domain/update-rate.js';
import type { Q } from '../dialect.js';

export interface RateScope {
  orgId: string;
  /** Owners to count; undefined: every owner in the organisation. */
  ownerIds?: string[];
  /** The range's first instant, its end, and how far back touches matter (the window before `from`). */
  from: string;
  to: string;
  touchesFrom: string;
}

/**
 * The deals alive in a range (created by its end, not closed or deleted before its start) and their
 * touches (follow-ups and stage changes) from `touchesFrom` on, for domain/update-rate.
 */
export async function updateRateInputs(
  db: Q,
  scope: RateScope,
): Promise<{ deals: RateDeal[]; touches: Map<string, string[]> }> {
  if (scope.ownerIds && scope.ownerIds.length === 0) return { deals: [], touches: new Map() };
  const dealsInScope = () => {
    let q = db
      .selectFrom('deals')
      .where('deals.org_id', '=', scope.orgId)
      .where('deals.created_at', '<=', scope.to)
      .where((eb) => eb.or([eb('deals.closed_at', 'is', null), eb('deals.closed_at', '>=', scope.from)]))
      .where((eb) => eb.or([eb('deals.deleted_at', 'is', null), eb('deals.deleted_at', '>=', scope.from)]));
    if (scope.ownerIds) q = q.where('deals.owner_id', 'in', scope.ownerIds);
    return q;
  };
  const dealRows = await dealsInScope()
    .select(['deals.id', 'deals.owner_id', 'deals.created_at', 'deals.closed_at', 'deals.deleted_at'])
    .execute();
  const followups = await db
    .selectFrom('followups')
    .select(['deal_id', 'at'])
    .where('org_id', '=', scope.orgId)
    .where('at', '>=', scope.touchesFrom)
    .where('at', '<=', scope.to)
    .where('deal_id', 'in', dealsInScope().select('deals.id'))
    .execute();
  const moves = await db
    .selectFrom('stage_history')
    .select(['deal_id', 'at'])
    .where('org_id', '=', scope.orgId)
    .where('at', '>=', scope.touchesFrom)
    .where('at', '<=', scope.to)
    .where('deal_id', 'in', dealsInScope().select('deals.id'))
    .execute();
  const touches = new Map<string, string[]>();
  for (const touch of [...followups, ...moves]) {
    if (!touch.deal_id) continue;
    const list = touches.get(touch.deal_id);
    if (list) list.push(touch.at);
    else touches.set(touch.deal_id, [touch.at]);
  }
  return {
    deals: dealRows.map((row) => ({
      id: row.id,
      ownerId: row.owner_id,
      createdAt: row.created_at,
      closedAt: row.closed_at,
      deletedAt: row.deleted_at,
    })),
    touches,
  };
}
