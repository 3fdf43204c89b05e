import { UPDATE_RATE_MAX_DAYS, UpdateRateQuerySchema } from '../contract/reports.js';
import { parseInput } from '../contract/validate.js';
import { invalid } from '../domain/problem.js';
import { addDays, dateInZone, startOfDateInZone } from '../domain/time.js';
import {
  dailyUpdateRates,
  foldPeriods,
  type RateCount,
  rangeDays,
  rateOf,
  touchesFrom,
} from '../domain/update-rate.js';
import { updateRateInputs } from '../store/queries/update-rate.js';
import { listUsers } from '../store/queries/users.js';
import { type CommandContext, requirePermission } from './context.js';

export interface UpdateRateReport {
  from: string;
  to: string;
  granularity: 'day' | 'week';
  windowDays: number;
  workdays: number[];
  total: RateCount;
  series: ({ period: string } & RateCount)[];
  byOwner: ({ ownerId: string; name: string | null; teamId: string | null; series: (number | null)[] } & RateCount)[];
  byTeam: ({ teamId: string | null } & RateCount)[];
}

/**
 * Update rate (台账更新率) per day or week, per rep and per team, over the deals the actor answers for:
 * a rep their own, a manager their team's, admin, finance and viewers everyone's.
 */
export async function reportUpdateRate(ctx: CommandContext, query: unknown): Promise<UpdateRateReport> {
  requirePermission(ctx.actor, 'readDeals');
  const data = parseInput(UpdateRateQuerySchema, query);
  const { timezone, settings } = ctx.org;
  const today = dateInZone(ctx.now, timezone);
  const to = data.to && data.to < today ? data.to : today;
  const from = data.from ?? addDays(to, -6);
  if (from > to)
    throw invalid([
      {
        field: 'from',
        message: { zh: '开始日期不能晚于结束日期（或今天）', en: 'must not be after the end date (or today)' },
      },
    ]);
  if (rangeDays(from, to) > UPDATE_RATE_MAX_DAYS) {
    throw invalid([
      {
        field: 'from',
        message: {
          zh: `一次最多查询 ${UPDATE_RATE_MAX_DAYS} 天`,
          en: `at most ${UPDATE_RATE_MAX_DAYS} days per request`,
        },
      },
    ]);
  }

  const users = await listUsers(ctx.db, ctx.org.id);
  const teamOf = new Map(users.map((user) => [user.id, user.team_id]));
  // Whose deals count: the actor's reach, narrowed by the owner or team asked for.
  let owners: string[] | undefined;
  if (ctx.actor.role === 'sales') owners = [ctx.actor.userId];
  else if (ctx.actor.role === 'manager')
    owners = users
      .filter(
        (user) => user.id === ctx.actor.userId || (ctx.actor.teamId !== null && user.team_id === ctx.actor.teamId),
      )
      .map((user) => user.id);
  if (data.teamId) owners = (owners ?? users.map((user) => user.id)).filter((id) => teamOf.get(id) === data.teamId);
  if (data.ownerId) owners = (owners ?? [data.ownerId]).filter((id) => id === data.ownerId);

  const windowDays = settings.updateWindowDays;
  const inputs = await updateRateInputs(ctx.db, {
    orgId: ctx.org.id,
    ownerIds: owners,
    from: startOfDateInZone(from, timezone).toISOString(),
    to: new Date(startOfDateInZone(addDays(to, 1), timezone).getTime() - 1).toISOString(),
    touchesFrom: startOfDateInZone(touchesFrom(from, windowDays), timezone).toISOString(),
  });
  const days = dailyUpdateRates(inputs.deals, inputs.touches, from, to, windowDays, timezone);
  const periods = foldPeriods(days, data.granularity, settings.workdays);

  const ownerSums = new Map<string, { active: number; updated: number }>();
  for (const period of periods) {
    for (const [ownerId, count] of period.byOwner) {
      const sum = ownerSums.get(ownerId) ?? { active: 0, updated: 0 };
      sum.active += count.active;
      sum.updated += count.updated;
      ownerSums.set(ownerId, sum);
    }
  }
  const teamSums = new Map<string | null, { active: number; updated: number }>();
  for (const [ownerId, sum] of ownerSums) {
    const teamId = teamOf.get(ownerId) ?? null;
    const team = teamSums.get(teamId) ?? { active: 0, updated: 0 };
    team.active += sum.active;
    team.updated += sum.updated;
    teamSums.set(teamId, team);
  }
  const names = new Map(users.map((user) => [user.id, user.name]));
  const byOwner = [...ownerSums].map(([ownerId, sum]) => ({
    ownerId,
    name: names.get(ownerId) ?? null,
    teamId: teamOf.get(ownerId) ?? null,
    ...rateOf(sum.active, sum.updated),
    series: periods.map((period) => period.byOwner.get(ownerId)?.rate ?? null),
  }));
  // Lowest rate first: the rep who needs a word comes first; no active deals last.
  byOwner.sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || (a.name ?? '').localeCompare(b.name ?? ''));
  const totalActive = periods.reduce((sum, period) => sum + period.total.active, 0);
  const totalUpdated = periods.reduce((sum, period) => sum + period.total.updated, 0);
  return {
    from,
    to,
    granularity: data.granularity,
    windowDays,
    workdays: settings.workdays,
    total: rateOf(totalActive, totalUpdated),
    series: periods.map((period) => ({ period: period.period, ...period.total })),
    byOwner,
    byTeam: [...teamSums].map(([teamId, sum]) => ({ teamId, ...rateOf(sum.active, sum.updated) })),
  };
}
