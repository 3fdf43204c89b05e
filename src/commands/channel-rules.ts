import {
  type NotificationChannel,
  NotificationChannelSchema,
  summariseChannel,
} from '../contract/notification-channels.js';
import type { Actor } from '../domain/actor.js';
import { forbidden, notFound } from '../domain/problem.js';
import type { Q } from '../store/dialect.js';
import { getChannel } from '../store/queries/notifications.js';
import { getTeamRow, getUserRow } from '../store/queries/users.js';
import type { ChannelRow } from '../store/schema.js';

export const CHANNEL_NOT_FOUND = { zh: '找不到该通知通道', en: 'Notification channel not found' };

/**
 * Who may manage a channel: anyone their own, an admin anyone's; a team's group chat its manager and
 * admins. Unknown people and teams answer 404, like records of another organisation.
 */
export async function requireScopeManager(db: Q, actor: Actor, scope: 'user' | 'team', scopeId: string): Promise<void> {
  if (scope === 'user') {
    if (scopeId === actor.userId) return;
    if (!(await getUserRow(db, actor.orgId, scopeId))) throw notFound({ zh: '找不到该用户', en: 'User not found' });
    if (actor.role !== 'admin') throw forbidden();
    return;
  }
  const team = await getTeamRow(db, actor.orgId, scopeId);
  if (!team) throw notFound({ zh: '找不到该团队', en: 'Team not found' });
  if (actor.role === 'admin' || (actor.role === 'manager' && team.manager_id === actor.userId)) return;
  throw forbidden();
}

/** A live channel of the organisation that the actor may manage, or 404 / 403. */
export async function findManageableChannel(db: Q, actor: Actor, id: string): Promise<ChannelRow> {
  const row = await getChannel(db, actor.orgId, id);
  if (!row) throw notFound(CHANNEL_NOT_FOUND);
  await requireScopeManager(db, actor, row.scope, row.scope_id);
  return row;
}

/** The stored configuration of a channel, parsed (kind from its column). */
export function channelConfig(row: Pick<ChannelRow, 'kind' | 'config'>): NotificationChannel | null {
  const parsed = NotificationChannelSchema.safeParse({ ...(JSON.parse(row.config) as object), kind: row.kind });
  return parsed.success ? parsed.data : null;
}

/** What the audit trail keeps of a channel: never its secret or token. */
export function channelAuditView(row: Pick<ChannelRow, 'name' | 'enabled' | 'kind' | 'config'>) {
  const config = channelConfig(row);
  return {
    name: row.name,
    enabled: row.enabled === 1,
    kind: row.kind,
    target: config ? summariseChannel(config).target : null,
  };
}
