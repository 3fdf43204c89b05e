import { STALLED_ITEMS_CAP, StalledReportQuerySchema } from '../contract/reports.js';
import { parseInput } from '../contract/validate.js';
import { seesWholeOrganisation } from '../domain/actor.js';
import type { Stage } from '../domain/stages.js';
import { DAY_MS, wholeDaysBetween } from '../domain/time.js';
import { latestVerbatims, longestStalled, stalledGroups } from '../store/queries/reports.js';
import type { DealRow } from '../store/schema.js';
import { type CommandContext, requirePermission } from './context.js';

export interface StalledReport {
  days: number;
  total: number;
  truncated: boolean;
  items: { deal: DealRow; daysStalled: number; lastVerbatim: string | null }[];
  byStage: { stage: Stage; count: number; share: number; avgDaysStalled: number }[];
  byOwner: { ownerId: string; count: number; avgDaysStalled: number }[];
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/**
 * The weekly review (周会): open, live deals the actor may see with no follow-up or stage change for more
 * than `days` days — the longest-stalled first (at most 500) with the customer's last words — and where
 * the stalls concentrate, by stage and by owner (always over all of them).
 */
export async function reportStalled(ctx: CommandContext, query: unknown): Promise<StalledReport> {
  requirePermission(ctx.actor, 'readDeals');
  const data = parseInput(StalledReportQuerySchema, query);
  const open = ctx.org.stages.filter((stage) => stage.kind === 'open');
  const scope = {
    actor: ctx.actor,
    openStages: open.map((stage) => stage.key),
    ownerId: data.ownerId,
    teamId: data.teamId,
  };
  // Same cut as GET /api/deals?stalledDays=: last activity strictly before now − days.
  const before = new Date(ctx.now.getTime() - data.days * DAY_MS);
  const groups = await stalledGroups(ctx.db, scope, before, ctx.now);
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  // Organisation-wide scopes walk each stage in activity order; narrow ones (a rep, a team, a manager's
  // view) seek the owners the summary found. Stages without stalled deals are not read at all.
  const narrow = !seesWholeOrganisation(ctx.actor) || data.ownerId !== undefined || data.teamId !== undefined;
  const walks = open.flatMap((stage) => {
    const owners = groups.filter((group) => group.stage === stage.key).map((group) => group.ownerId);
    return owners.length === 0 ? [] : [{ stage: stage.key, ...(narrow ? { ownerIds: owners } : {}) }];
  });
  const longest = await longestStalled(ctx.db, scope, before, STALLED_ITEMS_CAP + 1, walks);
  const listed = longest.slice(0, STALLED_ITEMS_CAP);
  const verbatims = await latestVerbatims(
    ctx.db,
    listed.map((deal) => deal.id),
  );

  const stageSums = new Map<string, { count: number; days: number }>();
  const ownerSums = new Map<string, { count: number; days: number }>();
  for (const group of groups) {
    for (const [map, key] of [
      [stageSums, group.stage],
      [ownerSums, group.ownerId],
    ] as const) {
      const sum = map.get(key) ?? { count: 0, days: 0 };
      sum.count += group.count;
      sum.days += group.daysStalled;
      map.set(key, sum);
    }
  }
  return {
    days: data.days,
    total,
    truncated: total > STALLED_ITEMS_CAP || longest.length > STALLED_ITEMS_CAP,
    items: listed.map((deal) => ({
      deal,
      daysStalled: wholeDaysBetween(new Date(deal.last_activity_at), ctx.now),
      lastVerbatim: verbatims.get(deal.id) ?? null,
    })),
    byStage: open.map((stage) => {
      const sum = stageSums.get(stage.key) ?? { count: 0, days: 0 };
      return {
        stage,
        count: sum.count,
        share: total === 0 ? 0 : sum.count / total,
        avgDaysStalled: sum.count === 0 ? 0 : oneDecimal(sum.days / sum.count),
      };
    }),
    byOwner: [...ownerSums.entries()]
      .map(([ownerId, sum]) => ({ ownerId, count: sum.count, avgDaysStalled: oneDecimal(sum.days / sum.count) }))
      .sort((a, b) => b.count - a.count || b.avgDaysStalled - a.avgDaysStalled || (a.ownerId < b.ownerId ? -1 : 1)),
  };
}
