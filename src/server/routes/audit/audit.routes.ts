import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import type { CommandContext } from '../../../commands/context.js';
import { exportAuditCsv } from '../../../commands/export-audit-csv.js';
import { listAuditLogPage } from '../../../commands/list-audit-log.js';
import { listAuditTrail } from '../../../commands/list-audit-trail.js';
import { namesFor } from '../../../store/queries/deals.js';
import type { AuditLogTable } from '../../../store/schema.js';
import { commandContext } from '../../context.js';
import { defineRoute } from '../define-route.js';

export async function auditRoutes(app: FastifyInstance) {
  defineRoute(app, 'GET /api/audit', async (req) => {
    const ctx = await commandContext(req);
    const page = await listAuditTrail(ctx, req.query);
    const items = await presentAuditRows(ctx, page.rows);
    return {
      items: items.map((item) => {
        const file = page.attachments.get(item.id);
        return file
          ? {
              ...item,
              attachment: {
                id: file.id,
                fileName: file.file_name,
                downloadUrl: `/api/attachments/${file.id}/download`,
              },
            }
          : item;
      }),
      nextCursor: page.nextCursor,
    };
  });

  defineRoute(app, 'GET /api/audit/log', async (req) => {
    const ctx = await commandContext(req);
    const page = await listAuditLogPage(ctx, req.query);
    return { items: await presentAuditRows(ctx, page.rows), nextCursor: page.nextCursor };
  });

  defineRoute(app, 'GET /api/audit.csv', async (req, reply) => {
    const ctx = await commandContext(req);
    const csv = await exportAuditCsv(ctx, req.query, req.lang);
    const day = ctx.now.toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${day}.csv"`)
      .send(csv);
  });
}

/** Audit rows as the API answers them, with the names of who acted. */
async function presentAuditRows(ctx: CommandContext, rows: Selectable<AuditLogTable>[]) {
  const names = await namesFor(
    ctx.db,
    ctx.org.id,
    rows.flatMap((row) => (row.actor_id ? [row.actor_id] : [])),
    [],
  );
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_id ? (names.users.get(row.actor_id) ?? null) : null,
    action: row.action,
    field: row.field,
    from: row.from_value,
    to: row.to_value,
    entity: row.entity,
    entityId: row.entity_id,
  }));
}
