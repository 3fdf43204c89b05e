import { ChannelUpdateSchema } from '../contract/notifications.js';
import { parseInput } from '../contract/validate.js';
import { notFound, staleVersion } from '../domain/problem.js';
import { writeAudit } from '../store/queries/audit.js';
import { getChannel, updateChannelIfVersion } from '../store/queries/notifications.js';
import type { ChannelRow } from '../store/schema.js';
import { viewChanges } from './account-rules.js';
import { CHANNEL_NOT_FOUND, channelAuditView, channelConfig, findManageableChannel } from './channel-rules.js';
import type { CommandContext } from './context.js';

/**
 * Renames, re-addresses, enables or disables a channel (send its version). A new configuration of the
 * same kind without a secret keeps the stored secret, so Settings never has to show it. Changing the
 * configuration clears the failing state: the next message tries again.
 */
export async function updateChannel(ctx: CommandContext, id: string, input: unknown): Promise<ChannelRow> {
  const { actor, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findManageableChannel(trx, actor, id);
    const data = parseInput(ChannelUpdateSchema, input);
    if (data.version !== row.version) throw staleVersion(row.version);
    let config = row.config;
    let kind = row.kind;
    if (data.config) {
      const { kind: nextKind, ...rest } = data.config;
      const stored = channelConfig(row);
      const keepSecret =
        stored &&
        stored.kind === nextKind &&
        'secret' in stored &&
        stored.secret !== undefined &&
        !('secret' in rest && rest.secret !== undefined);
      config = JSON.stringify(keepSecret ? { ...rest, secret: (stored as { secret: string }).secret } : rest);
      kind = nextKind;
    }
    const patch = {
      name: data.name !== undefined ? data.name.trim() : row.name,
      kind,
      config,
      enabled: data.enabled !== undefined ? (data.enabled ? 1 : 0) : row.enabled,
      ...(data.config ? { failing_since: null, last_error: null } : {}),
      updated_at: now.toISOString(),
    };
    const next: ChannelRow = { ...row, ...patch, version: row.version + 1 };
    const changes = viewChanges(channelAuditView(row), channelAuditView(next));
    if (data.config && config !== row.config && !changes.some((change) => change.field === 'target'))
      changes.push({ field: 'config', from: null, to: '…' });
    if (changes.length === 0) return row;
    if (!(await updateChannelIfVersion(trx, row.id, row.version, patch))) {
      const current = await getChannel(trx, actor.orgId, row.id);
      if (!current) throw notFound(CHANNEL_NOT_FOUND);
      throw staleVersion(current.version);
    }
    await writeAudit(trx, actor, now, { entity: 'notification_channel', entityId: row.id, action: 'update', changes });
    return next;
  });
}
