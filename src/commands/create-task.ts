import { TaskCreateSchema } from '../contract/tasks.js';
import { parseInput } from '../contract/validate.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { insertTask, type TaskRow } from '../store/queries/tasks.js';
import { textOrNull, viewChanges } from './account-rules.js';
import { type CommandContext, requirePermission } from './context.js';
import { throwIfErrors } from './deal-rules.js';
import { normaliseDue, taskAuditView, taskReferenceErrors } from './task-rules.js';

/** Creates a task, optionally on a deal the actor may see or an account; the deal's trail notes it. */
export async function createTask(ctx: CommandContext, input: unknown): Promise<TaskRow> {
  const { actor, org, now } = ctx;
  requirePermission(actor, 'writeTasks');
  const data = parseInput(TaskCreateSchema, input);
  return ctx.db.transaction().execute(async (trx) => {
    const { errors, deal } = await taskReferenceErrors(trx, actor, {
      assigneeId: data.assigneeId,
      dealId: data.dealId,
      accountId: data.accountId,
    });
    throwIfErrors(errors);
    const at = now.toISOString();
    const row: TaskRow = {
      id: newId(now.getTime()),
      org_id: org.id,
      title: data.title.trim(),
      notes: textOrNull(data.notes),
      assignee_id: data.assigneeId,
      created_by: actor.userId,
      due_at: normaliseDue(data.dueAt),
      deal_id: data.dealId ?? null,
      account_id: data.accountId ?? deal?.account_id ?? null,
      done_at: null,
      version: 1,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    };
    await insertTask(trx, row);
    await writeAudit(trx, actor, now, {
      entity: 'task',
      entityId: row.id,
      action: 'create',
      changes: viewChanges(null, taskAuditView(row)),
    });
    if (row.deal_id)
      await writeAudit(trx, actor, now, {
        entity: 'deal',
        entityId: row.deal_id,
        action: 'task',
        changes: [{ field: 'task', from: null, to: row.title }],
      });
    return row;
  });
}
