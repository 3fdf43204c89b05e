import { AccountCreateSchema } from '../contract/accounts.js';
import { parseInput } from '../contract/validate.js';
import { normaliseCompanyName } from '../domain/dedup-keys.js';
import { invalid } from '../domain/problem.js';
import { newId } from '../store/ids.js';
import { findLiveAccountByUscc, insertAccount } from '../store/queries/accounts.js';
import { writeAudit } from '../store/queries/audit.js';
import type { AccountRow } from '../store/schema.js';
import {
  accountAuditView,
  accountSearchTokens,
  cleanTags,
  duplicateUscc,
  ownerError,
  requireOwnerInScope,
  textOrNull,
  viewChanges,
} from './account-rules.js';
import { type CommandContext, requirePermission } from './context.js';

/** Creates an account (客户档案); a USCC, when given, must not belong to another live account (409). */
export async function createAccount(ctx: CommandContext, input: unknown): Promise<AccountRow> {
  const { actor, org, now } = ctx;
  requirePermission(actor, 'writeAccounts');
  const data = parseInput(AccountCreateSchema, input);
  const ownerId = data.ownerId ?? actor.userId;
  await requireOwnerInScope(ctx.db, actor, ownerId);

  return ctx.db.transaction().execute(async (trx) => {
    const errors = await ownerError(trx, org.id, ownerId);
    if (errors.length > 0) throw invalid(errors);
    const uscc = textOrNull(data.uscc);
    if (uscc) {
      const other = await findLiveAccountByUscc(trx, org.id, uscc);
      if (other) throw duplicateUscc(other);
    }
    const at = now.toISOString();
    const name = data.name.trim();
    const row: AccountRow = {
      id: newId(now.getTime()),
      org_id: org.id,
      name,
      name_key: normaliseCompanyName(name),
      uscc,
      industry: textOrNull(data.industry),
      size: textOrNull(data.size),
      region: textOrNull(data.region),
      source: textOrNull(data.source),
      budget_range: textOrNull(data.budgetRange),
      pain_points: textOrNull(data.painPoints),
      owner_id: ownerId,
      tier: textOrNull(data.tier),
      tags: JSON.stringify(cleanTags(data.tags ?? [])),
      custom: JSON.stringify(data.custom ?? {}),
      search_tokens: accountSearchTokens({ name, uscc }),
      version: 1,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    };
    await insertAccount(trx, row);
    await writeAudit(trx, actor, now, {
      entity: 'account',
      entityId: row.id,
      action: 'create',
      changes: viewChanges(null, accountAuditView(row)),
    });
    return row;
  });
}
