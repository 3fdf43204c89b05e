import { DealListQuerySchema } from '../contract/deals.js';
import { parseInput } from '../contract/validate.js';
import { seesWholeOrganisation } from '../domain/actor.js';
import { invalid } from '../domain/problem.js';
import { queryTerms } from '../domain/search-tokens.js';
import { lightCutoffs } from '../domain/status-light.js';
import { type DealDocRow, type DealListQuery, type DealSortKey, listDealDocs } from '../store/queries/deals.js';
import { type CommandContext, requirePermission } from './context.js';

const NULLABLE_SORT_KEYS = new Set<DealSortKey>(['expectedCloseDate', 'lastFollowupAt']);

/** The ledger's query string read into a store query: filters, sort, cursor, page size. */
function ledgerQuery(ctx: CommandContext, query: unknown) {
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
      if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sortParam || typeof parsed[2] !== 'string')
        throw new Error('shape');
      // The value is compared with the sort column: a forged one of another type would be an SQL error.
      const value: unknown = parsed[1];
      const fits =
        sort === 'amount'
          ? Number.isSafeInteger(value)
          : typeof value === 'string' || (value === null && NULLABLE_SORT_KEYS.has(sort));
      if (!fits) throw new Error('value');
      after = { value: parsed[1] as string | number | null, id: parsed[2] };
    } catch {
      throw invalid([
        {
          field: 'cursor',
          message: {
            zh: '翻页游标无效（排序变了请从第一页开始）',
            en: 'Invalid cursor (start from the first page when the sort changes)',
          },
        },
      ]);
    }
  }
  const stages = data.stage
    ? data.stage
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
  const unknown = (stages ?? []).filter((key) => !ctx.org.stages.some((stage) => stage.key === key));
  if (unknown.length > 0)
    throw invalid([
      {
        field: 'stage',
        message: { zh: `没有这个阶段：${unknown.join(', ')}`, en: `Unknown stage: ${unknown.join(', ')}` },
      },
    ]);
  const terms = data.q ? queryTerms(data.q) : undefined;
  const listQuery: DealListQuery = {
    filters: {
      stages,
      ownerId: data.ownerId === 'me' ? ctx.actor.userId : data.ownerId,
      teamId: data.teamId,
      accountId: data.accountId,
      light: data.light,
      stalledDays: data.stalledDays,
      terms: terms && terms.length > 0 ? terms : undefined,
      closeFrom: data.closeFrom,
      closeTo: data.closeTo,
      amountMin: data.amountMin,
      amountMax: data.amountMax,
      status: data.status,
    },
    sort,
    descending,
    limit: data.limit + 1,
    after,
    count: data.count === 'true',
  };
  const light = {
    cutoffs: lightCutoffs(ctx.now, ctx.org.timezone, ctx.org.settings.light, ctx.org.stages),
    stages: ctx.org.stages,
    now: ctx.now,
  };
  return { listQuery, light, sortParam, limit: data.limit };
}

/** The page of `limit` rows out of limit + 1 read, and the cursor to the next page when there is one. */
function keysetPage<R extends { id: string }>(
  rows: R[],
  limit: number,
  sortParam: string,
  sortValue: (row: R) => unknown,
) {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify([sortParam, sortValue(last), last.id])).toString('base64url')
      : null;
  return { rows: page, nextCursor };
}

export interface LedgerPage {
  rows: DealDocRow[];
  nextCursor: string | null;
  total?: number;
}

/**
 * The ledger: one page of the deals the actor may see, with filters and sort from the query string, each
 * deal as the JSON document the store writes (store/queries/deals DealDocRow).
 *
 * A page asked for again while the organisation's ledger version and settings version stand still is
 * answered from the instance's page cache: the versions move in the same transaction as any change to what
 * the page lists, and the sign-in check has just read them, so a cached page is never older than the
 * database. The light and days in stage are presented per request; pages filtered by light or stalled days
 * (which depend on the time as well as on the data) are never cached.
 */
export async function listDealsPage(ctx: CommandContext, query: unknown): Promise<LedgerPage> {
  const { listQuery, light, sortParam, limit } = ledgerQuery(ctx, query);
  const { actor } = ctx;
  const cache =
    ctx.ledger && listQuery.filters.light === undefined && listQuery.filters.stalledDays === undefined
      ? ctx.ledger
      : undefined;
  // Who reads decides which deals are visible: whole-organisation roles all see the same ones.
  const reader = seesWholeOrganisation(actor) ? 'organisation' : [actor.role, actor.userId, actor.teamId];
  const key = cache && JSON.stringify(['deals', actor.orgId, ctx.org.version, cache.version, reader, listQuery]);
  const cached = key ? (cache.pages.get(key) as LedgerPage | undefined) : undefined;
  if (cached) return cached;
  const { rows, total } = await listDealDocs(ctx.db, actor, listQuery, light);
  const page: LedgerPage = { ...keysetPage(rows, limit, sortParam, (row) => row.sort_value), total };
  if (key)
    cache.pages.set(
      key,
      page,
      page.rows.reduce((bytes, row) => bytes + row.doc.length + 400, 400),
    );
  return page;
}
