import type { FastifyInstance } from 'fastify';
import { createProduct } from '../../../commands/create-product.js';
import { listProductsPage } from '../../../commands/list-products.js';
import { commandContext } from '../../context.js';
import { presentProduct } from '../../present-accounts.js';
import { defineRoute } from '../define-route.js';

const tags = ['products'];

export async function productRoutes(app: FastifyInstance) {
  defineRoute(app, 'GET /api/products', async (req) => {
    const ctx = await commandContext(req);
    const page = await listProductsPage(ctx, req.query);
    return {
      items: page.rows.map(presentProduct),
      nextCursor: page.nextCursor,
      ...(page.total !== undefined ? { total: page.total } : {}),
    };
  });

  defineRoute(app, 'POST /api/products', async (req, reply) => {
    const ctx = await commandContext(req);
    const row = await createProduct(ctx, req.body);
    return presentProduct(row);
  });
}
