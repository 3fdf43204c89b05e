import type { Actor } from '../domain/actor.js';
import { can } from '../domain/actor.js';
import type { Text } from '../domain/i18n.js';
import { forbidden, notFound, Problem } from '../domain/problem.js';
import { searchTokens } from '../domain/search-tokens.js';
import type { Q } from '../store/dialect.js';
import { findActiveUser, findVisibleAccount, teamOfUser } from '../store/queries/accounts.js';
import type { AccountRow, ContactRow } from '../store/schema.js';

export const ACCOUNT_NOT_FOUND: Text = { zh: '找不到该客户', en: 'Account not found' };
export const CONTACT_NOT_FOUND: Text = { zh: '找不到该联系人', en: 'Contact not found' };

/**
 * Whether the actor may change this account (and its contacts): admins any, managers their own and
 * their team members' accounts, sales reps only the accounts they own; other roles none.
 */
export async function mayWriteAccount(
  db: Q,
  actor: Actor,
  account: Pick<AccountRow, 'owner_id' | 'org_id'>,
): Promise<boolean> {
  if (!can(actor, 'writeAccounts') || account.org_id !== actor.orgId) return false;
  if (actor.role === 'admin') return true;
  if (account.owner_id === actor.userId) return true;
  if (actor.role === 'manager' && actor.teamId !== null)
    return (await teamOfUser(db, actor.orgId, account.owner_id)) === actor.teamId;
  return false;
}

/** Throws 403 with the reason unless the actor may change the account. */
export async function requireAccountWrite(db: Q, actor: Actor, account: AccountRow): Promise<void> {
  if (await mayWriteAccount(db, actor, account)) return;
  if (!can(actor, 'writeAccounts')) throw forbidden();
  throw forbidden(
    actor.role === 'sales'
      ? { zh: '销售只能修改自己负责的客户', en: 'Sales reps change only the accounts they own' }
      : { zh: '主管只能修改本团队成员负责的客户', en: "Managers change only their team members' accounts" },
  );
}

/** Loads a live account of the organisation (404 otherwise) that the actor may change (403 otherwise). */
export async function loadWritableAccount(db: Q, actor: Actor, id: string): Promise<AccountRow> {
  const account = await findVisibleAccount(db, actor, id);
  if (!account) throw notFound(ACCOUNT_NOT_FOUND);
  await requireAccountWrite(db, actor, account);
  return account;
}

/**
 * Who may be made an account's owner: sales reps name only themselves, managers themselves or a member
 * of their team, admins anyone (403 otherwise). Whether the user exists is a field error, checked after.
 */
export async function requireOwnerInScope(db: Q, actor: Actor, ownerId: string): Promise<void> {
  if (actor.role === 'admin' || ownerId === actor.userId) return;
  if (
    actor.role === 'manager' &&
    actor.teamId !== null &&
    (await teamOfUser(db, actor.orgId, ownerId)) === actor.teamId
  )
    return;
  throw forbidden(
    actor.role === 'sales'
      ? {
          zh: '销售只能负责自己的客户，不能转交他人',
          en: 'Sales reps own their accounts and cannot hand them to someone else',
        }
      : { zh: '只能把客户交给本团队的成员', en: 'Accounts can be handed only to members of your team' },
  );
}

/** The field error when the owner is not an active user of the organisation, or none. */
export async function ownerError(db: Q, orgId: string, ownerId: string) {
  const owner = await findActiveUser(db, orgId, ownerId);
  return owner
    ? []
    : [{ field: 'ownerId', message: { zh: '负责人不存在或已停用', en: 'No such active user' } satisfies Text }];
}

/** 409 for a USCC another live account of the organisation already holds. */
export function duplicateUscc(other: { id: string; name: string }): Problem {
  return new Problem(
    'conflict',
    {
      zh: `统一社会信用代码已被客户「${other.name}」使用`,
      en: `The USCC is already used by the account "${other.name}"`,
    },
    [{ field: 'uscc', message: { zh: '该统一社会信用代码已存在', en: 'already used by another account' } }],
    { existingId: other.id },
  );
}

/** Text fields: trimmed, blank becomes null (one representation of "nothing"). */
export function textOrNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Tags trimmed and deduplicated, in the order given. */
export function cleanTags(tags: string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim()).filter((tag) => tag !== ''))];
}

/** The audited fields of an account, named as the API names them (camelCase, JSON parsed). */
export function accountAuditView(row: AccountRow): Record<string, unknown> {
  return {
    name: row.name,
    uscc: row.uscc,
    industry: row.industry,
    size: row.size,
    region: row.region,
    source: row.source,
    budgetRange: row.budget_range,
    painPoints: row.pain_points,
    ownerId: row.owner_id,
    tier: row.tier,
    tags: JSON.parse(row.tags) as unknown,
    custom: JSON.parse(row.custom) as unknown,
  };
}

/** The audited fields of a contact, named as the API names them. */
export function contactAuditView(row: ContactRow): Record<string, unknown> {
  return {
    name: row.name,
    title: row.title,
    phone: row.phone,
    email: row.email,
    wechat: row.wechat,
    decisionRole: row.decision_role,
    attitude: row.attitude,
    preferences: row.preferences,
  };
}

/** Field-level changes between two audit views (creation: from an empty view, listing what was set). */
export function viewChanges(before: Record<string, unknown> | null, after: Record<string, unknown>) {
  const empty = (value: unknown) =>
    value === null ||
    value === undefined ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
  return Object.keys(after)
    .filter((field) =>
      before ? JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null) : !empty(after[field]),
    )
    .map((field) => ({ field, from: before ? (before[field] ?? null) : null, to: after[field] ?? null }));
}

/** What an account is found by (list `q` and global search): its name and USCC. */
export function accountSearchTokens(row: Pick<AccountRow, 'name' | 'uscc'>): string {
  return searchTokens(row.name, row.uscc);
}

/** What a contact is found by: name, title, phone (as typed and as bare digits) and e-mail. */
export function contactSearchTokens(row: Pick<ContactRow, 'name' | 'title' | 'phone' | 'email'>): string {
  return searchTokens(row.name, row.title, row.phone, row.phone?.replace(/\D/g, ''), row.email);
}
