import { can } from '../domain/actor.js';
import { forbidden, notFound, staleVersion } from '../domain/problem.js';
import { writeAudit } from '../store/queries/audit.js';
import { findVisibleDeal, getDealRow, updateDealIfVersion } from '../store/queries/deals.js';
import type { DealRow } from '../store/schema.js';
import type { CommandContext } from './context.js';

/** Soft-deletes (deleted=true) or restores (deleted=false) a deal; both are audited. */
export async function setDealDeleted(ctx: CommandContext, id: string, deleted: boolean): Promise<DealRow> {
  const { actor, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const deal = await findVisibleDeal(trx, actor, id, { includeDeleted: true });
    if (!deal || (deleted && deal.deleted_at !== null) || (!deleted && deal.deleted_at === null)) {
      throw notFound({ zh: '找不到该商机', en: 'Deal not found' });
    }
    if (!can(actor, 'writeDeals')) throw forbidden();
    // Only the owner, their manager or an admin removes a deal; a collaborator may not.
    if (actor.role === 'sales' && deal.owner_id !== actor.userId)
      throw forbidden({ zh: '只有负责人可以删除商机', en: 'Only the owner may delete a deal' });
    const at = now.toISOString();
    // Guarded by the version read above: a concurrent edit must not be overwritten, nor two states share a version.
    if (!(await updateDealIfVersion(trx, id, deal.version, { deleted_at: deleted ? at : null, updated_at: at }))) {
      throw staleVersion((await getDealRow(trx, id))?.version ?? deal.version);
    }
    await writeAudit(trx, actor, now, { entity: 'deal', entityId: id, action: deleted ? 'delete' : 'restore' });
    return (await getDealRow(trx, id))!;
  });
}
