import type { Selectable } from 'kysely';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import type { Q } from '../dialect.js';
import type { Database, TasksTable } from '../schema.js';
import { dealVisibility, teamMemberIds } from './deals.js';

export type TaskRow = Selectable<TasksTable>;
type TaskEb = ExpressionBuilder<Database, 'tasks'>;

/** Sort key of the task list: due time first (no due time last), then id. */
export const TASK_NO_DUE = '9999-12-31T23:59:59.999Z';

/**
 * Which tasks an actor may read: tasks on deals they may see, tasks assigned to or created by them,
 * for managers those assigned to their team, for admins every task of the organisation.
 */
export function taskVisibility(actor: Actor) {
  return (eb: TaskEb): Expression<SqlBool> => {
    const inOrg = eb('tasks.org_id', '=', actor.orgId);
    if (actor.role === 'admin') return inOrg;
    const mine = [eb('tasks.assignee_id', '=', actor.userId), eb('tasks.created_by', '=', actor.userId)];
    const onVisibleDeal = eb(
      'tasks.deal_id',
      'in',
      eb.selectFrom('deals').select('deals.id').where(dealVisibility(actor)),
    );
    const team =
      actor.role === 'manager' && actor.teamId !== null
        ? [eb('tasks.assignee_id', 'in', teamMemberIds(eb, actor.orgId, actor.teamId))]
        : [];
    return eb.and([inOrg, eb.or([...mine, onVisibleDeal, ...team])]);
  };
}

/** A live task the actor may read (deleted ones too with includeDeleted), or undefined (404 either way). */
export async function findVisibleTask(
  db: Q,
  actor: Actor,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<TaskRow | undefined> {
  let q = db.selectFrom('tasks').selectAll().where('tasks.id', '=', id).where(taskVisibility(actor));
  if (!options.includeDeleted) q = q.where('tasks.deleted_at', 'is', null);
  return q.executeTakeFirst();
}

export async function getTaskRow(db: Q, id: string): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertTask(db: Q, row: TaskRow): Promise<void> {
  await db.insertInto('tasks').values(row).execute();
}

/** Updates a task only if its version is still `version` (bumping it); false when someone else won. */
export async function updateTaskIfVersion(
  db: Q,
  id: string,
  version: number,
  patch: Partial<TaskRow>,
): Promise<boolean> {
  const result = await db
    .updateTable('tasks')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface TaskFilters {
  dealId?: string;
  accountId?: string;
  assigneeId?: string;
  createdBy?: string;
  /** Leaves out the tasks assigned to this user. */
  notAssigneeId?: string;
  status?: 'open' | 'done' | 'overdue';
}

const dueKey = (eb: TaskEb) => eb.fn.coalesce('tasks.due_at', sql.lit(TASK_NO_DUE));

/** One page of the tasks the actor may read, by due time (none last) then id, after a keyset position. */
export async function listTasks(
  db: Q,
  actor: Actor,
  filters: TaskFilters,
  now: Date,
  page: { limit: number; after?: { due: string; id: string }; count: boolean },
) {
  let q = db.selectFrom('tasks').where('tasks.deleted_at', 'is', null).where(taskVisibility(actor));
  if (filters.dealId) q = q.where('tasks.deal_id', '=', filters.dealId);
  if (filters.accountId) {
    const accountId = filters.accountId;
    // An account's tasks include those on its deals.
    q = q.where((eb) =>
      eb.or([
        eb('tasks.account_id', '=', accountId),
        eb('tasks.deal_id', 'in', eb.selectFrom('deals').select('deals.id').where('deals.account_id', '=', accountId)),
      ]),
    );
  }
  if (filters.assigneeId) q = q.where('tasks.assignee_id', '=', filters.assigneeId);
  if (filters.createdBy) q = q.where('tasks.created_by', '=', filters.createdBy);
  if (filters.notAssigneeId) q = q.where('tasks.assignee_id', '!=', filters.notAssigneeId);
  if (filters.status === 'open') q = q.where('tasks.done_at', 'is', null);
  if (filters.status === 'done') q = q.where('tasks.done_at', 'is not', null);
  if (filters.status === 'overdue')
    q = q
      .where('tasks.done_at', 'is', null)
      .where('tasks.due_at', 'is not', null)
      .where('tasks.due_at', '<', now.toISOString());
  const total = page.count
    ? Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    : undefined;
  let rows = q.selectAll('tasks');
  if (page.after) {
    const { due, id } = page.after;
    rows = rows.where((eb) =>
      eb.or([eb(dueKey(eb), '>', due), eb.and([eb(dueKey(eb), '=', due), eb('tasks.id', '>', id)])]),
    );
  }
  const items = await rows
    .orderBy((eb) => dueKey(eb))
    .orderBy('tasks.id')
    .limit(page.limit)
    .execute();
  return { rows: items, total };
}

/**
 * Names for presenting tasks: assignees, deal titles, account names. A deal's title only when the actor
 * may see the deal (a task can be assigned to someone who cannot: they see the task, not the deal).
 */
export async function taskNames(db: Q, actor: Actor, rows: TaskRow[]) {
  const orgId = actor.orgId;
  const userIds = [...new Set(rows.map((r) => r.assignee_id))];
  const dealIds = [...new Set(rows.flatMap((r) => (r.deal_id ? [r.deal_id] : [])))];
  const accountIds = [...new Set(rows.flatMap((r) => (r.account_id ? [r.account_id] : [])))];
  const users = userIds.length
    ? await db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('org_id', '=', orgId)
        .where('id', 'in', userIds)
        .execute()
    : [];
  const deals = dealIds.length
    ? await db
        .selectFrom('deals')
        .select(['deals.id', 'deals.title'])
        .where('deals.id', 'in', dealIds)
        .where(dealVisibility(actor))
        .execute()
    : [];
  const accounts = accountIds.length
    ? await db
        .selectFrom('accounts')
        .select(['id', 'name'])
        .where('org_id', '=', orgId)
        .where('id', 'in', accountIds)
        .execute()
    : [];
  return {
    users: new Map(users.map((u) => [u.id, u.name])),
    deals: new Map(deals.map((d) => [d.id, d.title])),
    accounts: new Map(accounts.map((a) => [a.id, a.name])),
  };
}
