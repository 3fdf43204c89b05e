import { InboxQuerySchema } from '../contract/notifications.js';
import { parseInput } from '../contract/validate.js';
import { invalid } from '../domain/problem.js';
import { countUnread, listInbox } from '../store/queries/notifications.js';
import type { NotificationRow } from '../store/schema.js';
import type { CommandContext } from './context.js';

/** The signed-in user's inbox, newest first, with the unread count (for the bell's badge). */
export async function listNotifications(
  ctx: CommandContext,
  query: unknown,
): Promise<{ rows: NotificationRow[]; nextCursor: string | null; unread: number }> {
  const { actor } = ctx;
  const data = parseInput(InboxQuerySchema, query);
  let before: { createdAt: string; id: string } | undefined;
  if (data.cursor) {
    const [createdAt, id] = Buffer.from(data.cursor, 'base64url').toString().split('|');
    if (!createdAt || !id) throw invalid([{ field: 'cursor', message: { zh: '翻页游标无效', en: 'Invalid cursor' } }]);
    before = { createdAt, id };
  }
  const rows = await listInbox(ctx.db, actor.orgId, actor.userId, {
    unreadOnly: data.unread === 'true',
    limit: data.limit + 1,
    before,
  });
  const page = rows.slice(0, data.limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor:
      rows.length > data.limit && last ? Buffer.from(`${last.created_at}|${last.id}`).toString('base64url') : null,
    unread: await countUnread(ctx.db, actor.orgId, actor.userId),
  };
}
