import type { FastifyInstance, FastifyRequest } from 'fastify';
import { safeEqual, secretHash } from '../../commands/security.js';
import { type RouteSpec, splitRouteKey } from '../../contract/http.js';
import { API_ROUTES } from '../../contract/routes.js';
import { langFromHeader } from '../../domain/i18n.js';
import { Problem } from '../../domain/problem.js';
import { findSessionActor, findTokenActor, touchToken } from '../../store/queries/auth.js';

export const SESSION_COOKIE = 'tz_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes a signed-out client may write to (sign-in itself). */
const CSRF_EXEMPT = new Set(['/api/auth/login']);
/** API routes open to anyone: those the route table marks public (API.md), and the browsable docs. */
const PUBLIC_ROUTES = new Set(
  Object.entries(API_ROUTES as Record<string, RouteSpec>)
    .filter(([, spec]) => spec.public)
    .map(([key]) => splitRouteKey(key)[1]),
);

function isPublicRoute(req: FastifyRequest): boolean {
  const route = req.routeOptions.url;
  // An unmatched URL (undefined) falls through to the 404 handler; '/*' is the web app's files and pages.
  return (
    route === undefined ||
    route === '/*' ||
    PUBLIC_ROUTES.has(route) ||
    route === '/api/docs' ||
    route.startsWith('/api/docs/')
  );
}

/**
 * Resolves who is calling: a session cookie (then state-changing requests must echo the CSRF token in
 * x-csrf-token) or `Authorization: Bearer <token>` (no CSRF: a header a browser never adds by itself).
 */
export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('lang', 'zh-CN');
  app.decorateRequest('sessionCsrf', null);
  app.decorateRequest('sessionHash', null);
  app.decorateRequest('orgVersion', null);
  app.decorateRequest('ledgerVersion', null);

  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.lang = langFromHeader(req.headers['accept-language']);
    if (!req.url.startsWith('/api/')) return;
    // A method the path does not have is answered 405 whoever asks (registerMethodNotAllowed).
    if (req.routeOptions.config.allow !== undefined) return;
    const { db, clock } = app.services;
    const authorization = req.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const token = authorization.slice('Bearer '.length).trim();
      const actor = token ? await findTokenActor(db.kysely, secretHash(token)) : undefined;
      if (!actor)
        throw new Problem('unauthenticated', { zh: 'API 令牌无效或已撤销', en: 'The API token is invalid or revoked' });
      const { tokenId, orgVersion, ledgerVersion, ...rest } = actor;
      req.actor = rest;
      req.orgVersion = orgVersion;
      req.ledgerVersion = ledgerVersion;
      void touchToken(db.kysely, tokenId, clock().toISOString()).catch((error) =>
        req.log.warn({ err: error }, 'token touch failed'),
      );
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    const hash = cookie ? secretHash(cookie) : null;
    const session = hash ? await findSessionActor(db.kysely, hash, clock().toISOString()) : undefined;
    // 401 comes first (API.md): answer it here, before the body is read, parsed or size-checked.
    if (!hash || !session) {
      if (!isPublicRoute(req)) throw new Problem('unauthenticated');
      return;
    }
    const { csrfToken, orgVersion, ledgerVersion, ...actor } = session;
    req.actor = actor;
    req.orgVersion = orgVersion;
    req.ledgerVersion = ledgerVersion;
    req.sessionCsrf = csrfToken;
    req.sessionHash = hash;
    if (UNSAFE.has(req.method) && !CSRF_EXEMPT.has(req.routeOptions.url ?? '')) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, csrfToken)) {
        throw new Problem('forbidden', {
          zh: '缺少或错误的 CSRF 令牌（x-csrf-token）',
          en: 'Missing or wrong CSRF token (x-csrf-token)',
        });
      }
    }
  });
}
