import { AccountListQuerySchema } from '../contract/accounts.js';
import { parseInput } from '../contract/validate.js';
import { invalid } from '../domain/problem.js';
import { queryTerms } from '../domain/search-tokens.js';
import { ACCOUNT_SORTS, type AccountSortKey, listAccounts } from '../store/queries/accounts.js';
import { type CommandContext, requirePermission } from './context.js';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.js';

/** One page of the organisation's accounts: `q` (zh/en text search), owner/industry/tier filters, keyset paging. */
export async function listAccountsPage(ctx: CommandContext, query: unknown) {
  requirePermission(ctx.actor, 'readAccounts');
  const data = parseInput(AccountListQuerySchema, query);
  const descending = data.sort.startsWith('-');
  const sort = data.sort.replace(/^-/, '') as AccountSortKey;
  let after: { value: string; id: string } | undefined;
  if (data.cursor) {
    const decoded = decodeKeysetCursor(data.cursor, data.sort);
    if (!decoded || typeof decoded.value !== 'string') {
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
    after = { value: decoded.value, id: decoded.id };
  }
  const terms = data.q ? queryTerms(data.q) : [];
  // A query with nothing searchable in it ("!!") matches nothing rather than everything.
  if (data.q && data.q.trim() !== '' && terms.length === 0)
    return { rows: [], nextCursor: null, total: data.count === 'true' ? 0 : undefined };
  const { rows, total } = await listAccounts(ctx.db, ctx.actor, {
    filters: {
      ownerId: data.ownerId,
      industry: data.industry,
      tier: data.tier,
      terms: terms.length > 0 ? terms : undefined,
    },
    sort,
    descending,
    limit: data.limit + 1,
    after,
    count: data.count === 'true',
  });
  const page = rows.slice(0, data.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > data.limit && last ? encodeKeysetCursor(data.sort, last[ACCOUNT_SORTS[sort]], last.id) : null;
  return { rows: page, nextCursor, total };
}
