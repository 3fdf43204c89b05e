import { type AuditLogFilter, AuditLogQuerySchema } from '../contract/audit.js';
import { parseInput } from '../contract/validate.js';
import { invalid } from '../domain/problem.js';
import { addDays, startOfDateInZone } from '../domain/time.js';
import { type AuditLogFilters, listAuditLog } from '../store/queries/audit.js';
import { type CommandContext, requirePermission } from './context.js';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.js';

const SORT = 'at-desc';

/** The store's filters for the log's query filters: days of the organisation's calendar become instants. */
export function auditLogFilters(ctx: CommandContext, data: AuditLogFilter): AuditLogFilters {
  if (data.from && data.to && data.from > data.to)
    throw invalid([
      { field: 'from', message: { zh: '开始日期不能晚于结束日期', en: 'must not be after the end date' } },
    ]);
  const zone = ctx.org.timezone;
  return {
    entity: data.entity,
    entityId: data.id,
    actorId: data.actorId,
    action: data.action,
    fromAt: data.from ? startOfDateInZone(data.from, zone).toISOString() : undefined,
    toAt: data.to ? startOfDateInZone(addDays(data.to, 1), zone).toISOString() : undefined,
  };
}

/** One page of the organisation's audit log (admins only), newest first, filtered. */
export async function listAuditLogPage(ctx: CommandContext, query: unknown) {
  requirePermission(ctx.actor, 'manageOrg');
  const data = parseInput(AuditLogQuerySchema, query);
  let before: { at: string; id: string } | undefined;
  if (data.cursor) {
    const decoded = decodeKeysetCursor(data.cursor, SORT);
    if (!decoded || typeof decoded.value !== 'string')
      throw invalid([{ field: 'cursor', message: { zh: '翻页游标无效', en: 'Invalid cursor' } }]);
    before = { at: decoded.value, id: decoded.id };
  }
  const rows = await listAuditLog(ctx.db, ctx.org.id, auditLogFilters(ctx, data), { limit: data.limit + 1, before });
  const page = rows.slice(0, data.limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor: rows.length > data.limit && last ? encodeKeysetCursor(SORT, last.at, last.id) : null,
  };
}
