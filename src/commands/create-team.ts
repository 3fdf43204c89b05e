import { TeamCreateSchema } from '../contract/users.js';
import { parseInput } from '../contract/validate.js';
import { invalid } from '../domain/problem.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { type CommandContext, requirePermission } from './context.js';

/** Admin creates a team, optionally naming its manager (who then belongs to it). */
export async function createTeam(ctx: CommandContext, input: unknown) {
  const { actor, org, now } = ctx;
  requirePermission(actor, 'manageOrg');
  const data = parseInput(TeamCreateSchema, input);
  return ctx.db.transaction().execute(async (trx) => {
    if (data.managerId) {
      const manager = await trx.selectFrom('users').select(['id', 'role']).where('org_id', '=', org.id).where('id', '=', data.managerId).executeTakeFirst();
      if (!manager) throw invalid([{ field: 'managerId', message: { zh: '用户不存在', en: 'No such user' } }]);
    }
    const at = now.toISOString();
    const row = { id: newId(now.getTime()), org_id: org.id, name: data.name.trim(), manager_id: data.managerId ?? null, created_at: at, updated_at: at, version: 1 };
    await trx.insertInto('teams').values(row).execute();
    if (data.managerId) {
      await trx.updateTable('users').set({ team_id: row.id, updated_at: at }).where('id', '=', data.managerId).execute();
      await writeAudit(trx, actor, now, { entity: 'user', entityId: data.managerId, action: 'update', changes: [{ field: 'teamId', from: null, to: row.id }] });
    }
    await writeAudit(trx, actor, now, { entity: 'team', entityId: row.id, action: 'create', changes: [{ field: 'name', from: null, to: row.name }, { field: 'managerId', from: null, to: row.manager_id }] });
    return row;
  });
}
