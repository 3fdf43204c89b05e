import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type HandlerAnswerOf, type HttpMethod, type PathParams, splitRouteKey } from '../../contract/http.js';
import { API_ROUTES, type ApiRouteKey, type ApiRoutes } from '../../contract/routes.js';
import { Problem } from '../../domain/problem.js';

type PathOf<K extends string> = K extends `${string} ${infer P}` ? P : never;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route table entry this route serves (contract/routes.ts). */
    routeKey?: string;
    /** Set on the catch-all of a path's missing methods: the methods it has (the Allow header). */
    allow?: string;
  }
}

export type RouteRequest<K extends ApiRouteKey> = FastifyRequest<{
  Params: PathParams<PathOf<K>>;
  Querystring: unknown;
  Body: unknown;
}>;

/** A handler answers its route's documented success shape, or sends the reply itself (files, pre-serialised JSON). */
export type RouteHandler<K extends ApiRouteKey> = (
  req: RouteRequest<K>,
  reply: FastifyReply,
) => Promise<HandlerAnswerOf<ApiRoutes, K> | FastifyReply>;

/**
 * Registers the handler of one route table entry: method and path come from the key, the success status
 * from the entry. Request bodies and queries reach the handler as sent; its command parses them with the
 * entry's own schemas (so 401/404/403 are answered before 400, in the order API.md fixes).
 */
export function defineRoute<K extends ApiRouteKey>(app: FastifyInstance, key: K, handler: RouteHandler<K>): void {
  const [method, url] = splitRouteKey(key);
  const spec = API_ROUTES[key];
  const status = 'status' in spec ? spec.status : undefined;
  app.route({
    method,
    url,
    config: { routeKey: key },
    handler: status
      ? async (req, reply) => {
          reply.status(status);
          return handler(req as RouteRequest<K>, reply);
        }
      : (handler as (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>),
  });
}

const ALL_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Every path of the route table answers the methods it does not have with 405 and an Allow header
 * (before any sign-in check: which methods exist is no secret), instead of a 404 that says the path
 * does not exist.
 */
export function registerMethodNotAllowed(app: FastifyInstance): void {
  const methodsByPath = new Map<string, Set<string>>();
  for (const key of Object.keys(API_ROUTES)) {
    const [method, path] = splitRouteKey(key);
    const methods = methodsByPath.get(path) ?? new Set<HttpMethod | 'HEAD'>();
    methods.add(method);
    if (method === 'GET') methods.add('HEAD');
    methodsByPath.set(path, methods);
  }
  for (const [path, methods] of methodsByPath) {
    const allow = ALL_METHODS.filter((m) => methods.has(m)).join(', ');
    const missing = ALL_METHODS.filter((m) => !methods.has(m));
    app.route({
      method: missing,
      url: path,
      exposeHeadRoute: false,
      config: { allow },
      handler: async (_req, reply) => {
        reply.header('allow', allow);
        throw new Problem('method_not_allowed', {
          zh: `此地址只接受：${allow}`,
          en: `This address accepts: ${allow}`,
        });
      },
    });
  }
}

/** Fails start-up when a route table entry has no handler or a handler serves no entry. */
export function checkRouteTableServed(registered: Set<string>): void {
  const missing = Object.keys(API_ROUTES).filter((key) => !registered.has(key));
  if (missing.length > 0) throw new Error(`route table entries without a handler: ${missing.join(', ')}`);
}
