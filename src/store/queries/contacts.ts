import type { Actor } from '../../domain/actor.js';
import type { QueryTerm } from '../../domain/search-tokens.js';
import { engineOf, type Q, searchMatches } from '../dialect.js';
import type { AccountRow, ContactRow } from '../schema.js';

/**
 * A contact of the actor's organisation whose account is live (a deleted account hides its contacts),
 * together with that account; the contact itself live unless `includeDeleted`.
 */
export async function findVisibleContact(
  db: Q,
  actor: Actor,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<{ contact: ContactRow; account: AccountRow } | undefined> {
  let q = db
    .selectFrom('contacts')
    .selectAll()
    .where('contacts.id', '=', id)
    .where('contacts.org_id', '=', actor.orgId);
  if (!options.includeDeleted) q = q.where('contacts.deleted_at', 'is', null);
  const contact = await q.executeTakeFirst();
  if (!contact) return undefined;
  const account = await db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', contact.account_id)
    .where('org_id', '=', actor.orgId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return account ? { contact, account } : undefined;
}

export async function getContactRow(db: Q, id: string): Promise<ContactRow | undefined> {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertContact(db: Q, row: ContactRow): Promise<void> {
  await db.insertInto('contacts').values(row).execute();
}

/** Updates a contact only if its version is still `version`; false when someone else won. */
export async function updateContactIfVersion(
  db: Q,
  id: string,
  version: number,
  patch: Partial<ContactRow>,
): Promise<boolean> {
  const result = await db
    .updateTable('contacts')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Live contacts of an account in the order they were added (keyset on the time-ordered id). */
export async function listAccountContacts(
  db: Q,
  accountId: string,
  options: { limit?: number; afterId?: string } = {},
): Promise<ContactRow[]> {
  let q = db.selectFrom('contacts').selectAll().where('account_id', '=', accountId).where('deleted_at', 'is', null);
  if (options.afterId) q = q.where('id', '>', options.afterId);
  q = q.orderBy('id', 'asc');
  if (options.limit !== undefined) q = q.limit(options.limit);
  return q.execute();
}

export async function countAccountContacts(db: Q, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Up to `limit` live contacts of live accounts matching every term, with their account's name. */
export async function searchContacts(
  db: Q,
  actor: Actor,
  terms: QueryTerm[],
  limit: number,
): Promise<(ContactRow & { account_name: string })[]> {
  return db
    .selectFrom('contacts')
    .innerJoin('accounts', 'accounts.id', 'contacts.account_id')
    .selectAll('contacts')
    .select('accounts.name as account_name')
    .where('contacts.org_id', '=', actor.orgId)
    .where('contacts.deleted_at', 'is', null)
    .where('accounts.org_id', '=', actor.orgId)
    .where('accounts.deleted_at', 'is', null)
    .where(() => searchMatches(engineOf(db), 'contacts', terms))
    .orderBy('contacts.updated_at', 'desc')
    .orderBy('contacts.id', 'desc')
    .limit(limit)
    .execute();
}
