import { TaskVersionSchema } from '../contract/tasks.js';
import { parseInput } from '../contract/validate.js';
import { notFound, Problem, staleVersion } from '../domain/problem.js';
import { writeAudit } from '../store/queries/audit.js';
import { findVisibleTask, getTaskRow, type TaskRow, updateTaskIfVersion } from '../store/queries/tasks.js';
import type { CommandContext } from './context.js';
import { requireTaskWrite, TASK_NOT_FOUND } from './task-rules.js';

/**
 * Marks a task done (done=true) or open again (done=false), checking `version`. Completing writes a
 * `task_done` row on the task and on its deal, so the deal's timeline shows it.
 */
export async function setTaskDone(ctx: CommandContext, id: string, input: unknown, done: boolean): Promise<TaskRow> {
  const { actor, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findVisibleTask(trx, actor, id);
    if (!before) throw notFound(TASK_NOT_FOUND);
    requireTaskWrite(actor, before);
    const data = parseInput(TaskVersionSchema, input);
    if (data.version !== before.version) throw staleVersion(before.version);
    if ((before.done_at !== null) === done) {
      throw new Problem(
        'conflict',
        done
          ? { zh: '任务已完成', en: 'The task is already done' }
          : { zh: '任务尚未完成', en: 'The task is not done' },
      );
    }
    const at = now.toISOString();
    const doneAt = done ? at : null;
    if (!(await updateTaskIfVersion(trx, id, before.version, { done_at: doneAt, updated_at: at }))) {
      throw staleVersion((await getTaskRow(trx, id))?.version ?? before.version);
    }
    const action = done ? 'task_done' : 'task_reopen';
    await writeAudit(trx, actor, now, {
      entity: 'task',
      entityId: id,
      action,
      changes: [{ field: 'doneAt', from: before.done_at, to: doneAt }],
    });
    if (before.deal_id)
      await writeAudit(trx, actor, now, {
        entity: 'deal',
        entityId: before.deal_id,
        action,
        changes: [{ field: 'task', from: null, to: before.title }],
      });
    return (await getTaskRow(trx, id))!;
  });
}
