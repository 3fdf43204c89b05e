import type { FastifyInstance } from 'fastify';
import { setTaskDone } from '../../../commands/complete-task.js';
import type { CommandContext } from '../../../commands/context.js';
import { createTask } from '../../../commands/create-task.js';
import { deleteTask } from '../../../commands/delete-task.js';
import { listTasksPage } from '../../../commands/list-tasks.js';
import { TASK_NOT_FOUND } from '../../../commands/task-rules.js';
import { updateTask } from '../../../commands/update-task.js';
import {
  TaskCreateSchema,
  TaskListQuerySchema,
  TaskSchema,
  TaskUpdateSchema,
  TaskVersionSchema,
} from '../../../contract/tasks.js';
import { notFound } from '../../../domain/problem.js';
import { findVisibleTask, type TaskRow, taskNames } from '../../../store/queries/tasks.js';
import { commandContext } from '../../context.js';
import { idParams, listOf, problemResponses } from '../openapi.js';

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
  app.get(
    '/api/tasks',
    {
      schema: {
        tags,
        summary:
          'Tasks the actor may see (on visible deals, assigned to or created by them), soonest due first; status=open|done|overdue',
        querystring: TaskListQuerySchema,
        response: { 200: listOf(TaskSchema), ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const page = await listTasksPage(ctx, req.query);
      const names = await taskNames(ctx.db, ctx.actor, page.rows);
      return {
        items: page.rows.map((row) => presentTask(row, names, ctx.now)),
        nextCursor: page.nextCursor,
        ...(page.total !== undefined ? { total: page.total } : {}),
      };
    },
  );

  app.post(
    '/api/tasks',
    {
      schema: {
        tags,
        summary: 'Create a task (optionally on a deal or an account)',
        body: TaskCreateSchema,
        response: { 201: TaskSchema, ...problemResponses },
      },
    },
    async (req, reply) => {
      const ctx = await commandContext(req);
      const row = await createTask(ctx, req.body);
      reply.status(201);
      return taskAnswer(ctx, row);
    },
  );

  app.get(
    '/api/tasks/:id',
    {
      schema: { tags, summary: 'One task', params: idParams, response: { 200: TaskSchema, ...problemResponses } },
    },
    async (req) => {
      const ctx = await commandContext(req);
      const row = await findVisibleTask(ctx.db, ctx.actor, (req.params as { id: string }).id);
      if (!row) throw notFound(TASK_NOT_FOUND);
      return taskAnswer(ctx, row);
    },
  );

  app.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Edit a task (send the current version)',
        params: idParams,
        body: TaskUpdateSchema,
        response: { 200: TaskSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return taskAnswer(ctx, await updateTask(ctx, (req.params as { id: string }).id, req.body));
    },
  );

  app.post(
    '/api/tasks/:id/complete',
    {
      schema: {
        tags,
        summary: 'Mark a task done (audited on the task and on its deal as task_done)',
        params: idParams,
        body: TaskVersionSchema,
        response: { 200: TaskSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return taskAnswer(ctx, await setTaskDone(ctx, (req.params as { id: string }).id, req.body, true));
    },
  );

  app.post(
    '/api/tasks/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Open a done task again',
        params: idParams,
        body: TaskVersionSchema,
        response: { 200: TaskSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return taskAnswer(ctx, await setTaskDone(ctx, (req.params as { id: string }).id, req.body, false));
    },
  );

  app.delete(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Soft-delete a task',
        params: idParams,
        response: { 200: TaskSchema, ...problemResponses },
      },
    },
    async (req) => {
      const ctx = await commandContext(req);
      return taskAnswer(ctx, await deleteTask(ctx, (req.params as { id: string }).id));
    },
  );
}
