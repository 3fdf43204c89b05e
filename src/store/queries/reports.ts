import { type SelectQueryBuilder, sql } from 'kysely';
import { type Actor, seesWholeOrganisation } from '../../domain/actor.js';
import { engineOf, type Q, wholeDaysSince } from '../dialect.js';
import type { Database, DealRow } from '../schema.js';
import { dealScope, teamMemberIds } from './deals.js';

/** A key no stage or user has (PostgreSQL refuses NUL in text, so not '\u0000…'): `IN ()` is not valid SQL. */
const NO_MATCH = '';

/** Who a report covers: the deals the actor may see, optionally narrowed to one owner or one team. */
export interface ReportScope {
  actor: Actor;
  /** Keys of the organisation's open stages (reports read open deals only). */
  openStages: string[];
  ownerId?: string;
  teamId?: string;
}

/**
 * Live, open, visible deals of the scope. Every predicate is on `deals` columns only, so an index on
 * (org_id, stage, …) WHERE deleted_at IS NULL can answer the aggregate without touching the table.
 */
function scopedDeals(db: Q, scope: ReportScope): SelectQueryBuilder<Database, 'deals', object> {
  return db
    .selectFrom('deals')
    .where('deals.org_id', '=', scope.actor.orgId)
    .where('deals.deleted_at', 'is', null)
    .where('deals.stage', 'in', scope.openStages.length > 0 ? scope.openStages : [NO_MATCH])
    .where(dealScope(scope.actor, scope));
}

export interface StageTotalsRow {
  stage: string;
  count: number;
  amount: number;
  /** Σ amount × probability (percent points): divide by 100 and round once, per stage. */
  weightedTimes100: number;
}

/**
 * Open deals per stage: count, amount and probability-weighted amount. For a reader of the whole
 * organisation, summed from the per-owner totals the deals' triggers keep; otherwise (a rep's own and
 * shared deals, a manager's team) aggregated over the visible deals.
 */
export async function pipelineTotalsByStage(db: Q, scope: ReportScope): Promise<StageTotalsRow[]> {
  if (seesWholeOrganisation(scope.actor)) {
    let totals = db
      .selectFrom('pipeline_totals')
      .select((eb) => [
        'pipeline_totals.stage',
        eb.fn.sum<number>('pipeline_totals.deals').as('count'),
        eb.fn.sum<number>('pipeline_totals.amount').as('amount'),
        eb.fn.sum<number>('pipeline_totals.weighted').as('weighted'),
      ])
      .where('pipeline_totals.org_id', '=', scope.actor.orgId)
      .where('pipeline_totals.stage', 'in', scope.openStages.length > 0 ? scope.openStages : [NO_MATCH]);
    if (scope.ownerId) totals = totals.where('pipeline_totals.owner_id', '=', scope.ownerId);
    if (scope.teamId) {
      const teamId = scope.teamId;
      totals = totals.where('pipeline_totals.owner_id', 'in', (eb) => teamMemberIds(eb, scope.actor.orgId, teamId));
    }
    const rows = await totals.groupBy('pipeline_totals.stage').execute();
    return rows
      .filter((row) => Number(row.count) > 0)
      .map((row) => ({
        stage: row.stage,
        count: Number(row.count),
        amount: Number(row.amount ?? 0),
        weightedTimes100: Number(row.weighted ?? 0),
      }));
  }
  const rows = await scopedDeals(db, scope)
    .select((eb) => [
      'deals.stage',
      eb.fn.countAll<number>().as('count'),
      eb.fn.sum<number>('deals.amount').as('amount'),
      sql<number>`sum(${sql.ref('deals.amount')} * ${sql.ref('deals.probability')})`.as('weighted'),
    ])
    .groupBy('deals.stage')
    .execute();
  return rows.map((row) => ({
    stage: row.stage,
    count: Number(row.count),
    amount: Number(row.amount ?? 0),
    weightedTimes100: Number(row.weighted ?? 0),
  }));
}

export interface StalledGroupRow {
  stage: string;
  ownerId: string;
  count: number;
  /** Σ whole days stalled of the group's deals. */
  daysStalled: number;
}

/** Stalled open deals (last activity strictly before `before`) per stage and owner, in SQL. */
export async function stalledGroups(db: Q, scope: ReportScope, before: Date, now: Date): Promise<StalledGroupRow[]> {
  const rows = await scopedDeals(db, scope)
    .where('deals.last_activity_at', '<', before.toISOString())
    .select((eb) => [
      'deals.stage',
      'deals.owner_id',
      eb.fn.countAll<number>().as('count'),
      sql<number>`sum(${wholeDaysSince(engineOf(db), 'deals.last_activity_at', now)})`.as('days'),
    ])
    .groupBy(['deals.stage', 'deals.owner_id'])
    .execute();
  return rows.map((row) => ({
    stage: row.stage,
    ownerId: row.owner_id,
    count: Number(row.count),
    daysStalled: Number(row.days ?? 0),
  }));
}

/** Where to look for the longest-stalled deals of one stage. */
export interface StalledWalk {
  stage: string;
  /**
   * Owners of the scope's stalled deals in this stage (from stalledGroups), for narrow scopes: the walk
   * then seeks their (stage, owner) ranges instead of reading every stalled deal of the stage. Leave it
   * out for organisation-wide scopes, where walking the stage in activity order stops soonest.
   */
  ownerIds?: string[];
}

/**
 * The longest-stalled open deals of the scope, oldest activity first, at most `limit`: one query per
 * stage, each stopping after `limit` rows, merged. The SQL orders by last_activity_at alone on purpose:
 * with the id tie-break SQLite prefers the (org_id, last_activity_at, id) index and walks every closed
 * deal too (seconds on 1M deals). Ties are broken by id after the merge.
 */
export async function longestStalled(
  db: Q,
  scope: ReportScope,
  before: Date,
  limit: number,
  walks: StalledWalk[],
): Promise<DealRow[]> {
  const perStage = await Promise.all(
    walks.map((walk) => {
      let q = scopedDeals(db, { ...scope, openStages: [walk.stage] }).where(
        'deals.last_activity_at',
        '<',
        before.toISOString(),
      );
      // Redundant with the scope (these owners are exactly those of its stalled deals), but index-friendly.
      if (walk.ownerIds) q = q.where('deals.owner_id', 'in', walk.ownerIds.length > 0 ? walk.ownerIds : [NO_MATCH]);
      return q.selectAll('deals').orderBy('deals.last_activity_at').limit(limit).execute();
    }),
  );
  return perStage
    .flat()
    .sort((a, b) =>
      a.last_activity_at < b.last_activity_at
        ? -1
        : a.last_activity_at > b.last_activity_at
          ? 1
          : a.id < b.id
            ? -1
            : a.id > b.id
              ? 1
              : 0,
    )
    .slice(0, limit);
}

/** The verbatim customer words of each deal's latest follow-up (one indexed lookup per deal). */
export async function latestVerbatims(db: Q, dealIds: string[]): Promise<Map<string, string>> {
  if (dealIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('deals')
    .select((eb) => [
      'deals.id',
      eb
        .selectFrom('followups')
        .select('followups.verbatim')
        .whereRef('followups.deal_id', '=', 'deals.id')
        .orderBy('followups.at', 'desc')
        .orderBy('followups.id', 'desc')
        .limit(1)
        .as('verbatim'),
    ])
    .where('deals.id', 'in', dealIds)
    .execute();
  return new Map(
    rows.flatMap((row) =>
      row.verbatim === null || row.verbatim === undefined ? [] : [[row.id, row.verbatim] as [string, string]],
    ),
  );
}
