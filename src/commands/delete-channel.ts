import { staleVersion } from '../domain/problem.js';
import { writeAudit } from '../store/queries/audit.js';
import { updateChannelIfVersion } from '../store/queries/notifications.js';
import { findManageableChannel } from './channel-rules.js';
import type { CommandContext } from './context.js';

/** Removes a channel (soft: its delivery history stays); messages still queued for it are not sent. */
export async function deleteChannel(ctx: CommandContext, id: string): Promise<void> {
  const { actor, now } = ctx;
  await ctx.db.transaction().execute(async (trx) => {
    const row = await findManageableChannel(trx, actor, id);
    if (
      !(await updateChannelIfVersion(trx, row.id, row.version, {
        deleted_at: now.toISOString(),
        updated_at: now.toISOString(),
      }))
    )
      throw staleVersion(row.version + 1);
    await writeAudit(trx, actor, now, { entity: 'notification_channel', entityId: row.id, action: 'delete' });
  });
}
