import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '../commands/context.js';
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
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    lang: Lang;
    /** Set on cookie-authenticated requests: the session's CSRF token. */
    sessionCsrf: string | null;
    sessionHash: string | null;
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
  const { db, clock } = req.server.services;
  const org = await loadOrgContext(db.kysely, actor.orgId);
  if (!org) throw new Problem('unauthenticated');
  return { db: db.kysely, actor, org: org as OrgContext, now: clock() };
}
