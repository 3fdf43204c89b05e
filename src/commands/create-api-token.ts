import { TokenCreateSchema } from '../contract/users.js';
import { parseInput } from '../contract/validate.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { insertApiToken } from '../store/queries/auth.js';
import type { CommandContext } from './context.js';
import { newSecret, secretHash } from './security.js';

/** Creates a personal API token for the actor; the secret is answered once and stored hashed. */
export async function createApiToken(
  ctx: CommandContext,
  input: unknown,
): Promise<{ id: string; name: string; token: string }> {
  const data = parseInput(TokenCreateSchema, input);
  const token = `tz_${newSecret()}`;
  const id = newId(ctx.now.getTime());
  await ctx.db.transaction().execute(async (trx) => {
    await insertApiToken(trx, {
      id,
      org_id: ctx.actor.orgId,
      user_id: ctx.actor.userId,
      name: data.name.trim(),
      token_hash: secretHash(token),
      created_at: ctx.now.toISOString(),
    });
    await writeAudit(trx, ctx.actor, ctx.now, {
      entity: 'api_token',
      entityId: id,
      action: 'create',
      changes: [{ field: 'name', from: null, to: data.name.trim() }],
    });
  });
  return { id, name: data.name.trim(), token };
}
