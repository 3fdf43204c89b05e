import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '../commands/context.js';
import type { PageCache } from '../commands/page-cache.js';
import type { ChannelSender } from '../commands/test-channel.js';
import type { Actor } from '../domain/actor.js';
import type { Lang } from '../domain/i18n.js';
import { Problem } from '../domain/problem.js';
import type { Db } from '../store/db.js';
import { loadOrgContext, type OrgContext } from '../store/queries/org.js';

/** What routes get from the app besides the request. */
export interface AppServices {
  db: Db;
  clock: () => Date;
  dataDir: string;
  secureCookies: boolean;
  /** The app's public address (links in messages), without a trailing slash. */
  publicUrl: string;
  /** Sends a message through a channel now (jobs/notifiers), for "send test message"; absent: not set up. */
  channelSender?: ChannelSender;
  /** Organisation contexts by id, each valid for the organisation version it was read at. */
  orgContexts: Map<string, OrgContext>;
  /** Ledger pages recently answered by this instance (commands/list-deals), keyed by the versions they hold. */
  ledgerPages: PageCache<unknown>;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    lang: Lang;
    /** Set on cookie-authenticated requests: the session's CSRF token. */
    sessionCsrf: string | null;
    sessionHash: string | null;
    /** The caller's organisation version, read with the session or token (null when signed out). */
    orgVersion: number | null;
    /** The caller's organisation's ledger version, read likewise (store/queries/auth OrgVersions). */
    ledgerVersion: number | null;
  }
  interface FastifyInstance {
    services: AppServices;
  }
}

/** The signed-in actor, or 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new Problem('unauthenticated');
  return req.actor;
}

/** Builds the command context for a signed-in request. */
export async function commandContext(req: FastifyRequest): Promise<CommandContext> {
  const actor = requireActor(req);
  const { db, clock, orgContexts, ledgerPages } = req.server.services;
  // Settings and stages change rarely and bump the organisation's version, which the sign-in check has
  // just read: the context read at that version is reused (two queries fewer per request), on any instance.
  let org = orgContexts.get(actor.orgId);
  if (!org || org.version !== req.orgVersion) {
    org = await loadOrgContext(db.kysely, actor.orgId);
    if (!org) throw new Problem('unauthenticated');
    orgContexts.set(org.id, deepFreeze(org));
  }
  // A caller that asks for no cached answer (Cache-Control: no-cache) gets one read from the database.
  const fresh = /\bno-cache\b/.test(req.headers['cache-control'] ?? '');
  const ledger = req.ledgerVersion === null || fresh ? undefined : { version: req.ledgerVersion, pages: ledgerPages };
  return { db: db.kysely, actor, org, now: clock(), ledger };
}

/** Shared between concurrent requests, so read-only: a command that tried to change it would throw. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
