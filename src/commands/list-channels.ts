import { ChannelListQuerySchema } from '../contract/notifications.js';
import { parseInput } from '../contract/validate.js';
import { listChannels } from '../store/queries/notifications.js';
import { listTeams } from '../store/queries/users.js';
import type { ChannelRow } from '../store/schema.js';
import type { CommandContext } from './context.js';

/** The channels the actor manages: their own, their team's if they manage it, everyone's for an admin. */
export async function listManageableChannels(ctx: CommandContext, query: unknown): Promise<ChannelRow[]> {
  const { actor } = ctx;
  const data = parseInput(ChannelListQuerySchema, query);
  const all = await listChannels(ctx.db, actor.orgId);
  const managedTeams =
    actor.role === 'admin'
      ? null
      : new Set(
          (await listTeams(ctx.db, actor.orgId))
            .filter((team) => team.manager_id === actor.userId)
            .map((team) => team.id),
        );
  return all.filter((row) => {
    if (data.scope && row.scope !== data.scope) return false;
    if (data.scopeId && row.scope_id !== data.scopeId) return false;
    if (managedTeams === null) return true;
    return row.scope === 'user' ? row.scope_id === actor.userId : managedTeams.has(row.scope_id);
  });
}
