import { can } from '../domain/actor.js';
import { notFound } from '../domain/problem.js';
import { countVisibleAccountDeals, findVisibleAccount } from '../store/queries/accounts.js';
import { listAccountContacts } from '../store/queries/contacts.js';
import type { AccountRow } from '../store/schema.js';
import { ACCOUNT_NOT_FOUND } from './account-rules.js';
import { type CommandContext, requirePermission } from './context.js';

/** A live account with its live contacts and the number of its deals the actor may see; 404 otherwise. */
export async function getAccount(ctx: CommandContext, id: string) {
  const account = await findVisibleAccount(ctx.db, ctx.actor, id);
  if (!account) throw notFound(ACCOUNT_NOT_FOUND);
  requirePermission(ctx.actor, 'readAccounts');
  return accountDetail(ctx, account);
}

/** The whole account as every account answer carries it (also after writes, including a delete). */
export async function accountDetail(ctx: CommandContext, account: AccountRow) {
  const [contacts, dealCount] = await Promise.all([
    listAccountContacts(ctx.db, account.id, { limit: 500 }),
    // Roles that read no deals (marketing) see none of them: no query needed.
    can(ctx.actor, 'readDeals') ? countVisibleAccountDeals(ctx.db, ctx.actor, account.id) : Promise.resolve(0),
  ]);
  return { account, contacts, dealCount };
}
