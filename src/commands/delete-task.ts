import { notFound, staleVersion } from '../domain/problem.js';
import { writeAudit } from '../store/queries/audit.js';
import { findVisibleTask, getTaskRow, type TaskRow, updateTaskIfVersion } from '../store/queries/tasks.js';
import type { CommandContext } from './context.js';
import { requireTaskWrite, TASK_NOT_FOUND } from './task-rules.js';

/** Soft-deletes a task (audited). */
export async function deleteTask(ctx: CommandContext, id: string): Promise<TaskRow> {
  const { actor, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findVisibleTask(trx, actor, id);
    if (!before) throw notFound(TASK_NOT_FOUND);
    requireTaskWrite(actor, before);
    const at = now.toISOString();
    if (!(await updateTaskIfVersion(trx, id, before.version, { deleted_at: at, updated_at: at }))) {
      throw staleVersion((await getTaskRow(trx, id))?.version ?? before.version);
    }
    await writeAudit(trx, actor, now, { entity: 'task', entityId: id, action: 'delete' });
    return (await getTaskRow(trx, id))!;
  });
}
