import type { FastifyInstance } from 'fastify';
import { createProduct } from '../../../commands/create-product.js';
import { listProductsPage } from '../../../commands/list-products.js';
import { ProductCreateSchema, ProductListQuerySchema, ProductSchema } from '../../../contract/accounts.js';
import { commandContext } from '../../context.js';
import { presentProduct } from '../../present-accounts.js';
import { listOf, problemResponses } from '../openapi.js';

const tags = ['products'];

export async function productRoutes(app: FastifyInstance) {
  app.get(
    '/api/products',
    {
      schema: {
        tags,
        summary: 'The product catalogue by name (active only unless includeInactive=true)',
        querystring: ProductListQuerySchema,
        response: { 200: listOf(ProductSchema), ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const page = await listProductsPage(ctx, req.query);
      return {
        items: page.rows.map(presentProduct),
        nextCursor: page.nextCursor,
        ...(page.total !== undefined ? { total: page.total } : {}),
      };
    },
  );

  app.post(
    '/api/products',
    {
      schema: {
        tags,
        summary: 'Admin: add a product (unit price in minor units)',
        body: ProductCreateSchema,
        response: { 201: ProductSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      const ctx = await commandContext(req);
      const row = await createProduct(ctx, req.body);
      reply.status(201);
      return presentProduct(row);
    },
  );
}
