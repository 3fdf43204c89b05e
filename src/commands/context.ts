import type { Actor, Permission } from '../domain/actor.js';
import { can } from '../domain/actor.js';
import { forbidden } from '../domain/problem.js';
import type { Q } from '../store/dialect.js';
import type { OrgContext } from '../store/queries/org.js';
import type { PageCache } from './page-cache.js';

/** What every use-case receives: the database (or transaction), who acts, their organisation, the time. */
export interface CommandContext {
  db: Q;
  actor: Actor;
  org: OrgContext;
  now: Date;
  /**
   * Where the caller came through the sign-in check: the organisation's ledger version read with it, and
   * the instance's cache of ledger pages (list-deals) that the version keys. Absent for jobs and scripts.
   */
  ledger?: { version: number; pages: PageCache<unknown> };
}

/** Throws 403 unless the actor's role has the permission. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}
