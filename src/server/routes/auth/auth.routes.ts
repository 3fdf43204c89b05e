import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createApiToken } from '../../../commands/create-api-token.js';
import { LoginSchema, login } from '../../../commands/login.js';
import { TokenCreateSchema, UserSchema } from '../../../contract/users.js';
import { Problem } from '../../../domain/problem.js';
import { deleteSession } from '../../../store/queries/auth.js';
import { getUserRow } from '../../../store/queries/users.js';
import { commandContext, requireActor } from '../../context.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { presentUser } from '../../present.js';
import { problemResponses } from '../openapi.js';

const tags = ['auth'];
const MeSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  teamId: z.string().nullable(),
});

export async function authRoutes(app: FastifyInstance) {
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in: sets the session cookie and answers the CSRF token',
        body: LoginSchema,
        response: { 200: z.object({ user: UserSchema, csrfToken: z.string() }), ...problemResponses },
      },
    },
    async (req, reply) => {
      const { db, clock, secureCookies } = app.services;
      const result = await login(db.kysely, req.body, req.ip, clock());
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies || req.protocol === 'https',
        expires: result.expiresAt,
      });
      return { user: presentUser(result.user), csrfToken: result.csrfToken };
    },
  );

  app.post('/api/auth/logout', { schema: { tags, summary: 'Sign out' } }, async (req, reply) => {
    requireActor(req);
    if (req.sessionHash) await deleteSession(app.services.db.kysely, req.sessionHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get(
    '/api/me',
    { schema: { tags, summary: 'Who am I', response: { 200: MeSchema, ...problemResponses } } },
    async (req) => {
      const actor = requireActor(req);
      const user = await getUserRow(app.services.db.kysely, actor.orgId, actor.userId);
      if (!user) throw new Problem('unauthenticated');
      return { ...presentUser(user), csrfToken: req.sessionCsrf ?? undefined };
    },
  );

  app.post(
    '/api/tokens',
    {
      schema: {
        tags,
        summary: 'Create a personal API token (shown once)',
        body: TokenCreateSchema,
        response: { 201: z.object({ id: z.string(), name: z.string(), token: z.string() }), ...problemResponses },
      },
    },
    async (req, reply) => {
      const ctx = await commandContext(req);
      const created = await createApiToken(ctx, req.body);
      reply.status(201);
      return created;
    },
  );
}
