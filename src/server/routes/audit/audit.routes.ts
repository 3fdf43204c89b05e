import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listAuditTrail } from '../../../commands/list-audit-trail.js';
import { AuditItemSchema, AuditQuerySchema } from '../../../contract/audit.js';
import { namesFor } from '../../../store/queries/deals.js';
import { commandContext } from '../../context.js';
import { problemResponses } from '../openapi.js';

export async function auditRoutes(app: FastifyInstance) {
  app.get('/api/audit', {
    schema: {
      tags: ['audit'],
      summary: 'Audit trail of a record (who changed which field from what to what), newest first',
      querystring: AuditQuerySchema,
      response: { 200: z.object({ items: z.array(AuditItemSchema), nextCursor: z.string().nullable() }), ...problemResponses },
    },
  }, async (req) => {
    const ctx = await commandContext(req);
    const page = await listAuditTrail(ctx, req.query);
    const names = await namesFor(ctx.db, ctx.org.id, page.rows.flatMap((row) => (row.actor_id ? [row.actor_id] : [])), []);
    return {
      items: page.rows.map((row) => ({
        id: row.id, at: row.at, actorId: row.actor_id, actorName: row.actor_id ? names.users.get(row.actor_id) ?? null : null,
        action: row.action, field: row.field, from: row.from_value, to: row.to_value,
      })),
      nextCursor: page.nextCursor,
    };
  });
}
