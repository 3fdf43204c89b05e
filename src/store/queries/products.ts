import { type Selectable, sql } from 'kysely';
import type { Q } from '../dialect.js';
import type { ProductsTable } from '../schema.js';

export type ProductRow = Selectable<ProductsTable>;

export async function insertProduct(db: Q, row: ProductRow): Promise<void> {
  await db.insertInto('products').values(row).execute();
}

/** The product of the organisation with this SKU, if any (SKUs name one product each). */
export async function findProductBySku(db: Q, orgId: string, sku: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('products').select('id').where('org_id', '=', orgId).where('sku', '=', sku).executeTakeFirst();
}

export interface ProductListQuery {
  includeInactive: boolean;
  /** Case-insensitive substring of the name or SKU (the catalogue is small: no text index needed). */
  text?: string;
  limit: number;
  after?: { value: string; id: string };
  count: boolean;
}

/** One keyset page of the organisation's catalogue by name, plus the total when asked. */
export async function listProducts(
  db: Q,
  orgId: string,
  query: ProductListQuery,
): Promise<{ rows: ProductRow[]; total?: number }> {
  let q = db.selectFrom('products').where('products.org_id', '=', orgId);
  if (!query.includeInactive) q = q.where('products.active', '=', 1);
  if (query.text) {
    const pattern = `%${query.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Standard LIKE … ESCAPE, the same on both engines (SQLite has no default escape character).
    q = q.where(
      sql<boolean>`(lower(products.name) LIKE ${pattern} ESCAPE '\\' OR lower(products.sku) LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  const filtered = q;
  if (query.after) {
    const { value, id } = query.after;
    q = q.where((eb) =>
      eb.or([eb('products.name', '>', value), eb.and([eb('products.name', '=', value), eb('products.id', '>', id)])]),
    );
  }
  const rows = await q
    .selectAll('products')
    .orderBy('products.name', 'asc')
    .orderBy('products.id', 'asc')
    .limit(query.limit)
    .execute();
  let total: number | undefined;
  if (query.count) {
    const row = await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    total = Number(row.n);
  }
  return { rows, total };
}
