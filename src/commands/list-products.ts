import { ProductListQuerySchema } from '../contract/accounts.js';
import { parseInput } from '../contract/validate.js';
import { invalid } from '../domain/problem.js';
import { listProducts } from '../store/queries/products.js';
import { type CommandContext, requirePermission } from './context.js';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.js';

/** One page of the product catalogue by name; everyone in the organisation reads it (line items need it). */
export async function listProductsPage(ctx: CommandContext, query: unknown) {
  requirePermission(ctx.actor, 'readAccounts');
  const data = parseInput(ProductListQuerySchema, query);
  const after = data.cursor ? decodeKeysetCursor(data.cursor, 'name') : undefined;
  if (after === null || (after && typeof after.value !== 'string'))
    throw invalid([{ field: 'cursor', message: { zh: '翻页游标无效', en: 'Invalid cursor' } }]);
  const { rows, total } = await listProducts(ctx.db, ctx.org.id, {
    includeInactive: data.includeInactive === 'true',
    text: data.q?.trim() || undefined,
    limit: data.limit + 1,
    after: after ? { value: after.value as string, id: after.id } : undefined,
    count: data.count === 'true',
  });
  const page = rows.slice(0, data.limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor: rows.length > data.limit && last ? encodeKeysetCursor('name', last.name, last.id) : null,
    total,
  };
}
