import { UserUpdateSchema } from '../contract/users.js';
import { parseInput } from '../contract/validate.js';
import { notFound, Problem, staleVersion } from '../domain/problem.js';
import { writeAudit } from '../store/queries/audit.js';
import { countOtherActiveAdmins, getTeamRow, getUserRow, updateUserIfVersion } from '../store/queries/users.js';
import type { UserRow } from '../store/schema.js';
import { viewChanges } from './account-rules.js';
import { type CommandContext, requirePermission } from './context.js';
import { throwIfErrors } from './deal-rules.js';

const USER_NOT_FOUND = { zh: '找不到该用户', en: 'User not found' };

const userView = (row: UserRow) => ({ name: row.name, role: row.role, teamId: row.team_id, active: row.active === 1 });

/** Admin changes a user's name, role, team or whether they may sign in; the last active admin stays one (409). */
export async function updateUser(ctx: CommandContext, id: string, input: unknown): Promise<UserRow> {
  const { actor, org, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getUserRow(trx, org.id, id);
    if (!before) throw notFound(USER_NOT_FOUND);
    requirePermission(actor, 'manageOrg');
    const data = parseInput(UserUpdateSchema, input);
    if (data.teamId && !(await getTeamRow(trx, org.id, data.teamId)))
      throwIfErrors([{ field: 'teamId', message: { zh: '团队不存在', en: 'No such team' } }]);
    if (data.version !== before.version) throw staleVersion(before.version);

    const patch: {
      name?: string;
      role?: UserRow['role'];
      team_id?: string | null;
      active?: number;
      updated_at: string;
    } = { updated_at: now.toISOString() };
    if (data.name !== undefined) patch.name = data.name.trim();
    if (data.role !== undefined) patch.role = data.role;
    if (data.teamId !== undefined) patch.team_id = data.teamId ?? null;
    if (data.active !== undefined) patch.active = data.active ? 1 : 0;
    const after: UserRow = { ...before, ...patch };
    const changes = viewChanges(userView(before), userView(after));
    if (changes.length === 0) return before;

    const losesAdmin = before.role === 'admin' && before.active === 1 && (after.role !== 'admin' || after.active !== 1);
    if (losesAdmin && (await countOtherActiveAdmins(trx, org.id, id)) === 0) {
      const field = after.active !== 1 ? 'active' : 'role';
      throw new Problem(
        'conflict',
        {
          zh: '这是最后一位启用中的管理员，不能停用或降级',
          en: 'This is the last active admin: they cannot be deactivated or given another role',
        },
        [
          {
            field,
            message: { zh: '至少要保留一位启用中的管理员', en: 'the organisation needs at least one active admin' },
          },
        ],
      );
    }
    if (!(await updateUserIfVersion(trx, id, before.version, patch)))
      throw staleVersion((await getUserRow(trx, org.id, id))?.version ?? before.version);
    await writeAudit(trx, actor, now, { entity: 'user', entityId: id, action: 'update', changes });
    return (await getUserRow(trx, org.id, id))!;
  });
}
