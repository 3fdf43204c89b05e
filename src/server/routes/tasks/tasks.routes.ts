import type { FastifyInstance } from 'fastify';
import { setTaskDone } from '../../../commands/complete-task.js';
import type { CommandContext } from '../../../commands/context.js';
import { createTask } from '../../../commands/create-task.js';
import { deleteTask } from '../../../commands/delete-task.js';
import { listTasksPage } from '../../../commands/list-tasks.js';
import { TASK_NOT_FOUND } from '../../../commands/task-rules.js';
import { updateTask } from '../../../commands/update-task.js';
import { notFound } from '../../../domain/problem.js';
import { findVisibleTask, type TaskRow, taskNames } from '../../../store/queries/tasks.js';
import { commandContext } from '../../context.js';
import { defineRoute } from '../define-route.js';

const tags = ['tasks'];

type Names = Awaited<ReturnType<typeof taskNames>>;

export function presentTask(row: TaskRow, names: Names, now: Date) {
  return {
    id: row.id,
    title: row.title,
    notes: row.notes,
    assigneeId: row.assignee_id,
    assigneeName: names.users.get(row.assignee_id) ?? null,
    createdBy: row.created_by,
    dueAt: row.due_at,
    dealId: row.deal_id,
    dealTitle: row.deal_id ? (names.deals.get(row.deal_id) ?? null) : null,
    accountId: row.account_id,
    accountName: row.account_id ? (names.accounts.get(row.account_id) ?? null) : null,
    doneAt: row.done_at,
    overdue: row.done_at === null && row.due_at !== null && row.due_at < now.toISOString(),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function taskAnswer(ctx: CommandContext, row: TaskRow) {
  return presentTask(row, await taskNames(ctx.db, ctx.actor, [row]), ctx.now);
}

export async function taskRoutes(app: FastifyInstance) {
  defineRoute(app, 'GET /api/tasks', async (req) => {
    const ctx = await commandContext(req);
    const page = await listTasksPage(ctx, req.query);
    const names = await taskNames(ctx.db, ctx.actor, page.rows);
    return {
      items: page.rows.map((row) => presentTask(row, names, ctx.now)),
      nextCursor: page.nextCursor,
      ...(page.total !== undefined ? { total: page.total } : {}),
    };
  });

  defineRoute(app, 'POST /api/tasks', async (req, reply) => {
    const ctx = await commandContext(req);
    const row = await createTask(ctx, req.body);
    return taskAnswer(ctx, row);
  });

  defineRoute(app, 'GET /api/tasks/:id', async (req) => {
    const ctx = await commandContext(req);
    const row = await findVisibleTask(ctx.db, ctx.actor, req.params.id);
    if (!row) throw notFound(TASK_NOT_FOUND);
    return taskAnswer(ctx, row);
  });

  defineRoute(app, 'PATCH /api/tasks/:id', async (req) => {
    const ctx = await commandContext(req);
    return taskAnswer(ctx, await updateTask(ctx, req.params.id, req.body));
  });

  defineRoute(app, 'POST /api/tasks/:id/complete', async (req) => {
    const ctx = await commandContext(req);
    return taskAnswer(ctx, await setTaskDone(ctx, req.params.id, req.body, true));
  });

  defineRoute(app, 'POST /api/tasks/:id/reopen', async (req) => {
    const ctx = await commandContext(req);
    return taskAnswer(ctx, await setTaskDone(ctx, req.params.id, req.body, false));
  });

  defineRoute(app, 'DELETE /api/tasks/:id', async (req) => {
    const ctx = await commandContext(req);
    return taskAnswer(ctx, await deleteTask(ctx, req.params.id));
  });
}
