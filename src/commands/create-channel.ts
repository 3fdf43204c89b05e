import { ChannelCreateSchema } from '../contract/notifications.js';
import { parseInput } from '../contract/validate.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { insertChannel } from '../store/queries/notifications.js';
import type { ChannelRow } from '../store/schema.js';
import { viewChanges } from './account-rules.js';
import { channelAuditView, requireScopeManager } from './channel-rules.js';
import type { CommandContext } from './context.js';

/** Adds a notification channel (a robot, a webhook, e-mail) for a person or a team's group chat. */
export async function createChannel(ctx: CommandContext, input: unknown): Promise<ChannelRow> {
  const { actor, org, now } = ctx;
  const data = parseInput(ChannelCreateSchema, input);
  const scopeId = data.scopeId ?? (data.scope === 'user' ? actor.userId : '');
  return ctx.db.transaction().execute(async (trx) => {
    await requireScopeManager(trx, actor, data.scope, scopeId);
    const at = now.toISOString();
    const { kind, ...config } = data.config;
    const row: ChannelRow = {
      id: newId(now.getTime()),
      org_id: org.id,
      scope: data.scope,
      scope_id: scopeId,
      kind,
      name: data.name.trim(),
      config: JSON.stringify(config),
      enabled: data.enabled ? 1 : 0,
      failing_since: null,
      last_error: null,
      last_success_at: null,
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
      version: 1,
      deleted_at: null,
    };
    await insertChannel(trx, row);
    await writeAudit(trx, actor, now, {
      entity: 'notification_channel',
      entityId: row.id,
      action: 'create',
      changes: viewChanges(null, channelAuditView(row)),
    });
    return row;
  });
}
