import { TeamCreateSchema } from '../contract/users.js';
import { parseInput } from '../contract/validate.js';
import { invalid, staleVersion } from '../domain/problem.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { getUserRow, insertTeam, updateUserIfVersion } from '../store/queries/users.js';
import { type CommandContext, requirePermission } from './context.js';

/** Admin creates a team, optionally naming its manager (who then belongs to it). */
export async function createTeam(ctx: CommandContext, input: unknown) {
  const { actor, org, now } = ctx;
  requirePermission(actor, 'manageOrg');
  const data = parseInput(TeamCreateSchema, input);
  return ctx.db.transaction().execute(async (trx) => {
    if (data.managerId) {
      if (!(await getUserRow(trx, org.id, data.managerId)))
        throw invalid([{ field: 'managerId', message: { zh: '用户不存在', en: 'No such user' } }]);
    }
    const at = now.toISOString();
    const row = {
      id: newId(now.getTime()),
      org_id: org.id,
      name: data.name.trim(),
      manager_id: data.managerId ?? null,
      reminder_time: data.reminderTime ?? null,
      digest_time: data.digestTime ?? null,
      created_at: at,
      updated_at: at,
      version: 1,
    };
    await insertTeam(trx, row);
    if (data.managerId) {
      // The manager joins the team as a versioned change, so an admin's edit from the old version gets 409.
      const manager = (await getUserRow(trx, org.id, data.managerId))!;
      if (!(await updateUserIfVersion(trx, manager.id, manager.version, { team_id: row.id, updated_at: at })))
        throw staleVersion(manager.version);
      await writeAudit(trx, actor, now, {
        entity: 'user',
        entityId: data.managerId,
        action: 'update',
        changes: [{ field: 'teamId', from: manager.team_id, to: row.id }],
      });
    }
    await writeAudit(trx, actor, now, {
      entity: 'team',
      entityId: row.id,
      action: 'create',
      changes: [
        { field: 'name', from: null, to: row.name },
        { field: 'managerId', from: null, to: row.manager_id },
        ...(row.reminder_time ? [{ field: 'reminderTime', from: null, to: row.reminder_time }] : []),
        ...(row.digest_time ? [{ field: 'digestTime', from: null, to: row.digest_time }] : []),
      ],
    });
    return row;
  });
}
