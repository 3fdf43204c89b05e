import { TaskListQuerySchema } from '../contract/tasks.js';
import { parseInput } from '../contract/validate.js';
import { invalid } from '../domain/problem.js';
import { listTasks, TASK_NO_DUE } from '../store/queries/tasks.js';
import type { CommandContext } from './context.js';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor.js';

const SORT = 'due';

/** One page of the tasks the actor may read, soonest due first (no due time last). */
export async function listTasksPage(ctx: CommandContext, query: unknown) {
  const data = parseInput(TaskListQuerySchema, query);
  let after: { due: string; id: string } | undefined;
  if (data.cursor) {
    const decoded = decodeKeysetCursor(data.cursor, SORT);
    if (!decoded || typeof decoded.value !== 'string')
      throw invalid([{ field: 'cursor', message: { zh: '翻页游标无效', en: 'Invalid cursor' } }]);
    after = { due: decoded.value, id: decoded.id };
  }
  const { rows, total } = await listTasks(
    ctx.db,
    ctx.actor,
    {
      dealId: data.dealId,
      accountId: data.accountId,
      assigneeId: data.assignee === 'me' ? ctx.actor.userId : data.assigneeId,
      notAssigneeId: data.assignee === 'others' ? ctx.actor.userId : undefined,
      createdBy: data.createdBy === 'me' ? ctx.actor.userId : data.createdBy,
      status: data.status,
    },
    ctx.now,
    { limit: data.limit + 1, after, count: data.count },
  );
  const page = rows.slice(0, data.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > data.limit && last ? encodeKeysetCursor(SORT, last.due_at ?? TASK_NO_DUE, last.id) : null;
  return { rows: page, nextCursor, total };
}
