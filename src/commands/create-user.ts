import { UserCreateSchema } from '../contract/users.js';
import { parseInput } from '../contract/validate.js';
import { invalid, Problem } from '../domain/problem.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { findUserByEmail } from '../store/queries/auth.js';
import { getTeamRow, insertUser } from '../store/queries/users.js';
import type { UserRow } from '../store/schema.js';
import { type CommandContext, requirePermission } from './context.js';
import { hashPassword } from './security.js';

/** Admin adds a user to the organisation. */
export async function createUser(ctx: CommandContext, input: unknown): Promise<UserRow> {
  const { actor, org, now } = ctx;
  requirePermission(actor, 'manageOrg');
  const data = parseInput(UserCreateSchema, input);
  const passwordHash = await hashPassword(data.password);
  return ctx.db.transaction().execute(async (trx) => {
    if (data.teamId) {
      const team = await getTeamRow(trx, org.id, data.teamId);
      if (!team) throw invalid([{ field: 'teamId', message: { zh: '团队不存在', en: 'No such team' } }]);
    }
    if (await findUserByEmail(trx, data.email)) {
      throw new Problem('conflict', { zh: '该邮箱已被使用', en: 'This e-mail is already in use' }, [
        { field: 'email', message: { zh: '该邮箱已被使用', en: 'already in use' } },
      ]);
    }
    const at = now.toISOString();
    const row: UserRow = {
      id: newId(now.getTime()),
      org_id: org.id,
      name: data.name.trim(),
      email: data.email.toLowerCase(),
      password_hash: passwordHash,
      role: data.role,
      team_id: data.teamId ?? null,
      locale: data.locale ?? null,
      active: 1,
      created_at: at,
      updated_at: at,
      version: 1,
    };
    await insertUser(trx, row);
    await writeAudit(trx, actor, now, {
      entity: 'user',
      entityId: row.id,
      action: 'create',
      changes: [
        { field: 'role', from: null, to: row.role },
        { field: 'teamId', from: null, to: row.team_id },
      ],
    });
    return row;
  });
}
