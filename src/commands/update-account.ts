import { AccountUpdateSchema } from '../contract/accounts.js';
import { parseInput } from '../contract/validate.js';
import { normaliseCompanyName } from '../domain/dedup-keys.js';
import { invalid, staleVersion } from '../domain/problem.js';
import { searchTokens } from '../domain/search-tokens.js';
import {
  findLiveAccountByUscc,
  getAccountRow,
  listAccountDealTitles,
  updateAccountIfVersion,
} from '../store/queries/accounts.js';
import { writeAudit } from '../store/queries/audit.js';
import { setDealSearchTokens } from '../store/queries/deals.js';
import type { AccountRow } from '../store/schema.js';
import {
  accountAuditView,
  accountSearchTokens,
  cleanTags,
  duplicateUscc,
  loadWritableAccount,
  ownerError,
  requireOwnerInScope,
  textOrNull,
  viewChanges,
} from './account-rules.js';
import type { CommandContext } from './context.js';

/**
 * Edits an account, checking `version`. A rename also renames it in its deals' search tokens, in the
 * same transaction, so searching deals by the new account name works at once.
 */
export async function updateAccount(ctx: CommandContext, id: string, input: unknown): Promise<AccountRow> {
  const { actor, org, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadWritableAccount(trx, actor, id);
    const data = parseInput(AccountUpdateSchema, input);
    if (data.ownerId !== undefined && data.ownerId !== before.owner_id) {
      await requireOwnerInScope(trx, actor, data.ownerId);
      const errors = await ownerError(trx, org.id, data.ownerId);
      if (errors.length > 0) throw invalid(errors);
    }
    if (data.version !== before.version) throw staleVersion(before.version);

    const patch: Partial<AccountRow> = {};
    if (data.name !== undefined) {
      patch.name = data.name.trim();
      patch.name_key = normaliseCompanyName(patch.name);
    }
    if (data.uscc !== undefined) patch.uscc = textOrNull(data.uscc);
    if (data.industry !== undefined) patch.industry = textOrNull(data.industry);
    if (data.size !== undefined) patch.size = textOrNull(data.size);
    if (data.region !== undefined) patch.region = textOrNull(data.region);
    if (data.source !== undefined) patch.source = textOrNull(data.source);
    if (data.budgetRange !== undefined) patch.budget_range = textOrNull(data.budgetRange);
    if (data.painPoints !== undefined) patch.pain_points = textOrNull(data.painPoints);
    if (data.ownerId !== undefined) patch.owner_id = data.ownerId;
    if (data.tier !== undefined) patch.tier = textOrNull(data.tier);
    if (data.tags !== undefined) patch.tags = JSON.stringify(cleanTags(data.tags));
    if (data.custom !== undefined) patch.custom = JSON.stringify(data.custom);

    if (patch.uscc && patch.uscc !== before.uscc) {
      const other = await findLiveAccountByUscc(trx, org.id, patch.uscc, id);
      if (other) throw duplicateUscc(other);
    }
    const after: AccountRow = { ...before, ...patch };
    const changes = viewChanges(accountAuditView(before), accountAuditView(after));
    if (changes.length === 0) return before;

    const renamed = after.name !== before.name;
    if (renamed || after.uscc !== before.uscc) patch.search_tokens = accountSearchTokens(after);
    patch.updated_at = now.toISOString();
    if (!(await updateAccountIfVersion(trx, id, before.version, patch))) {
      throw staleVersion((await getAccountRow(trx, id))?.version ?? before.version);
    }
    if (renamed) {
      for (const deal of await listAccountDealTitles(trx, id)) {
        await setDealSearchTokens(trx, deal.id, searchTokens(deal.title, after.name));
      }
    }
    await writeAudit(trx, actor, now, { entity: 'account', entityId: id, action: 'update', changes });
    return (await getAccountRow(trx, id))!;
  });
}
