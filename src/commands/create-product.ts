import { ProductCreateSchema } from '../contract/accounts.js';
import { parseInput } from '../contract/validate.js';
import { Problem } from '../domain/problem.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { findProductBySku, insertProduct, type ProductRow } from '../store/queries/products.js';
import { textOrNull } from './account-rules.js';
import { type CommandContext, requirePermission } from './context.js';

/** Admin adds a product to the catalogue (unit price in minor units; a SKU names one product). */
export async function createProduct(ctx: CommandContext, input: unknown): Promise<ProductRow> {
  const { actor, org, now } = ctx;
  requirePermission(actor, 'manageOrg');
  const data = parseInput(ProductCreateSchema, input);
  return ctx.db.transaction().execute(async (trx) => {
    const sku = textOrNull(data.sku);
    if (sku && (await findProductBySku(trx, org.id, sku))) {
      throw new Problem('conflict', { zh: `SKU「${sku}」已存在`, en: `SKU "${sku}" already exists` }, [
        { field: 'sku', message: { zh: '该 SKU 已存在', en: 'already used by another product' } },
      ]);
    }
    const at = now.toISOString();
    const row: ProductRow = {
      id: newId(now.getTime()),
      org_id: org.id,
      name: data.name.trim(),
      sku,
      unit_price: data.unitPrice,
      currency: data.currency ?? org.currency,
      active: data.active === false ? 0 : 1,
      created_at: at,
      updated_at: at,
    };
    await insertProduct(trx, row);
    await writeAudit(trx, actor, now, {
      entity: 'product',
      entityId: row.id,
      action: 'create',
      changes: [
        { field: 'name', from: null, to: row.name },
        { field: 'sku', from: null, to: row.sku },
        { field: 'unitPrice', from: null, to: row.unit_price },
        { field: 'currency', from: null, to: row.currency },
        { field: 'active', from: null, to: row.active === 1 },
      ],
    });
    return row;
  });
}
