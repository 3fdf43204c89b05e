import type { Actor } from '../domain/actor.js';
import { can } from '../domain/actor.js';
import type { Text } from '../domain/i18n.js';
import { type FieldError, forbidden } from '../domain/problem.js';
import type { Q } from '../store/dialect.js';
import { findActiveUser, findVisibleAccount } from '../store/queries/accounts.js';
import { findVisibleDeal } from '../store/queries/deals.js';
import type { TaskRow } from '../store/queries/tasks.js';
import type { DealRow } from '../store/schema.js';

export const TASK_NOT_FOUND: Text = { zh: '找不到该任务', en: 'Task not found' };

/**
 * Who may change a task they can see: admins, its creator, its assignee, and managers (who see it
 * through their team); other roles with the task permission only their own.
 */
export function requireTaskWrite(actor: Actor, task: TaskRow): void {
  if (!can(actor, 'writeTasks')) throw forbidden();
  if (
    actor.role === 'admin' ||
    actor.role === 'manager' ||
    task.created_by === actor.userId ||
    task.assignee_id === actor.userId
  )
    return;
  throw forbidden({
    zh: '只有任务的创建人、负责人或主管可以修改',
    en: 'Only the task’s creator, assignee or a manager may change it',
  });
}

/** Field errors for the assignee, deal and account a task names; returns the deal when one is named. */
export async function taskReferenceErrors(
  db: Q,
  actor: Actor,
  refs: { assigneeId?: string; dealId?: string | null; accountId?: string | null },
): Promise<{ errors: FieldError[]; deal?: DealRow }> {
  const errors: FieldError[] = [];
  let deal: DealRow | undefined;
  if (refs.assigneeId !== undefined && !(await findActiveUser(db, actor.orgId, refs.assigneeId))) {
    errors.push({ field: 'assigneeId', message: { zh: '负责人不存在或已停用', en: 'No such active user' } });
  }
  if (refs.dealId) {
    deal = can(actor, 'readDeals') ? await findVisibleDeal(db, actor, refs.dealId) : undefined;
    if (!deal)
      errors.push({
        field: 'dealId',
        message: { zh: '商机不存在或不可见', en: 'No such deal (or not visible to you)' },
      });
  }
  if (refs.accountId) {
    const account = await findVisibleAccount(db, actor, refs.accountId);
    if (!account) errors.push({ field: 'accountId', message: { zh: '客户不存在', en: 'No such account' } });
    else if (deal && deal.account_id && deal.account_id !== account.id) {
      errors.push({
        field: 'accountId',
        message: { zh: '与商机所属客户不一致', en: 'does not match the deal’s account' },
      });
    }
  }
  return { errors, deal };
}

/** The audited fields of a task, named as the API names them. */
export function taskAuditView(row: TaskRow): Record<string, unknown> {
  return {
    title: row.title,
    notes: row.notes,
    assigneeId: row.assignee_id,
    dueAt: row.due_at,
    dealId: row.deal_id,
    accountId: row.account_id,
    doneAt: row.done_at,
  };
}

/** Due times are stored in UTC ISO form so that text comparison orders them. */
export function normaliseDue(value: string | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}
