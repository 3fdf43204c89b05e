import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createTeam } from '../../../commands/create-team.js';
import { createUser } from '../../../commands/create-user.js';
import { requirePermission } from '../../../commands/context.js';
import { TeamCreateSchema, TeamSchema, UserCreateSchema, UserSchema } from '../../../contract/users.js';
import { listTeams, listUsers } from '../../../store/queries/users.js';
import { commandContext } from '../../context.js';
import { presentUser } from '../../present.js';
import { problemResponses } from '../openapi.js';

const presentTeam = (row: { id: string; name: string; manager_id: string | null; version: number }) => ({ id: row.id, name: row.name, managerId: row.manager_id, version: row.version });

export async function userRoutes(app: FastifyInstance) {
  app.get('/api/users', {
    schema: { tags: ['users'], summary: "The organisation's users (everyone may list names; e-mails for admins)", response: { 200: z.object({ items: z.array(UserSchema) }), ...problemResponses } },
  }, async (req) => {
    const ctx = await commandContext(req);
    const rows = await listUsers(ctx.db, ctx.org.id);
    const isAdmin = ctx.actor.role === 'admin';
    return { items: rows.map((row) => ({ ...presentUser(row), email: isAdmin || row.id === ctx.actor.userId ? row.email : '' })) };
  });

  app.post('/api/users', {
    schema: { tags: ['users'], summary: 'Admin: create a user', body: UserCreateSchema, response: { 201: UserSchema, ...problemResponses } },
  }, async (req, reply) => {
    const ctx = await commandContext(req);
    const row = await createUser(ctx, req.body);
    reply.status(201);
    return presentUser(row);
  });

  app.get('/api/teams', {
    schema: { tags: ['users'], summary: 'Teams', response: { 200: z.object({ items: z.array(TeamSchema) }), ...problemResponses } },
  }, async (req) => {
    const ctx = await commandContext(req);
    requirePermission(ctx.actor, 'readAccounts');
    return { items: (await listTeams(ctx.db, ctx.org.id)).map(presentTeam) };
  });

  app.post('/api/teams', {
    schema: { tags: ['users'], summary: 'Admin: create a team', body: TeamCreateSchema, response: { 201: TeamSchema, ...problemResponses } },
  }, async (req, reply) => {
    const ctx = await commandContext(req);
    const row = await createTeam(ctx, req.body);
    reply.status(201);
    return presentTeam(row);
  });
}
