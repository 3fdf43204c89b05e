import { ATTACHMENT_TYPES, type AttachmentEntity } from '../contract/attachments.js';
import type { Actor } from '../domain/actor.js';
import { can } from '../domain/actor.js';
import type { Text } from '../domain/i18n.js';
import { forbidden, notFound } from '../domain/problem.js';
import type { Q } from '../store/dialect.js';
import { findVisibleAccount } from '../store/queries/accounts.js';
import type { AttachmentRow } from '../store/queries/attachments.js';
import { findVisibleDeal } from '../store/queries/deals.js';
import type { AccountRow, DealRow } from '../store/schema.js';
import { mayWriteAccount } from './account-rules.js';

export const ATTACHMENT_NOT_FOUND: Text = { zh: '找不到该附件', en: 'Attachment not found' };

export type AttachmentParent = { entity: 'deal'; row: DealRow } | { entity: 'account'; row: AccountRow };

/** The record an attachment hangs off, if the actor may read it (deals: deal visibility; accounts: the organisation). */
export async function findReadableParent(
  db: Q,
  actor: Actor,
  entity: AttachmentEntity,
  id: string,
): Promise<AttachmentParent | undefined> {
  if (entity === 'deal') {
    const row = can(actor, 'readDeals') ? await findVisibleDeal(db, actor, id) : undefined;
    return row ? { entity, row } : undefined;
  }
  const row = can(actor, 'readAccounts') ? await findVisibleAccount(db, actor, id) : undefined;
  return row ? { entity, row } : undefined;
}

/** 404 unless the actor may read the parent record. */
export async function requireReadableParent(
  db: Q,
  actor: Actor,
  entity: AttachmentEntity,
  id: string,
): Promise<AttachmentParent> {
  const parent = await findReadableParent(db, actor, entity, id);
  if (!parent)
    throw notFound(
      entity === 'deal'
        ? { zh: '找不到该商机', en: 'Deal not found' }
        : { zh: '找不到该客户', en: 'Account not found' },
    );
  return parent;
}

/** Attaching: admin, manager, sales and marketing, to any record they can see. */
export function requireAttachmentWrite(actor: Actor): void {
  if (!can(actor, 'writeAttachments'))
    throw forbidden({ zh: '你的角色不能上传附件', en: 'Your role may not upload attachments' });
}

/** Removing: admins, managers, the uploader, and whoever may change the parent (deal owner, account writer). */
export async function requireAttachmentDelete(
  db: Q,
  actor: Actor,
  attachment: AttachmentRow,
  parent: AttachmentParent,
): Promise<void> {
  if (actor.role === 'admin' || attachment.uploaded_by === actor.userId) return;
  if (can(actor, 'writeAttachments')) {
    if (actor.role === 'manager') return;
    if (parent.entity === 'deal' && parent.row.owner_id === actor.userId) return;
    if (parent.entity === 'account' && (await mayWriteAccount(db, actor, parent.row))) return;
  }
  throw forbidden({
    zh: '只有上传人、负责人或主管可以删除附件',
    en: 'Only the uploader, the record’s owner or a manager may remove an attachment',
  });
}

/** The extension of a file name (lower case, no dot), or ''. */
export function extensionOf(fileName: string): string {
  const match = /\.([A-Za-z0-9]+)$/.exec(fileName);
  return match ? match[1]!.toLowerCase() : '';
}

/** The media type a file is stored and served as, or undefined when its type is not accepted. */
export function acceptedMediaType(fileName: string): string | undefined {
  return ATTACHMENT_TYPES[extensionOf(fileName)];
}

/** A file name safe to keep: no folders, no control characters, at most 200 characters (extension kept). */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (clean.length <= 200) return clean;
  const ext = extensionOf(clean);
  return ext ? `${clean.slice(0, 199 - ext.length)}.${ext}` : clean.slice(0, 200);
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}
