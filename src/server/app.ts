import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PageCache } from '../commands/page-cache.js';
import type { ChannelSender } from '../commands/test-channel.js';
import type { Db } from '../store/db.js';
import type { AppServices } from './context.js';
import { registerAuth } from './plugins/auth.js';
import { registerErrorHandling } from './plugins/errors.js';
import { defaultWebRoot, registerWebApp } from './plugins/web.js';
import { ROUTES } from './routes/index.js';

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
}

const LEDGER_CACHE_BYTES = 16 * 1024 * 1024;

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

  // Route schemas document the API; input is validated by the commands (after the 401/404/403 checks,
  // in the order API.md fixes), so fastify itself neither validates nor serialises with them.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  // The API speaks JSON only: a text/plain body (which browsers send cross-site without a preflight)
  // is refused with 415 instead of reaching the commands as a string.
  app.removeContentTypeParser('text/plain');
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Taizhang API',
        description: 'The sales progress ledger (台账). Errors are application/problem+json.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tz_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerErrorHandling(app);
  registerAuth(app);

  app.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness and database engine',
        security: [],
        response: { 200: z.object({ status: z.literal('ok'), db: z.enum(['sqlite', 'postgres']) }) },
      },
    },
    async () => ({ status: 'ok' as const, db: options.db.engine }),
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const routes of ROUTES) await app.register(routes);
  // The web app (when built); without it the root leads to the browsable API.
  if (!(await registerWebApp(app, options.webRoot ?? defaultWebRoot()))) {
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/api/docs'));
  }
  return app;
}
