import { ContactCreateSchema } from '../contract/accounts.js';
import { parseInput } from '../contract/validate.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { insertContact } from '../store/queries/contacts.js';
import type { ContactRow } from '../store/schema.js';
import {
  contactAuditView,
  contactSearchTokens,
  loadWritableAccount,
  textOrNull,
  viewChanges,
} from './account-rules.js';
import type { CommandContext } from './context.js';

/** Adds a contact (联系人) with their decision-chain role to an account the actor may change. */
export async function createContact(ctx: CommandContext, accountId: string, input: unknown): Promise<ContactRow> {
  const { actor, org, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const account = await loadWritableAccount(trx, actor, accountId);
    const data = parseInput(ContactCreateSchema, input);
    const at = now.toISOString();
    const row: ContactRow = {
      id: newId(now.getTime()),
      org_id: org.id,
      account_id: account.id,
      name: data.name.trim(),
      title: textOrNull(data.title),
      phone: textOrNull(data.phone),
      email: textOrNull(data.email)?.toLowerCase() ?? null,
      wechat: textOrNull(data.wechat),
      decision_role: data.decisionRole ?? null,
      attitude: data.attitude ?? null,
      preferences: textOrNull(data.preferences),
      search_tokens: '',
      version: 1,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    };
    row.search_tokens = contactSearchTokens(row);
    await insertContact(trx, row);
    await writeAudit(trx, actor, now, {
      entity: 'contact',
      entityId: row.id,
      action: 'create',
      changes: [{ field: 'accountId', from: null, to: account.id }, ...viewChanges(null, contactAuditView(row))],
    });
    return row;
  });
}
