import { AuditQuerySchema } from '../contract/audit.js';
import { parseInput } from '../contract/validate.js';
import type { Actor } from '../domain/actor.js';
import { can } from '../domain/actor.js';
import { forbidden, invalid, notFound } from '../domain/problem.js';
import type { Q } from '../store/dialect.js';
import { findVisibleAccount } from '../store/queries/accounts.js';
import { type AttachmentRow, getAttachmentRow, liveAttachmentsUploadedAt } from '../store/queries/attachments.js';
import { auditSubjectExists, listAudit, receiptPaymentId } from '../store/queries/audit.js';
import { findVisibleContact } from '../store/queries/contacts.js';
import { findVisibleDeal } from '../store/queries/deals.js';
import { findPaymentIncludingDeleted } from '../store/queries/payments.js';
import { findVisibleTask } from '../store/queries/tasks.js';
import { findReadableParent } from './attachment-rules.js';
import type { CommandContext } from './context.js';

/**
 * Whether the actor may read a record, per audited entity: "anyone who may read a record may read its
 * audit trail" (API.md). Deleted records keep their trail (it says who deleted them).
 */
const READABLE: Record<string, (db: Q, actor: Actor, id: string) => Promise<boolean>> = {
  deal: async (db, actor, id) =>
    can(actor, 'readDeals') && (await findVisibleDeal(db, actor, id, { includeDeleted: true })) !== undefined,
  account: async (db, actor, id) =>
    can(actor, 'readAccounts') && (await findVisibleAccount(db, actor, id, { includeDeleted: true })) !== undefined,
  contact: async (db, actor, id) =>
    can(actor, 'readAccounts') && (await findVisibleContact(db, actor, id, { includeDeleted: true })) !== undefined,
  // Instalments and receipts are read through their deal.
  payment: async (db, actor, id) => paymentDealVisible(db, actor, id),
  receipt: async (db, actor, id) => {
    const paymentId = await receiptPaymentId(db, actor.orgId, id);
    return paymentId !== undefined && paymentDealVisible(db, actor, paymentId);
  },
  user: async (db, actor, id) => adminOnly(actor, await auditSubjectExists(db, actor.orgId, 'user', id)),
  team: async (db, actor, id) => adminOnly(actor, await auditSubjectExists(db, actor.orgId, 'team', id)),
  organisation: async (_db, actor, id) => adminOnly(actor, id === actor.orgId),
  task: async (db, actor, id) => (await findVisibleTask(db, actor, id, { includeDeleted: true })) !== undefined,
  // An attachment's trail is readable by whoever may read the record it hangs on.
  attachment: async (db, actor, id) => {
    const attachment = await getAttachmentRow(db, id);
    return (
      attachment !== undefined &&
      attachment.org_id === actor.orgId &&
      (await findReadableParent(db, actor, attachment.entity, attachment.entity_id)) !== undefined
    );
  },
};

async function paymentDealVisible(db: Q, actor: Actor, paymentId: string): Promise<boolean> {
  const payment = await findPaymentIncludingDeleted(db, actor.orgId, paymentId);
  return (
    payment !== undefined &&
    can(actor, 'readDeals') &&
    (await findVisibleDeal(db, actor, payment.deal_id, { includeDeleted: true })) !== undefined
  );
}

/** Users, teams and the organisation: the record must exist (404 first), then only admins read the trail (403). */
function adminOnly(actor: Actor, exists: boolean): boolean {
  if (exists && !can(actor, 'manageOrg')) throw forbidden();
  return exists;
}

/** The audit trail of one record the actor may read, newest first; 404 when they may not read it. */
export async function listAuditTrail(ctx: CommandContext, query: unknown) {
  const data = parseInput(AuditQuerySchema, query);
  const readable = READABLE[data.entity];
  if (!readable) {
    const known = Object.keys(READABLE);
    throw invalid([
      { field: 'entity', message: { zh: `只能是：${known.join(' / ')}`, en: `must be one of: ${known.join(', ')}` } },
    ]);
  }
  let before: { at: string; id: string } | undefined;
  if (data.cursor) {
    try {
      const parsed = JSON.parse(Buffer.from(data.cursor, 'base64url').toString()) as unknown;
      if (
        !Array.isArray(parsed) ||
        parsed.length !== 2 ||
        typeof parsed[0] !== 'string' ||
        typeof parsed[1] !== 'string'
      )
        throw new Error('shape');
      before = { at: parsed[0], id: parsed[1] };
    } catch {
      throw invalid([{ field: 'cursor', message: { zh: '翻页游标无效', en: 'Invalid cursor' } }]);
    }
  }
  if (!(await readable(ctx.db, ctx.actor, data.id))) throw notFound();
  const rows = await listAudit(ctx.db, ctx.org.id, {
    entity: data.entity,
    entityId: data.id,
    limit: data.limit + 1,
    before,
  });
  const page = rows.slice(0, data.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > data.limit && last ? Buffer.from(JSON.stringify([last.at, last.id])).toString('base64url') : null;
  const attachments =
    data.entity === 'deal' || data.entity === 'account'
      ? await uploadedFiles(ctx, data.entity, data.id, page)
      : new Map<string, AttachmentRow>();
  return { rows: page, nextCursor, attachments };
}

/**
 * The files still attached behind the `attachment` rows of a deal's or account's trail, by audit row id:
 * the row and its attachment share the instant, the uploader and the file name. The caller has already
 * checked that the actor may read the record, which is what downloading needs.
 */
async function uploadedFiles(
  ctx: CommandContext,
  entity: 'deal' | 'account',
  id: string,
  rows: { id: string; at: string; action: string; actor_id: string | null; to_value: string | null }[],
) {
  const uploads = rows.filter((row) => row.action === 'attachment');
  const files = await liveAttachmentsUploadedAt(
    ctx.db,
    ctx.org.id,
    entity,
    id,
    uploads.map((row) => row.at),
  );
  const byRow = new Map<string, AttachmentRow>();
  for (const row of uploads) {
    const file = files.find(
      (f) => f.created_at === row.at && f.uploaded_by === row.actor_id && f.file_name === row.to_value,
    );
    if (file) byRow.set(row.id, file);
  }
  return byRow;
}
