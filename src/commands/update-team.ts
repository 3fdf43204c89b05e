import { TeamUpdateSchema } from '../contract/users.js';
import { parseInput } from '../contract/validate.js';
import { notFound, staleVersion } from '../domain/problem.js';
import { findActiveUser } from '../store/queries/accounts.js';
import { writeAudit } from '../store/queries/audit.js';
import { getTeamRow, getUserRow, updateTeamIfVersion, updateUserIfVersion } from '../store/queries/users.js';
import { viewChanges } from './account-rules.js';
import { type CommandContext, requirePermission } from './context.js';
import { throwIfErrors } from './deal-rules.js';

/** Admin renames a team, names its manager (who then belongs to it, as at creation) or sets its own reminder and digest times. */
export async function updateTeam(ctx: CommandContext, id: string, input: unknown) {
  const { actor, org, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getTeamRow(trx, org.id, id);
    if (!before) throw notFound({ zh: '找不到该团队', en: 'Team not found' });
    requirePermission(actor, 'manageOrg');
    const data = parseInput(TeamUpdateSchema, input);
    if (data.managerId && !(await findActiveUser(trx, org.id, data.managerId)))
      throwIfErrors([{ field: 'managerId', message: { zh: '用户不存在或已停用', en: 'No such active user' } }]);
    if (data.version !== before.version) throw staleVersion(before.version);
    const patch: Parameters<typeof updateTeamIfVersion>[3] = { updated_at: now.toISOString() };
    if (data.name !== undefined) patch.name = data.name.trim();
    if (data.managerId !== undefined) patch.manager_id = data.managerId ?? null;
    if (data.reminderTime !== undefined) patch.reminder_time = data.reminderTime;
    if (data.digestTime !== undefined) patch.digest_time = data.digestTime;
    const view = (row: {
      name: string;
      manager_id: string | null;
      reminder_time: string | null;
      digest_time: string | null;
    }) => ({ name: row.name, managerId: row.manager_id, reminderTime: row.reminder_time, digestTime: row.digest_time });
    const changes = viewChanges(view(before), view({ ...before, ...patch }));
    if (changes.length === 0) return before;
    if (!(await updateTeamIfVersion(trx, id, before.version, patch)))
      throw staleVersion((await getTeamRow(trx, org.id, id))?.version ?? before.version);
    await writeAudit(trx, actor, now, { entity: 'team', entityId: id, action: 'update', changes });
    if (patch.manager_id) {
      const manager = await getUserRow(trx, org.id, patch.manager_id);
      if (manager && manager.team_id !== id) {
        if (
          !(await updateUserIfVersion(trx, manager.id, manager.version, { team_id: id, updated_at: now.toISOString() }))
        )
          throw staleVersion(manager.version);
        await writeAudit(trx, actor, now, {
          entity: 'user',
          entityId: manager.id,
          action: 'update',
          changes: [{ field: 'teamId', from: manager.team_id, to: id }],
        });
      }
    }
    return (await getTeamRow(trx, org.id, id))!;
  });
}
