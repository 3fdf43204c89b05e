import { COLLECTION_MAX_MONTHS, COLLECTION_OVERDUE_CAP, CollectionReportQuerySchema } from '../contract/reports.js';
import { parseInput } from '../contract/validate.js';
import { invalid } from '../domain/problem.js';
import { dateInZone, daysBetweenDates } from '../domain/time.js';
import {
  type CollectionScope,
  overdueByOwner,
  overdueInstalments,
  plannedByMonth,
  receivedByMonth,
} from '../store/queries/collection.js';
import { listUsers } from '../store/queries/users.js';
import { type CommandContext, requirePermission } from './context.js';

/** The month `offset` months after a YYYY-MM month. */
function addMonths(month: string, offset: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + offset;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

interface OwnerSums {
  planned: number;
  received: number;
  outstanding: number;
  overdue: number;
  overdueCount: number;
}

/**
 * Payment collection (回款) over a month range: planned (instalments by due month) against received
 * (receipts by received month), the overdue instalments, and per-owner totals — over the deals the actor
 * may read (finance, admin and viewers all; managers their team's; sales their own and shared ones).
 */
export async function reportCollection(ctx: CommandContext, query: unknown) {
  requirePermission(ctx.actor, 'readDeals');
  const data = parseInput(CollectionReportQuerySchema, query);
  const today = dateInZone(ctx.now, ctx.org.timezone);
  const to = data.to ?? today.slice(0, 7);
  const from = data.from ?? addMonths(to, -5);
  if (from > to)
    throw invalid([
      { field: 'from', message: { zh: '开始月份不能晚于结束月份', en: 'must not be after the end month' } },
    ]);
  if (monthsBetween(from, to).length > COLLECTION_MAX_MONTHS) {
    throw invalid([
      {
        field: 'from',
        message: {
          zh: `一次最多查询 ${COLLECTION_MAX_MONTHS} 个月`,
          en: `at most ${COLLECTION_MAX_MONTHS} months per request`,
        },
      },
    ]);
  }
  const scope: CollectionScope = { actor: ctx.actor, ownerId: data.ownerId, teamId: data.teamId };
  // Dates are YYYY-MM-DD text: "-31" bounds every month from above.
  const fromDate = `${from}-01`;
  const toDate = `${to}-31`;
  const [planned, received, overdueRows, overdueOwners, users] = await Promise.all([
    plannedByMonth(ctx.db, scope, fromDate, toDate),
    receivedByMonth(ctx.db, scope, fromDate, toDate),
    overdueInstalments(ctx.db, scope, today, COLLECTION_OVERDUE_CAP),
    overdueByOwner(ctx.db, scope, today),
    listUsers(ctx.db, ctx.org.id),
  ]);
  const names = new Map(users.map((user) => [user.id, user.name]));

  const months = new Map(monthsBetween(from, to).map((month) => [month, { planned: 0, received: 0 }]));
  const owners = new Map<string, OwnerSums>();
  const owner = (ownerId: string) => {
    let sums = owners.get(ownerId);
    if (!sums) owners.set(ownerId, (sums = { planned: 0, received: 0, outstanding: 0, overdue: 0, overdueCount: 0 }));
    return sums;
  };
  for (const row of planned) {
    months.get(row.month)!.planned += row.amount;
    const sums = owner(row.ownerId);
    sums.planned += row.amount;
    sums.outstanding += row.outstanding;
  }
  for (const row of received) {
    months.get(row.month)!.received += row.amount;
    owner(row.ownerId).received += row.amount;
  }
  for (const row of overdueOwners) {
    const sums = owner(row.ownerId);
    sums.overdue += row.outstanding;
    sums.overdueCount += row.count;
  }

  const byOwner = [...owners]
    .map(([ownerId, sums]) => ({ ownerId, name: names.get(ownerId) ?? null, ...sums }))
    // Most overdue first, then most outstanding: who finance calls first.
    .sort(
      (a, b) => b.overdue - a.overdue || b.outstanding - a.outstanding || (a.name ?? '').localeCompare(b.name ?? ''),
    );
  const sum = (key: keyof OwnerSums) => byOwner.reduce((total, row) => total + row[key], 0);
  const totalPlanned = sum('planned');
  const totalReceived = sum('received');
  return {
    from,
    to,
    today,
    months: [...months].map(([month, sums]) => ({ month, ...sums, gap: sums.planned - sums.received })),
    total: {
      planned: totalPlanned,
      received: totalReceived,
      gap: totalPlanned - totalReceived,
      outstanding: sum('outstanding'),
      overdue: sum('overdue'),
    },
    overdueCount: sum('overdueCount'),
    overdue: overdueRows.map((row) => ({
      ...row,
      ownerName: names.get(row.ownerId) ?? null,
      outstanding: row.amount - row.received,
      daysOverdue: daysBetweenDates(row.dueDate, today),
    })),
    byOwner,
  };
}
