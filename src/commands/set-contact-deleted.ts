import { notFound, staleVersion } from '../domain/problem.js';
import { writeAudit } from '../store/queries/audit.js';
import { findVisibleContact, getContactRow, updateContactIfVersion } from '../store/queries/contacts.js';
import type { ContactRow } from '../store/schema.js';
import { CONTACT_NOT_FOUND, requireAccountWrite } from './account-rules.js';
import type { CommandContext } from './context.js';

/** Soft-deletes (deleted=true) or restores (deleted=false) a contact of a live account; both are audited. */
export async function setContactDeleted(ctx: CommandContext, id: string, deleted: boolean): Promise<ContactRow> {
  const { actor, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findVisibleContact(trx, actor, id, { includeDeleted: true });
    if (!found || (deleted && found.contact.deleted_at !== null) || (!deleted && found.contact.deleted_at === null))
      throw notFound(CONTACT_NOT_FOUND);
    await requireAccountWrite(trx, actor, found.account);
    const at = now.toISOString();
    if (
      !(await updateContactIfVersion(trx, id, found.contact.version, {
        deleted_at: deleted ? at : null,
        updated_at: at,
      }))
    ) {
      throw staleVersion((await getContactRow(trx, id))?.version ?? found.contact.version);
    }
    await writeAudit(trx, actor, now, { entity: 'contact', entityId: id, action: deleted ? 'delete' : 'restore' });
    return (await getContactRow(trx, id))!;
  });
}
