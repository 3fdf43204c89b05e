import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { PageCache } from '../commands/page-cache.js';
import type { ChannelSender } from '../commands/test-channel.js';
import { type OpenApiDocument, openApiDocument } from '../contract/openapi.js';
import { API_ROUTES } from '../contract/routes.js';
import type { Db } from '../store/db.js';
import type { AppServices } from './context.js';
import { registerAuth } from './plugins/auth.js';
import { registerErrorHandling } from './plugins/errors.js';
import { defaultWebRoot, registerWebApp } from './plugins/web.js';
import { checkRouteTableServed, defineRoute, registerMethodNotAllowed } from './routes/define-route.js';
import { ROUTES } from './routes/index.js';

/** One answer as sent (for `onAnswer`). */
export interface Answer {
  /** The route table entry that answered (contract/routes.ts), if any. */
  routeKey: string | undefined;
  method: string;
  url: string;
  status: number;
  headers: Record<string, unknown>;
  /** The body as serialised (string or Buffer), or the stream of a file. */
  payload: unknown;
}

export interface BuildAppOptions {
  db: Db;
  dataDir: string;
  clock?: () => Date;
  secureCookies?: boolean;
  /** Believe X-Forwarded-* headers (only behind a proxy that sets them). */
  trustProxy?: boolean;
  logLevel?: string;
  /** Folder of the built web app (default dist/web). */
  webRoot?: string;
  /** Largest JSON body accepted, in bytes. */
  bodyLimit?: number;
  /** The app's public address, for links in notifications (default http://localhost:3000). */
  publicUrl?: string;
  /** Sends through notification channels (for "send test message"). */
  channelSender?: ChannelSender;
  /** Memory for recently answered ledger pages (commands/list-deals), in bytes; 0 turns the cache off. */
  ledgerCacheBytes?: number;
  /** Sees every answer as it leaves (the test suites check each against the OpenAPI document). */
  onAnswer?: (answer: Answer) => void;
}

const LEDGER_CACHE_BYTES = 16 * 1024 * 1024;

/** Made once per process: the route table does not change. */
let document: OpenApiDocument | undefined;

/** The HTTP application (API, OpenAPI docs), built the same way for tests and for `taizhang serve`. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'silent' },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    ajv: { customOptions: { coerceTypes: false } },
  });
  const services: AppServices = {
    db: options.db,
    clock: options.clock ?? (() => new Date()),
    dataDir: options.dataDir,
    secureCookies: options.secureCookies ?? false,
    publicUrl: (options.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, ''),
    channelSender: options.channelSender,
    orgContexts: new Map(),
    ledgerPages: new PageCache(options.ledgerCacheBytes ?? LEDGER_CACHE_BYTES),
  };
  app.decorate('services', services);

  // The API speaks JSON only: a text/plain body (which browsers send cross-site without a preflight)
  // is refused with 415 instead of reaching the commands as a string.
  app.removeContentTypeParser('text/plain');

  const { onAnswer } = options;
  if (onAnswer) {
    app.addHook('onSend', async (req, reply, payload) => {
      onAnswer({
        routeKey: req.routeOptions.config.routeKey,
        method: req.method,
        url: req.url,
        status: reply.statusCode,
        headers: reply.getHeaders(),
        payload,
      });
      return payload;
    });
  }
  await app.register(cookie);
  // The OpenAPI document is made from the route table (contract/openapi.ts); swagger-ui shows it at /api/docs.
  document ??= openApiDocument(API_ROUTES);
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerErrorHandling(app);
  registerAuth(app);

  // Every route serves one entry of the route table; start-up fails if an entry has no handler.
  const served = new Set<string>();
  app.addHook('onRoute', (route) => {
    if (route.config?.routeKey) served.add(route.config.routeKey);
  });
  defineRoute(app, 'GET /api/health', async () => ({ status: 'ok' as const, db: options.db.engine }));
  const apiDocument = document;
  defineRoute(app, 'GET /api/openapi.json', async () => apiDocument);
  for (const routes of ROUTES) await app.register(routes);
  registerMethodNotAllowed(app);
  checkRouteTableServed(served);
  // The web app (when built); without it the root leads to the browsable API.
  if (!(await registerWebApp(app, options.webRoot ?? defaultWebRoot()))) {
    app.get('/', async (_req, reply) => reply.redirect('/api/docs'));
  }
  return app;
}
