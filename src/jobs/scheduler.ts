import { NotificationChannelSchema } from '../contract/notification-channels.js';
import type { Lang } from '../domain/i18n.js';
import { outgoingMessage, renderStored } from '../domain/notification-messages.js';
import { nextAttemptAt, retrySpread } from '../domain/retry-backoff.js';
import type { Db } from '../store/db.js';
import { type Q, withSchedulerLock } from '../store/dialect.js';
import {
  claimDelivery,
  claimJobRun,
  type DueDelivery,
  dueDeliveries,
  finishDelivery,
  recordChannelOutcome,
  setJobRunCount,
} from '../store/queries/notifications.js';
import { loadOrgContext } from '../store/queries/org.js';
import { listActivePeople, listOrganisationsForJobs, listTeamsWithTimes } from '../store/queries/rhythm.js';
import { JOBS } from './definitions/index.js';
import type { JobContext, JobDefinition, TeamGroup } from './job.js';
import { NotifierError, type NotifierRegistry, sendNotification } from './notifiers/index.js';

/** How long a sender's claim on a delivery lasts; one that stopped mid-send is retried after it. */
const SEND_CLAIM_MS = 5 * 60_000;

export interface SchedulerOptions {
  db: Db;
  clock: () => Date;
  notifiers: NotifierRegistry;
  /** The app's public address, for links in messages (no trailing slash). */
  baseUrl: string;
  jobs?: JobDefinition[];
  log?: {
    info(obj: object, msg?: string): void;
    warn(obj: object, msg?: string): void;
    error(obj: object, msg?: string): void;
  };
  /** Deliveries sent per tick at most. */
  deliveryBatch?: number;
}

export interface TickReport {
  /** False when another instance holds the scheduler lock and ran this tick. */
  leader: boolean;
  runs: { orgId: string; jobId: string; slot: string; created: number }[];
  sweeps: { orgId: string; jobId: string; created: number }[];
  sent: number;
  retrying: number;
  failed: number;
}

export interface Scheduler {
  /** Runs whatever is due at the clock's now: scheduled occurrences, sweeps, then deliveries. */
  tick(): Promise<TickReport>;
  /** Ticks every `intervalMs` until stopped (the first tick right away). */
  start(intervalMs?: number): void;
  /** Stops ticking and waits for a running tick to end. */
  stop(): Promise<void>;
}

/**
 * The scheduler that runs in every app process. With several instances on one PostgreSQL, the advisory
 * lock lets one of them run a tick; job_runs and the unique notification keys make sure that even two
 * overlapping runs send nothing twice.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const jobs = options.jobs ?? JOBS;
  const db = options.db.kysely;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function runJobs(now: Date, report: TickReport) {
    for (const orgRow of await listOrganisationsForJobs(db)) {
      const org = await loadOrgContext(db, orgRow.id);
      if (!org) continue;
      const people = await listActivePeople(db, org.id);
      const teams = teamGroups(
        await listTeamsWithTimes(db, org.id),
        people,
        org.settings.dailyUpdateTime,
        org.settings.digestTime,
      );
      const base: Omit<JobContext, 'db'> = { org, now, people, teams, teamLang: org.settings.notifyLocale };
      for (const job of jobs) {
        try {
          if (job.kind === 'sweep') {
            const created = await db.transaction().execute((trx) => job.run({ ...base, db: trx }));
            if (created > 0) report.sweeps.push({ orgId: org.id, jobId: job.id, created });
            continue;
          }
          for (const occurrence of job.due(base)) {
            // Occurrences from before the organisation existed are not caught up.
            if (occurrence.dueAt.toISOString() < orgRow.created_at) continue;
            const key = { org_id: org.id, job_id: job.id, slot: occurrence.slot };
            const created = await db.transaction().execute(async (trx) => {
              if (
                !(await claimJobRun(trx, {
                  ...key,
                  due_at: occurrence.dueAt.toISOString(),
                  ran_at: now.toISOString(),
                  created_count: 0,
                }))
              )
                return null;
              const count = await job.run({ ...base, db: trx }, occurrence);
              await setJobRunCount(trx, key, count);
              return count;
            });
            if (created !== null) report.runs.push({ orgId: org.id, jobId: job.id, slot: occurrence.slot, created });
          }
        } catch (error) {
          // One job failing (bad data in one organisation) must not stop the others; it is retried next tick.
          options.log?.error({ err: error, orgId: org.id, jobId: job.id }, 'scheduled job failed');
        }
      }
    }
  }

  async function deliver(now: Date, report: TickReport) {
    const due = await dueDeliveries(db, now.toISOString(), options.deliveryBatch ?? 200);
    const byChannel = new Map<string, DueDelivery[]>();
    for (const delivery of due)
      byChannel.set(delivery.channel_id, [...(byChannel.get(delivery.channel_id) ?? []), delivery]);
    // Channels side by side, so a slow or failing one never holds the others up; in order within each.
    await Promise.all(
      [...byChannel.values()].map(async (deliveries) => {
        for (const delivery of deliveries) {
          const outcome = await deliverOne(db, options, delivery, now);
          if (outcome !== 'skipped') report[outcome]++;
        }
      }),
    );
  }

  async function tick(): Promise<TickReport> {
    const now = options.clock();
    const report: TickReport = { leader: true, runs: [], sweeps: [], sent: 0, retrying: 0, failed: 0 };
    const result = await withSchedulerLock(db, async () => {
      await runJobs(now, report);
      await deliver(now, report);
    });
    if (!result.ran) report.leader = false;
    return report;
  }

  return {
    tick() {
      const next = running.then(tick, tick);
      running = next.catch(() => undefined);
      return next;
    },
    start(intervalMs = 30_000) {
      if (timer) return;
      const run = () => {
        running = running
          .then(tick)
          .catch((error: unknown) => options.log?.error({ err: error }, 'scheduler tick failed'));
      };
      run();
      timer = setInterval(run, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

/** Groups active people by team with each team's reminder and digest times (the organisation's by default). */
export function teamGroups(
  teams: {
    id: string;
    name: string;
    manager_id: string | null;
    reminder_time: string | null;
    digest_time: string | null;
  }[],
  people: JobContext['people'],
  reminderTime: string,
  digestTime: string,
): TeamGroup[] {
  const groups: TeamGroup[] = teams.map((team) => ({
    id: team.id,
    name: team.name,
    managerId: team.manager_id,
    reminderTime: team.reminder_time ?? reminderTime,
    digestTime: team.digest_time ?? digestTime,
    members: people.filter((p) => p.team_id === team.id),
  }));
  const teamless = people.filter((p) => p.team_id === null || !teams.some((t) => t.id === p.team_id));
  if (teamless.length > 0)
    groups.push({ id: null, name: '', managerId: null, reminderTime, digestTime, members: teamless });
  return groups;
}

