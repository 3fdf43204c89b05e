import { notFound } from '../domain/problem.js';
import { findVisibleDeal, listCollaborators, listLineItems, listStageHistory } from '../store/queries/deals.js';
import { type CommandContext, requirePermission } from './context.js';

/** A deal the actor may see with its line items, stage history and collaborators; 404 otherwise. */
export async function getDeal(ctx: CommandContext, id: string) {
  const deal = await findVisibleDeal(ctx.db, ctx.actor, id);
  if (!deal) throw notFound({ zh: '找不到该商机', en: 'Deal not found' });
  requirePermission(ctx.actor, 'readDeals');
  const [lineItems, stageHistory, collaboratorIds] = await Promise.all([
    listLineItems(ctx.db, id),
    listStageHistory(ctx.db, id),
    listCollaborators(ctx.db, id),
  ]);
  return { deal, lineItems, stageHistory, collaboratorIds };
}
