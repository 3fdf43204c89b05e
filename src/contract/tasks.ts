import { z } from 'zod';
import {
  DateTimeSchema,
  IdSchema,
  ListQuerySchema,
  OptionalTextSchema,
  RequiredTextSchema,
  VersionSchema,
} from './common.js';

export const TASK_STATUSES = ['open', 'done', 'overdue'] as const;

export const TaskCreateSchema = z.strictObject({
  title: RequiredTextSchema(200),
  notes: OptionalTextSchema(4000),
  assigneeId: IdSchema,
  /** When it is due (ISO 8601 with offset); null/absent for "some time". */
  dueAt: DateTimeSchema.nullish(),
  dealId: IdSchema.nullish(),
  accountId: IdSchema.nullish(),
});
export type TaskCreate = z.output<typeof TaskCreateSchema>;

export const TaskUpdateSchema = z.strictObject({
  title: RequiredTextSchema(200).optional(),
  notes: OptionalTextSchema(4000),
  assigneeId: IdSchema.optional(),
  dueAt: DateTimeSchema.nullish(),
  version: VersionSchema,
});
export type TaskUpdate = z.output<typeof TaskUpdateSchema>;

export const TaskVersionSchema = z.strictObject({ version: VersionSchema });

export const TaskListQuerySchema = ListQuerySchema.extend({
  dealId: IdSchema.optional(),
  accountId: IdSchema.optional(),
  assigneeId: IdSchema.optional(),
  /** `me`: tasks assigned to the signed-in user; `others`: assigned to anyone else. */
  assignee: z.enum(['me', 'others']).optional(),
  /** `me` (or a user id): tasks created by that user. */
  createdBy: IdSchema.optional(),
  status: z.enum(TASK_STATUSES).optional(),
});
export type TaskListQuery = z.output<typeof TaskListQuerySchema>;

export const TaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  notes: z.string().nullable(),
  assigneeId: z.string(),
  assigneeName: z.string().nullable(),
  createdBy: z.string(),
  dueAt: z.string().nullable(),
  dealId: z.string().nullable(),
  dealTitle: z.string().nullable(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  doneAt: z.string().nullable(),
  /** Open and past its due time. */
  overdue: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

// The answers as the client reads them (web app: `import type`).
export type Task = z.output<typeof TaskSchema>;
