import { reportUpdateRate } from '../../commands/report-update-rate.js';
import type { Actor } from '../../domain/actor.js';
import { latestOccurrence } from '../../domain/schedule.js';
import { stageKeys } from '../../domain/stages.js';
import { dealLight, lightCutoffs } from '../../domain/status-light.js';
import { lightInputOf } from '../../store/queries/deal-light.js';
import { listDeals } from '../../store/queries/deals.js';
import { accountNames, overdueNextSteps } from '../../store/queries/rhythm.js';
import type { JobDefinition, TeamGroup } from '../job.js';
import { langOf, notifyPeople } from '../notify.js';

/** Red deals and overdue next steps listed in one digest; the rest are counted. */
const LISTED = 10;

/**
 * 主管日报: at each team's digest time on working days, its manager gets the day's update rate per rep,
 * the team's red deals with their first reason, and the overdue next steps.
 */
export const managerDigest: JobDefinition<{ team: TeamGroup; date: string; managerId: string }> = {
  id: 'manager_digest',
  kind: 'scheduled',
  due(ctx) {
    return ctx.teams.flatMap((team) => {
      const manager = team.managerId ? ctx.people.find((p) => p.id === team.managerId) : undefined;
      if (team.id === null || !manager) return [];
      const occurrence = latestOccurrence(
        { time: team.digestTime, weekdays: ctx.org.settings.workdays },
        ctx.now,
        ctx.org.timezone,
      );
      return occurrence
        ? [
            {
              slot: `${team.id}:${occurrence.date}`,
              dueAt: occurrence.at,
              data: { team, date: occurrence.date, managerId: manager.id },
            },
          ]
        : [];
    });
  },
  async run(ctx, { data: { team, date, managerId } }) {
    const { org, now } = ctx;
    const manager = ctx.people.find((p) => p.id === managerId)!;
    const actor: Actor = { userId: manager.id, orgId: org.id, role: 'manager', teamId: team.id, name: manager.name };
    const rates = await reportUpdateRate({ db: ctx.db, actor, org, now }, { from: date, to: date });
    const ownerIds = [...new Set([manager.id, ...team.members.map((m) => m.id)])];
    const names = new Map(ctx.people.map((p) => [p.id, p.name]));
    const open = stageKeys(org.stages, 'open');

    // Red deals come from the same SQL filter as the ledger's light=red, a page of them and the count.
    const cutoffs = lightCutoffs(now, org.timezone, org.settings.light, org.stages);
    const redPage = await listDeals(
      ctx.db,
      actor,
      { filters: { light: 'red' }, sort: 'lastActivityAt', descending: false, limit: LISTED, count: true },
      { cutoffs, stages: org.stages, now },
    );
    const red = redPage.rows.flatMap((deal) => {
      const light = dealLight(lightInputOf(deal, org.stages), now, cutoffs, org.settings.light, org.stages);
      return light?.color === 'red' ? [{ deal, reason: light.reasons[0].text }] : [];
    });
    const overdue = await overdueNextSteps(ctx.db, org.id, ownerIds, open, date, LISTED);
    const accounts = await accountNames(
      ctx.db,
      org.id,
      red.flatMap(({ deal }) => (deal.account_id ? [deal.account_id] : [])),
    );
    return notifyPeople(ctx.db, {
      orgId: org.id,
      now,
      kind: 'manager_digest',
      key: `manager_digest:${team.id}:${date}`,
      recipients: [{ id: manager.id, lang: langOf(manager.locale, ctx.teamLang) }],
      params: {
        date,
        teamName: team.name,
        reps: rates.byOwner.map((o) => ({ name: o.name ?? '', active: o.active, updated: o.updated, rate: o.rate })),
        red: red.map(({ deal, reason }) => ({
          id: deal.id,
          title: deal.title,
          accountName: deal.account_id ? (accounts.get(deal.account_id) ?? null) : null,
          ownerName: names.get(deal.owner_id) ?? '',
          reason: reason.zh,
          reasonEn: reason.en,
        })),
        redMore: (redPage.total ?? red.length) - red.length,
        overdue: overdue.rows.map((d) => ({
          id: d.id,
          title: d.title,
          accountName: d.account_name,
          ownerName: names.get(d.owner_id) ?? '',
          nextStep: d.next_step,
          due: d.next_step_due ?? '',
        })),
        overdueMore: overdue.total - overdue.rows.length,
      },
    });
  },
};
