import { notFound, staleVersion } from '../domain/problem.js';
import {
  findLiveAccountByUscc,
  findVisibleAccount,
  getAccountRow,
  setAccountDeletedAt,
} from '../store/queries/accounts.js';
import { writeAudit } from '../store/queries/audit.js';
import type { AccountRow } from '../store/schema.js';
import { ACCOUNT_NOT_FOUND, duplicateUscc, requireAccountWrite } from './account-rules.js';
import type { CommandContext } from './context.js';

/**
 * Soft-deletes (deleted=true) or restores (deleted=false) an account; both are audited. Its contacts and
 * deals are left as they are: a deleted account hides its contacts, a restore brings them back.
 */
export async function setAccountDeleted(ctx: CommandContext, id: string, deleted: boolean): Promise<AccountRow> {
  const { actor, org, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const account = await findVisibleAccount(trx, actor, id, { includeDeleted: true });
    if (!account || (deleted && account.deleted_at !== null) || (!deleted && account.deleted_at === null))
      throw notFound(ACCOUNT_NOT_FOUND);
    await requireAccountWrite(trx, actor, account);
    // While it was deleted another account may have taken its USCC; restoring would make two.
    if (!deleted && account.uscc) {
      const other = await findLiveAccountByUscc(trx, org.id, account.uscc, id);
      if (other) throw duplicateUscc(other);
    }
    const at = now.toISOString();
    if (!(await setAccountDeletedAt(trx, id, account.version, deleted ? at : null, at))) {
      throw staleVersion((await getAccountRow(trx, id))?.version ?? account.version);
    }
    await writeAudit(trx, actor, now, { entity: 'account', entityId: id, action: deleted ? 'delete' : 'restore' });
    return (await getAccountRow(trx, id))!;
  });
}
