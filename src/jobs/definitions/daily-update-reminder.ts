import { latestOccurrence } from '../../domain/schedule.js';
import { stageKeys } from '../../domain/stages.js';
import { addDays, startOfDateInZone } from '../../domain/time.js';
import { freshnessByOwner, staleDealsOf } from '../../store/queries/rhythm.js';
import type { JobDefinition, TeamGroup } from '../job.js';
import { langOf, notifyPeople, notifyTeamChannels } from '../notify.js';

/** Deals listed in one reminder; the rest are counted. */
const LISTED = 10;

/**
 * 每日更新提醒: at each team's reminder time on working days, every rep with open deals not touched
 * within the update window (1 day: today) gets the list in the inbox and their channels, and the team's
 * group chat gets who still has updates to make.
 */
export const dailyUpdateReminder: JobDefinition<{ team: TeamGroup; date: string }> = {
  id: 'daily_update_reminder',
  kind: 'scheduled',
  due(ctx) {
    return ctx.teams.flatMap((team) => {
      const occurrence = latestOccurrence(
        { time: team.reminderTime, weekdays: ctx.org.settings.workdays },
        ctx.now,
        ctx.org.timezone,
      );
      return occurrence
        ? [
            {
              slot: `${team.id ?? 'no-team'}:${occurrence.date}`,
              dueAt: occurrence.at,
              data: { team, date: occurrence.date },
            },
          ]
        : [];
    });
  },
  async run(ctx, { data: { team, date } }) {
    const { org } = ctx;
    const windowDays = org.settings.updateWindowDays;
    const since = startOfDateInZone(addDays(date, -(windowDays - 1)), org.timezone).toISOString();
    const open = stageKeys(org.stages, 'open');
    const freshness = await freshnessByOwner(
      ctx.db,
      org.id,
      team.members.map((m) => m.id),
      open,
      since,
    );
    const lagging = freshness.filter((f) => f.pending > 0);
    const fallback = ctx.teamLang;
    let created = 0;
    for (const rep of lagging) {
      const person = team.members.find((m) => m.id === rep.owner_id)!;
      const deals = await staleDealsOf(ctx.db, org.id, rep.owner_id, open, since, LISTED);
      created += await notifyPeople(ctx.db, {
        orgId: org.id,
        now: ctx.now,
        kind: 'daily_update_reminder',
        key: `daily_update_reminder:${date}`,
        params: {
          date,
          deadline: team.reminderTime,
          windowDays,
          deals: deals.map((d) => ({ id: d.id, title: d.title, accountName: d.account_name })),
          more: rep.pending - deals.length,
        },
        recipients: [{ id: rep.owner_id, lang: langOf(person.locale, fallback) }],
      });
    }
    if (team.id !== null && lagging.length > 0) {
      const names = new Map(team.members.map((m) => [m.id, m.name]));
      await notifyTeamChannels(ctx.db, {
        orgId: org.id,
        teamId: team.id,
        now: ctx.now,
        kind: 'team_update_reminder',
        key: `team_update_reminder:${team.id}:${date}`,
        lang: ctx.teamLang,
        params: {
          date,
          deadline: team.reminderTime,
          teamName: team.name,
          reps: lagging.map((f) => ({ name: names.get(f.owner_id) ?? '', pending: f.pending, active: f.active })),
        },
      });
    }
    return created;
  },
};
