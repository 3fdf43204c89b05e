import { TaskUpdateSchema } from '../contract/tasks.js';
import { parseInput } from '../contract/validate.js';
import { notFound, staleVersion } from '../domain/problem.js';
import { writeAudit } from '../store/queries/audit.js';
import { findVisibleTask, getTaskRow, type TaskRow, updateTaskIfVersion } from '../store/queries/tasks.js';
import { textOrNull, viewChanges } from './account-rules.js';
import type { CommandContext } from './context.js';
import { throwIfErrors } from './deal-rules.js';
import { normaliseDue, requireTaskWrite, TASK_NOT_FOUND, taskAuditView, taskReferenceErrors } from './task-rules.js';

/** Edits a task's title, notes, assignee or due time, checking `version`. */
export async function updateTask(ctx: CommandContext, id: string, input: unknown): Promise<TaskRow> {
  const { actor, now } = ctx;
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findVisibleTask(trx, actor, id);
    if (!before) throw notFound(TASK_NOT_FOUND);
    requireTaskWrite(actor, before);
    const data = parseInput(TaskUpdateSchema, input);
    throwIfErrors((await taskReferenceErrors(trx, actor, { assigneeId: data.assigneeId })).errors);
    if (data.version !== before.version) throw staleVersion(before.version);

    const patch: Partial<TaskRow> = {};
    if (data.title !== undefined) patch.title = data.title.trim();
    if (data.notes !== undefined) patch.notes = textOrNull(data.notes);
    if (data.assigneeId !== undefined) patch.assignee_id = data.assigneeId;
    if (data.dueAt !== undefined) patch.due_at = normaliseDue(data.dueAt);
    const changes = viewChanges(taskAuditView(before), taskAuditView({ ...before, ...patch }));
    if (changes.length === 0) return before;
    patch.updated_at = now.toISOString();
    if (!(await updateTaskIfVersion(trx, id, before.version, patch)))
      throw staleVersion((await getTaskRow(trx, id))?.version ?? before.version);
    await writeAudit(trx, actor, now, { entity: 'task', entityId: id, action: 'update', changes });
    return (await getTaskRow(trx, id))!;
  });
}
