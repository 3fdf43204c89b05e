import { addDays, dateInZone, daysBetweenDates, isoWeekday } from './time.js';

/**
 * Update rate (台账更新率): of the deals active on a day, the share touched (a follow-up, a stage change,
 * or being created) within the expected window ending that day. A window of 1 day means "today".
 */

/** A deal as the update rate sees it: who owns it and when it was alive and open. */
export interface RateDeal {
  id: string;
  ownerId: string;
  createdAt: string;
  /** When it was won or lost; null while open. */
  closedAt: string | null;
  deletedAt: string | null;
}

export interface RateCount {
  active: number;
  updated: number;
  /** updated / active, 0…1 rounded to 4 places; null without active deals. */
  rate: number | null;
}

export interface DayRates {
  date: string;
  total: RateCount;
  byOwner: Map<string, RateCount>;
}

export function rateOf(active: number, updated: number): RateCount {
  return { active, updated, rate: active === 0 ? null : Math.round((updated / active) * 10_000) / 10_000 };
}

/** The dates from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) out.push(date);
  return out;
}

/**
 * Per day of [from, to]: the deals active at some point of the day (created by its end, not closed or
 * deleted before it) and how many of those were touched in the `windowDays` days ending that day.
 * `touches` are instants of follow-ups and stage changes per deal id.
 */
export function dailyUpdateRates(
  deals: RateDeal[],
  touches: Map<string, string[]>,
  from: string,
  to: string,
  windowDays: number,
  timeZone: string,
): DayRates[] {
  const days = datesBetween(from, to);
  const active = days.map(() => new Map<string, { active: number; updated: number }>());
  const local = (instant: string) => dateInZone(new Date(instant), timeZone);
  for (const deal of deals) {
    const created = local(deal.createdAt);
    // A deal closed (or deleted) on a day still counts for that day: the closing move is its update.
    const lastActive = [deal.closedAt, deal.deletedAt]
      .filter((v): v is string => v !== null)
      .map(local)
      .sort()[0];
    const touched = new Set<string>([created, ...(touches.get(deal.id) ?? []).map(local)]);
    const touchedDays = [...touched].sort();
    for (let i = 0; i < days.length; i++) {
      const day = days[i];
      if (created > day || (lastActive !== undefined && lastActive < day)) continue;
      const windowStart = addDays(day, -(windowDays - 1));
      const updated = touchedDays.some((date) => date >= windowStart && date <= day);
      const count = active[i].get(deal.ownerId) ?? { active: 0, updated: 0 };
      count.active++;
      if (updated) count.updated++;
      active[i].set(deal.ownerId, count);
    }
  }
  return days.map((date, i) => {
    const byOwner = new Map<string, RateCount>();
    let sumActive = 0;
    let sumUpdated = 0;
    for (const [ownerId, count] of active[i]) {
      byOwner.set(ownerId, rateOf(count.active, count.updated));
      sumActive += count.active;
      sumUpdated += count.updated;
    }
    return { date, total: rateOf(sumActive, sumUpdated), byOwner };
  });
}

/** The Monday of a date's ISO week. */
export function weekStart(date: string): string {
  return addDays(date, -(isoWeekday(date) - 1));
}

/**
 * Days folded into periods (a day each, or ISO weeks named by their Monday): a period's rate is
 * updated deal-days over active deal-days, so a week weighs each day by its active deals. Only days
 * in `workdays` count (a weekend without updates is not a lapse).
 */
export function foldPeriods(
  days: DayRates[],
  granularity: 'day' | 'week',
  workdays: number[],
): { period: string; total: RateCount; byOwner: Map<string, RateCount> }[] {
  const periods = new Map<
    string,
    { active: number; updated: number; owners: Map<string, { active: number; updated: number }> }
  >();
  for (const day of days) {
    if (!workdays.includes(isoWeekday(day.date))) continue;
    const key = granularity === 'day' ? day.date : weekStart(day.date);
    const period = periods.get(key) ?? { active: 0, updated: 0, owners: new Map() };
    period.active += day.total.active;
    period.updated += day.total.updated;
    for (const [ownerId, count] of day.byOwner) {
      const owner = period.owners.get(ownerId) ?? { active: 0, updated: 0 };
      owner.active += count.active;
      owner.updated += count.updated;
      period.owners.set(ownerId, owner);
    }
    periods.set(key, period);
  }
  return [...periods.entries()].map(([period, sum]) => ({
    period,
    total: rateOf(sum.active, sum.updated),
    byOwner: new Map([...sum.owners].map(([ownerId, count]) => [ownerId, rateOf(count.active, count.updated)])),
  }));
}

/** How far back touches must be read to judge the first day of a range. */
export function touchesFrom(from: string, windowDays: number): string {
  return addDays(from, -(windowDays - 1));
}

/** Days in a range, both ends included (for request limits). */
export function rangeDays(from: string, to: string): number {
  return daysBetweenDates(from, to) + 1;
}
