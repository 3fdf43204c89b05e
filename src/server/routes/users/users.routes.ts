import type { FastifyInstance } from 'fastify';
import { requirePermission } from '../../../commands/context.js';
import { createTeam } from '../../../commands/create-team.js';
import { createUser } from '../../../commands/create-user.js';
import { updateTeam } from '../../../commands/update-team.js';
import { updateUser } from '../../../commands/update-user.js';
import { listTeams, listUsers } from '../../../store/queries/users.js';
import type { UserRow } from '../../../store/schema.js';
import { commandContext } from '../../context.js';
import { presentUser } from '../../present.js';
import { defineRoute } from '../define-route.js';

/** A user with the version admins send back when they change them. */
const presentUserWithVersion = (row: UserRow) => ({ ...presentUser(row), version: row.version });

const presentTeam = (row: {
  id: string;
  name: string;
  manager_id: string | null;
  reminder_time: string | null;
  digest_time: string | null;
  version: number;
}) => ({
  id: row.id,
  name: row.name,
  managerId: row.manager_id,
  reminderTime: row.reminder_time,
  digestTime: row.digest_time,
  version: row.version,
});

export async function userRoutes(app: FastifyInstance) {
  defineRoute(app, 'GET /api/users', async (req) => {
    const ctx = await commandContext(req);
    const rows = await listUsers(ctx.db, ctx.org.id);
    const isAdmin = ctx.actor.role === 'admin';
    return {
      items: rows.map((row) => ({
        ...presentUserWithVersion(row),
        email: isAdmin || row.id === ctx.actor.userId ? row.email : '',
      })),
    };
  });

  defineRoute(app, 'POST /api/users', async (req, reply) => {
    const ctx = await commandContext(req);
    const row = await createUser(ctx, req.body);
    return presentUserWithVersion(row);
  });

  defineRoute(app, 'PATCH /api/users/:id', async (req) => {
    const ctx = await commandContext(req);
    return presentUserWithVersion(await updateUser(ctx, req.params.id, req.body));
  });

  defineRoute(app, 'GET /api/teams', async (req) => {
    const ctx = await commandContext(req);
    requirePermission(ctx.actor, 'readAccounts');
    return { items: (await listTeams(ctx.db, ctx.org.id)).map(presentTeam) };
  });

  defineRoute(app, 'POST /api/teams', async (req, reply) => {
    const ctx = await commandContext(req);
    const row = await createTeam(ctx, req.body);
    return presentTeam(row);
  });

  defineRoute(app, 'PATCH /api/teams/:id', async (req) => {
    const ctx = await commandContext(req);
    return presentTeam(await updateTeam(ctx, req.params.id, req.body));
  });
}
