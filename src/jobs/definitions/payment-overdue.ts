import { latestOccurrence } from '../../domain/schedule.js';
import { overdueInstalments } from '../../store/queries/rhythm.js';
import type { JobDefinition } from '../job.js';
import { langOf, notifyPeople } from '../notify.js';

/** When overdue instalments are announced each working day (organisation time zone). */
export const PAYMENT_CHECK_TIME = '09:00';

/**
 * 回款逾期提醒: each working morning, every instalment past its due date and not fully received is
 * announced once (per due date) to the deal's owner and to finance.
 */
export const paymentOverdue: JobDefinition<{ date: string }> = {
  id: 'payment_overdue',
  kind: 'scheduled',
  due(ctx) {
    const occurrence = latestOccurrence(
      { time: PAYMENT_CHECK_TIME, weekdays: ctx.org.settings.workdays },
      ctx.now,
      ctx.org.timezone,
    );
    return occurrence ? [{ slot: occurrence.date, dueAt: occurrence.at, data: { date: occurrence.date } }] : [];
  },
  async run(ctx, { data: { date } }) {
    const { org, now } = ctx;
    const finance = ctx.people.filter((p) => p.role === 'finance');
    const names = new Map(ctx.people.map((p) => [p.id, p.name]));
    let created = 0;
    for (const instalment of await overdueInstalments(ctx.db, org.id, date)) {
      const owner = ctx.people.find((p) => p.id === instalment.owner_id);
      const recipients = [...(owner ? [owner] : []), ...finance.filter((p) => p.id !== instalment.owner_id)];
      created += await notifyPeople(ctx.db, {
        orgId: org.id,
        now,
        kind: 'payment_overdue',
        key: `payment_overdue:${instalment.id}:${instalment.due_date}`,
        recipients: recipients.map((p) => ({ id: p.id, lang: langOf(p.locale, ctx.teamLang) })),
        params: {
          paymentId: instalment.id,
          deal: { id: instalment.deal_id, title: instalment.deal_title, accountName: instalment.account_name },
          dueDate: instalment.due_date,
          amount: instalment.amount,
          received: instalment.received_amount,
          currency: instalment.currency,
          ownerName: names.get(instalment.owner_id) ?? '',
        },
      });
    }
    return created;
  },
};
