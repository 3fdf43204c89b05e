import type { Lang } from '../domain/i18n.js';
import type { Q } from '../store/dialect.js';
import type { OrgContext } from '../store/queries/org.js';
import type { Person } from '../store/queries/rhythm.js';

/** A team's scheduling facts; people without a team form a group of their own (id null). */
export interface TeamGroup {
  id: string | null;
  name: string;
  managerId: string | null;
  reminderTime: string;
  digestTime: string;
  members: Person[];
}

/** What a job sees of one organisation at one tick; `db` is the run's transaction. */
export interface JobContext {
  db: Q;
  org: OrgContext;
  now: Date;
  people: Person[];
  teams: TeamGroup[];
  /** Language of messages to team chats. */
  teamLang: Lang;
}

/** One occurrence of a scheduled job: which slot (once per organisation) and when it was due. */
export interface Occurrence<D = unknown> {
  slot: string;
  dueAt: Date;
  data: D;
}

/**
 * A job: either scheduled (occurrences due now, each claimed once in job_runs before it runs) or a sweep
 * run at every tick whose notifications are idempotent by key. `run` answers how many notifications
 * it created.
 */
export type JobDefinition<D = unknown> =
  | {
      id: string;
      kind: 'scheduled';
      due(ctx: Omit<JobContext, 'db'>): Occurrence<D>[];
      run(ctx: JobContext, occurrence: Occurrence<D>): Promise<number>;
    }
  | { id: string; kind: 'sweep'; run(ctx: JobContext): Promise<number> };
