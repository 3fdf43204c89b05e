import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import type { QueryTerm } from '../../domain/search-tokens.js';
import { engineOf, type Q, searchMatches } from '../dialect.js';
import type { AccountRow, Database } from '../schema.js';
import { dealVisibility } from './deals.js';

type AccountEb = ExpressionBuilder<Database, 'accounts'>;

/**
 * Accounts are read by everyone in the organisation (every role may read accounts), so visibility is
 * the organisation; writes are narrowed by the commands (sales: own, managers: their team's).
 */
function accountVisibility(actor: Actor) {
  return (eb: AccountEb) => eb('accounts.org_id', '=', actor.orgId);
}

/** An account of the actor's organisation, live unless `includeDeleted`; undefined means 404. */
export async function findVisibleAccount(
  db: Q,
  actor: Actor,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<AccountRow | undefined> {
  let q = db.selectFrom('accounts').selectAll().where('accounts.id', '=', id).where(accountVisibility(actor));
  if (!options.includeDeleted) q = q.where('accounts.deleted_at', 'is', null);
  return q.executeTakeFirst();
}

export async function getAccountRow(db: Q, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAccount(db: Q, row: AccountRow): Promise<void> {
  await db.insertInto('accounts').values(row).execute();
}

/** Updates an account only if its version is still `version`; false when someone else won. */
export async function updateAccountIfVersion(
  db: Q,
  id: string,
  version: number,
  patch: Partial<AccountRow>,
): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Soft-deletes (at = time) or restores (at = null) an account, bumping its version. */
export async function setAccountDeletedAt(
  db: Q,
  id: string,
  version: number,
  deletedAt: string | null,
  updatedAt: string,
): Promise<boolean> {
  return updateAccountIfVersion(db, id, version, { deleted_at: deletedAt, updated_at: updatedAt });
}

/** The live account of the organisation holding this USCC (other than `exceptId`), if any. */
export async function findLiveAccountByUscc(
  db: Q,
  orgId: string,
  uscc: string,
  exceptId?: string,
): Promise<{ id: string; name: string } | undefined> {
  let q = db
    .selectFrom('accounts')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where('uscc', '=', uscc)
    .where('deleted_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

/** Whether a user is an active member of the organisation, with their team (for owner checks). */
export async function findActiveUser(
  db: Q,
  orgId: string,
  id: string,
): Promise<{ id: string; team_id: string | null } | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'team_id'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('active', '=', 1)
    .executeTakeFirst();
}

/** The team of a user of the organisation (null when they have none or do not exist). */
export async function teamOfUser(db: Q, orgId: string, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('users')
    .select('team_id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.team_id ?? null;
}

/** The deals of an account (deleted ones too), for keeping their search tokens in step with its name. */
export async function listAccountDealTitles(db: Q, accountId: string): Promise<{ id: string; title: string }[]> {
  return db.selectFrom('deals').select(['id', 'title']).where('account_id', '=', accountId).execute();
}

/** How many live deals of an account the actor may see. */
export async function countVisibleAccountDeals(db: Q, actor: Actor, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('deals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deals.account_id', '=', accountId)
    .where('deals.deleted_at', 'is', null)
    .where(dealVisibility(actor))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export const ACCOUNT_SORTS = { updatedAt: 'updated_at', name: 'name' } as const;
export type AccountSortKey = keyof typeof ACCOUNT_SORTS;

export interface AccountFilters {
  ownerId?: string;
  industry?: string;
  tier?: string;
  /** Terms from domain/search-tokens queryTerms. */
  terms?: QueryTerm[];
}

export interface AccountListQuery {
  filters: AccountFilters;
  sort: AccountSortKey;
  descending: boolean;
  limit: number;
  after?: { value: string; id: string };
  count: boolean;
}

/** One keyset page of the organisation's live accounts, filtered and sorted, plus the total when asked. */
export async function listAccounts(
  db: Q,
  actor: Actor,
  query: AccountListQuery,
): Promise<{ rows: AccountRow[]; total?: number }> {
  const ref = `accounts.${ACCOUNT_SORTS[query.sort]}` as const;
  let q = db.selectFrom('accounts').where('accounts.deleted_at', 'is', null).where(accountVisibility(actor));
  const { filters } = query;
  if (filters.ownerId) q = q.where('accounts.owner_id', '=', filters.ownerId);
  if (filters.industry) q = q.where('accounts.industry', '=', filters.industry);
  if (filters.tier) q = q.where('accounts.tier', '=', filters.tier);
  if (filters.terms && filters.terms.length > 0) {
    const terms = filters.terms;
    q = q.where(() => searchMatches(engineOf(db), 'accounts', terms));
  }
  const filtered = q;
  if (query.after) {
    const { value, id } = query.after;
    const cmp = query.descending ? '<' : '>';
    q = q.where((eb) => eb.or([eb(ref, cmp, value), eb.and([eb(ref, '=', value), eb('accounts.id', cmp, id)])]));
  }
  const direction = query.descending ? 'desc' : 'asc';
  const rows = await q
    .selectAll('accounts')
    .orderBy(ref, direction)
    .orderBy('accounts.id', direction)
    .limit(query.limit)
    .execute();
  let total: number | undefined;
  if (query.count) {
    const row = await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    total = Number(row.n);
  }
  return { rows, total };
}

/** Up to `limit` live accounts matching every term, most recently updated first (global search). */
export async function searchAccounts(db: Q, actor: Actor, terms: QueryTerm[], limit: number): Promise<AccountRow[]> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('accounts.deleted_at', 'is', null)
    .where(accountVisibility(actor))
    .where(() => searchMatches(engineOf(db), 'accounts', terms))
    .orderBy('accounts.updated_at', 'desc')
    .orderBy('accounts.id', 'desc')
    .limit(limit)
    .execute();
}
