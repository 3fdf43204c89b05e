import { AUDIT_CSV_MAX_ROWS, AuditLogFilterSchema } from '../contract/audit.js';
import { parseInput } from '../contract/validate.js';
import type { Lang } from '../domain/i18n.js';
import { listAuditLog } from '../store/queries/audit.js';
import { namesFor } from '../store/queries/deals.js';
import { type CommandContext, requirePermission } from './context.js';
import { auditLogFilters } from './list-audit-log.js';

const HEADERS: Record<Lang, string[]> = {
  'zh-CN': ['时间', '操作人', '操作人ID', '记录类型', '记录ID', '动作', '字段', '原值', '新值'],
  en: ['Time', 'Person', 'Person ID', 'Record type', 'Record ID', 'Action', 'Field', 'From', 'To'],
};

const BATCH = 1000;

/** One CSV field: quoted when it holds a separator, quote or line break; formula-leading text defused for spreadsheets. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The organisation's audit log (admins only) as CSV, newest first, with the same filters as the list:
 * UTF-8 with a byte-order mark so Excel reads Chinese correctly, header in the user's language.
 */
export async function exportAuditCsv(ctx: CommandContext, query: unknown, lang: Lang): Promise<string> {
  requirePermission(ctx.actor, 'manageOrg');
  const filters = auditLogFilters(ctx, parseInput(AuditLogFilterSchema, query));
  const lines = [HEADERS[lang].map(csvField).join(',')];
  let before: { at: string; id: string } | undefined;
  for (let count = 0; count < AUDIT_CSV_MAX_ROWS; ) {
    const rows = await listAuditLog(ctx.db, ctx.org.id, filters, {
      limit: Math.min(BATCH, AUDIT_CSV_MAX_ROWS - count),
      before,
    });
    if (rows.length === 0) break;
    const names = await namesFor(
      ctx.db,
      ctx.org.id,
      rows.flatMap((row) => (row.actor_id ? [row.actor_id] : [])),
      [],
    );
    for (const row of rows) {
      const person = row.actor_id ? (names.users.get(row.actor_id) ?? null) : null;
      lines.push(
        [row.at, person, row.actor_id, row.entity, row.entity_id, row.action, row.field, row.from_value, row.to_value]
          .map(csvField)
          .join(','),
      );
    }
    count += rows.length;
    const last = rows[rows.length - 1];
    before = { at: last.at, id: last.id };
    if (rows.length < BATCH) break;
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
