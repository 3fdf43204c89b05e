import { DealListQuerySchema } from '../contract/deals.js';
import { parseInput } from '../contract/validate.js';
import { invalid } from '../domain/problem.js';
import { queryTerms } from '../domain/search-tokens.js';
import { lightCutoffs } from '../domain/status-light.js';
import { DEAL_SORTS, type DealSortKey, listDeals } from '../store/queries/deals.js';
import { type CommandContext, requirePermission } from './context.js';

const NULLABLE_SORT_KEYS = new Set<DealSortKey>(['expectedCloseDate', 'lastFollowupAt']);

/** The ledger: one page of the deals the actor may see, with filters and sort from the query string. */
export async function listDealsPage(ctx: CommandContext, query: unknown) {
  requirePermission(ctx.actor, 'readDeals');
  const data = parseInput(DealListQuerySchema, query);
  // A stalled list reads best longest-stalled first, which is also the order its index holds.
  const sortParam = data.sort ?? (data.stalledDays !== undefined ? 'lastActivityAt' : '-updatedAt');
  const descending = sortParam.startsWith('-');
  const sort = sortParam.replace(/^-/, '') as DealSortKey;
  let after: { value: string | number | null; id: string } | undefined;
  if (data.cursor) {
    try {
      const parsed = JSON.parse(Buffer.from(data.cursor, 'base64url').toString()) as unknown;
      if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sortParam || typeof parsed[2] !== 'string') throw new Error('shape');
      // The value is compared with the sort column: a forged one of another type would be an SQL error.
      const value: unknown = parsed[1];
      const fits = sort === 'amount' ? Number.isSafeInteger(value) : typeof value === 'string' || (value === null && NULLABLE_SORT_KEYS.has(sort));
      if (!fits) throw new Error('value');
      after = { value: parsed[1] as string | number | null, id: parsed[2] };
    } catch {
      throw invalid([{ field: 'cursor', message: { zh: '翻页游标无效（排序变了请从第一页开始）', en: 'Invalid cursor (start from the first page when the sort changes)' } }]);
    }
  }
  const stages = data.stage ? data.stage.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const unknown = (stages ?? []).filter((key) => !ctx.org.stages.some((stage) => stage.key === key));
  if (unknown.length > 0) throw invalid([{ field: 'stage', message: { zh: `没有这个阶段：${unknown.join(', ')}`, en: `Unknown stage: ${unknown.join(', ')}` } }]);
  const terms = data.q ? queryTerms(data.q) : undefined;
  const { rows, total } = await listDeals(ctx.db, ctx.actor, {
    filters: {
      stages, ownerId: data.ownerId === 'me' ? ctx.actor.userId : data.ownerId, teamId: data.teamId, accountId: data.accountId, light: data.light, stalledDays: data.stalledDays,
      terms: terms && terms.length > 0 ? terms : undefined, closeFrom: data.closeFrom, closeTo: data.closeTo,
      amountMin: data.amountMin, amountMax: data.amountMax, status: data.status,
    },
    sort,
    descending,
    limit: data.limit + 1,
    after,
    count: data.count === 'true',
  }, { cutoffs: lightCutoffs(ctx.now, ctx.org.timezone, ctx.org.settings.light, ctx.org.stages), stages: ctx.org.stages, now: ctx.now });
  const page = rows.slice(0, data.limit);
  const last = page[page.length - 1];
  const column = DEAL_SORTS[sort];
  const nextCursor = rows.length > data.limit && last
    ? Buffer.from(JSON.stringify([sortParam, last[column], last.id])).toString('base64url')
    : null;
  return { rows: page, nextCursor, total };
}
