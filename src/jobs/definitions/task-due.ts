import { DAY_MS } from '../../domain/time.js';
import { tasksFallenDue } from '../../store/queries/rhythm.js';
import type { JobDefinition } from '../job.js';
import { langOf, notifyPeople } from '../notify.js';

/** A task that fell due while the scheduler was down longer than this is not reminded late. */
const LOOK_BACK_MS = DAY_MS;

const localDueFormat = new Map<string, Intl.DateTimeFormat>();

function dueLocal(dueAt: string, timeZone: string): string {
  let format = localDueFormat.get(timeZone);
  if (!format)
    localDueFormat.set(
      timeZone,
      (format = new Intl.DateTimeFormat('sv-SE', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
      })),
    );
  return format.format(new Date(dueAt));
}

/** 任务到期提醒: at every tick, each open task that has fallen due is reminded to its assignee once per due time. */
export const taskDue: JobDefinition = {
  id: 'task_due',
  kind: 'sweep',
  async run(ctx) {
    const { org, now } = ctx;
    const tasks = await tasksFallenDue(
      ctx.db,
      org.id,
      new Date(now.getTime() - LOOK_BACK_MS).toISOString(),
      now.toISOString(),
    );
    let created = 0;
    for (const task of tasks) {
      const assignee = ctx.people.find((p) => p.id === task.assignee_id);
      if (!assignee || !task.due_at) continue;
      const deal =
        task.deal_id && task.deal_title && task.deal_deleted_at === null
          ? { id: task.deal_id, title: task.deal_title, accountName: task.account_name }
          : null;
      created += await notifyPeople(ctx.db, {
        orgId: org.id,
        now,
        kind: 'task_due',
        key: `task_due:${task.id}:${task.due_at}`,
        recipients: [{ id: assignee.id, lang: langOf(assignee.locale, ctx.teamLang) }],
        params: {
          taskId: task.id,
          title: task.title,
          dueAt: task.due_at,
          dueLocal: dueLocal(task.due_at, org.timezone),
          deal,
          assignedBy: task.created_by !== task.assignee_id ? task.creator_name : null,
        },
      });
    }
    return created;
  },
};
