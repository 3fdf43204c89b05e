import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createApiToken } from '../../../commands/create-api-token.js';
import { login } from '../../../commands/login.js';
import { Problem } from '../../../domain/problem.js';
import { deleteSession } from '../../../store/queries/auth.js';
import { getUserRow } from '../../../store/queries/users.js';
import { commandContext, requireActor } from '../../context.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { presentUser } from '../../present.js';
import { defineRoute } from '../define-route.js';

const tags = ['auth'];
const MeSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  teamId: z.string().nullable(),
});

export async function authRoutes(app: FastifyInstance) {
  defineRoute(app, 'POST /api/auth/login', async (req, reply) => {
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
  });

  defineRoute(app, 'POST /api/auth/logout', async (req, reply) => {
    requireActor(req);
    if (req.sessionHash) await deleteSession(app.services.db.kysely, req.sessionHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  defineRoute(app, 'GET /api/me', async (req) => {
    const actor = requireActor(req);
    const user = await getUserRow(app.services.db.kysely, actor.orgId, actor.userId);
    if (!user) throw new Problem('unauthenticated');
    return { ...presentUser(user), csrfToken: req.sessionCsrf ?? undefined };
  });

  defineRoute(app, 'POST /api/tokens', async (req, reply) => {
    const ctx = await commandContext(req);
    const created = await createApiToken(ctx, req.body);
    return created;
  });
}
