import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requirePermission } from '../../../commands/context.js';
import { createTeam } from '../../../commands/create-team.js';
import { createUser } from '../../../commands/create-user.js';
import { updateTeam } from '../../../commands/update-team.js';
import { updateUser } from '../../../commands/update-user.js';
import {
  TeamCreateSchema,
  TeamSchema,
  TeamUpdateSchema,
  UserCreateSchema,
  UserSchema,
  UserUpdateSchema,
} from '../../../contract/users.js';
import { listTeams, listUsers } from '../../../store/queries/users.js';
import type { UserRow } from '../../../store/schema.js';
import { commandContext } from '../../context.js';
import { presentUser } from '../../present.js';
import { idParams, problemResponses } from '../openapi.js';

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
  app.get(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: "The organisation's users (everyone may list names; e-mails for admins)",
        response: { 200: z.object({ items: z.array(UserSchema) }), ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const rows = await listUsers(ctx.db, ctx.org.id);
      const isAdmin = ctx.actor.role === 'admin';
      return {
        items: rows.map((row) => ({
          ...presentUserWithVersion(row),
          email: isAdmin || row.id === ctx.actor.userId ? row.email : '',
        })),
      };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Admin: create a user',
        body: UserCreateSchema,
        response: { 201: UserSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      const ctx = await commandContext(req);
      const row = await createUser(ctx, req.body);
      reply.status(201);
      return presentUserWithVersion(row);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['users'],
        summary:
          'Admin: change a user (name, role, team, active; send the version). The last active admin cannot be deactivated or demoted (409)',
        params: idParams,
        body: UserUpdateSchema,
        response: { 200: UserSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return presentUserWithVersion(await updateUser(ctx, (req.params as { id: string }).id, req.body));
    },
  );

  app.get(
    '/api/teams',
    {
      schema: {
        tags: ['users'],
        summary: 'Teams',
        response: { 200: z.object({ items: z.array(TeamSchema) }), ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      requirePermission(ctx.actor, 'readAccounts');
      return { items: (await listTeams(ctx.db, ctx.org.id)).map(presentTeam) };
    },
  );

  app.post(
    '/api/teams',
    {
      schema: {
        tags: ['users'],
        summary: 'Admin: create a team',
        body: TeamCreateSchema,
        response: { 201: TeamSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      const ctx = await commandContext(req);
      const row = await createTeam(ctx, req.body);
      reply.status(201);
      return presentTeam(row);
    },
  );

  app.patch(
    '/api/teams/:id',
    {
      schema: {
        tags: ['users'],
        summary:
          'Admin: rename a team, name its manager or set its reminder and digest times (null: the organisation’s); send the version',
        params: idParams,
        body: TeamUpdateSchema,
        response: { 200: TeamSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return presentTeam(await updateTeam(ctx, (req.params as { id: string }).id, req.body));
    },
  );
}
