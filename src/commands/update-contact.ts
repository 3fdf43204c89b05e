import { ContactUpdateSchema } from '../contract/accounts.js';
import { parseInput } from '../contract/validate.js';
import { notFound, staleVersion } from '../domain/problem.js';
import { writeAudit } from '../store/queries/audit.js';
import { findVisibleContact, getContactRow, updateContactIfVersion } from '../store/queries/contacts.js';
import type { ContactRow } from '../store/schema.js';
import {
  CONTACT_NOT_FOUND,
  contactAuditView,
  contactSearchTokens,
  requireAccountWrite,
  textOrNull,
  viewChanges,
} from './account-rules.js';
import type { CommandContext } from './context.js';

/** Edits a contact of an account the actor may change, checking `version`. */
export async function updateContact(ctx: CommandContext, id: string, input: unknown): Promise<ContactRow> {
  const { actor, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findVisibleContact(trx, actor, id);
    if (!found) throw notFound(CONTACT_NOT_FOUND);
    await requireAccountWrite(trx, actor, found.account);
    const before = found.contact;
    const data = parseInput(ContactUpdateSchema, input);
    if (data.version !== before.version) throw staleVersion(before.version);

    const patch: Partial<ContactRow> = {};
    if (data.name !== undefined) patch.name = data.name.trim();
    if (data.title !== undefined) patch.title = textOrNull(data.title);
    if (data.phone !== undefined) patch.phone = textOrNull(data.phone);
    if (data.email !== undefined) patch.email = textOrNull(data.email)?.toLowerCase() ?? null;
    if (data.wechat !== undefined) patch.wechat = textOrNull(data.wechat);
    if (data.decisionRole !== undefined) patch.decision_role = data.decisionRole ?? null;
    if (data.attitude !== undefined) patch.attitude = data.attitude ?? null;
    if (data.preferences !== undefined) patch.preferences = textOrNull(data.preferences);

    const after: ContactRow = { ...before, ...patch };
    const changes = viewChanges(contactAuditView(before), contactAuditView(after));
    if (changes.length === 0) return before;
    patch.search_tokens = contactSearchTokens(after);
    patch.updated_at = now.toISOString();
    if (!(await updateContactIfVersion(trx, id, before.version, patch))) {
      throw staleVersion((await getContactRow(trx, id))?.version ?? before.version);
    }
    await writeAudit(trx, actor, now, { entity: 'contact', entityId: id, action: 'update', changes });
    return (await getContactRow(trx, id))!;
  });
}