/** Sends one delivery and records what happened; answers which counter it adds to. */
async function deliverOne(
  db: Q,
  options: SchedulerOptions,
  delivery: DueDelivery,
  now: Date,
): Promise<'sent' | 'retrying' | 'failed' | 'skipped'> {
  const at = now.toISOString();
  if (!(await claimDelivery(db, delivery, new Date(now.getTime() + SEND_CLAIM_MS).toISOString()))) return 'skipped';
  const parsed = NotificationChannelSchema.safeParse({
    ...(JSON.parse(delivery.channel_config) as object),
    kind: delivery.channel_kind,
  });
  try {
    if (!parsed.success)
      throw new NotifierError(delivery.channel_kind as 'webhook', false, {
        zh: '通道配置无效，请在设置中重新保存',
        en: 'The channel settings are invalid: save them again in Settings',
      });
    await sendNotification(
      options.notifiers,
      parsed.data,
      outgoingMessage(
        delivery.key,
        delivery.kind,
        delivery.lang as Lang,
        renderStored(delivery.kind, delivery.params, delivery.lang as Lang, options.baseUrl),
      ),
      now,
    );
    if (
      await finishDelivery(db, delivery.id, delivery.attempts, {
        status: 'sent',
        sent_at: at,
        next_attempt_at: null,
        last_error: null,
      })
    ) {
      await recordChannelOutcome(db, delivery.channel_id, { ok: true, at });
    }
    return 'sent';
  } catch (error) {
    const failure = error instanceof NotifierError ? error : null;
    const reason = failure ? JSON.stringify(failure.reason) : JSON.stringify({ zh: '发送出错', en: 'Sending failed' });
    if (!failure) options.log?.error({ err: error, deliveryId: delivery.id }, 'delivery failed unexpectedly');
    const retryAt =
      (failure?.retryable ?? true)
        ? nextAttemptAt(delivery.attempts + 1, now, {
            retryAfterMs: failure?.retryAfterMs ?? null,
            spread: retrySpread(delivery.key),
          })
        : null;
    if (retryAt) {
      await finishDelivery(db, delivery.id, delivery.attempts, {
        status: 'pending',
        next_attempt_at: retryAt.toISOString(),
        last_error: reason,
        sent_at: null,
      });
      options.log?.warn(
        { deliveryId: delivery.id, channelId: delivery.channel_id, retryAt },
        'delivery will be retried',
      );
      return 'retrying';
    }
    if (
      await finishDelivery(db, delivery.id, delivery.attempts, {
        status: 'failed',
        next_attempt_at: null,
        last_error: reason,
        sent_at: null,
      })
    ) {
      await recordChannelOutcome(db, delivery.channel_id, { ok: false, at, error: reason });
    }
    return 'failed';
  }
}
