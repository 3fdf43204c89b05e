import { MarkReadSchema } from '../contract/notifications.js';
import { parseInput } from '../contract/validate.js';
import { invalid } from '../domain/problem.js';
import { countUnread, markRead } from '../store/queries/notifications.js';
import type { CommandContext } from './context.js';

/**
 * Marks some or all of the user's notifications read. Reading is the reader's own state, like a
 * session, so it leaves no audit row.
 */
export async function markNotificationsRead(
  ctx: CommandContext,
  input: unknown,
): Promise<{ updated: number; unread: number }> {
  const { actor, now } = ctx;
  const data = parseInput(MarkReadSchema, input);
  if (!data.all && (!data.ids || data.ids.length === 0))
    throw invalid([
      {
        field: 'ids',
        message: { zh: '请指定要标记的通知，或 all: true', en: 'name the notifications, or send all: true' },
      },
    ]);
  return ctx.db.transaction().execute(async (trx) => {
    const updated = await markRead(trx, actor.orgId, actor.userId, data.all ? 'all' : data.ids!, now.toISOString());
    return { updated, unread: await countUnread(trx, actor.orgId, actor.userId) };
  });
}
