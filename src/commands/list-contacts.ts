import { ContactListQuerySchema } from '../contract/accounts.js';
import { parseInput } from '../contract/validate.js';
import { invalid, notFound } from '../domain/problem.js';
import { findVisibleAccount } from '../store/queries/accounts.js';
import { countAccountContacts, listAccountContacts } from '../store/queries/contacts.js';
import { ACCOUNT_NOT_FOUND } from './account-rules.js';
import { type CommandContext, requirePermission } from './context.js';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.js';

/** One page of a live account's live contacts, in the order they were added. */
export async function listContactsPage(ctx: CommandContext, accountId: string, query: unknown) {
  const account = await findVisibleAccount(ctx.db, ctx.actor, accountId);
  if (!account) throw notFound(ACCOUNT_NOT_FOUND);
  requirePermission(ctx.actor, 'readAccounts');
  const data = parseInput(ContactListQuerySchema, query);
  const after = data.cursor ? decodeKeysetCursor(data.cursor, 'id') : undefined;
  if (after === null) throw invalid([{ field: 'cursor', message: { zh: '翻页游标无效', en: 'Invalid cursor' } }]);
  const [rows, total] = await Promise.all([
    listAccountContacts(ctx.db, account.id, { limit: data.limit + 1, afterId: after?.id }),
    countAccountContacts(ctx.db, account.id),
  ]);
  const page = rows.slice(0, data.limit);
  const last = page[page.length - 1];
  return {
    account,
    rows: page,
    nextCursor: rows.length > data.limit && last ? encodeKeysetCursor('id', null, last.id) : null,
    total,
  };
}
