import type { Actor, Permission } from '../domain/actor.js';
import { can } from '../domain/actor.js';
import { forbidden } from '../domain/problem.js';
import type { Q } from '../store/dialect.js';
import type { OrgContext } from '../store/queries/org.js';

/** What every use-case receives: the database (or transaction), who acts, their organisation, the time. */
export interface CommandContext {
  db: Q;
  actor: Actor;
  org: OrgContext;
  now: Date;
}

/** Throws 403 unless the actor's role has the permission. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}
