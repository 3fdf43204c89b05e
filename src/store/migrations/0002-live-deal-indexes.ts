import type { Q } from '../dialect.js';

/**
 * Indexes over live deals (deleted_at IS NULL), found with the 1M-deal benchmark (bench/api-bench.ts).
 *
 * Every ledger, count and report query filters on deleted_at IS NULL, which the 0001 indexes do not
 * hold: counting or aggregating through them visits the table once per deal (a count of 130k deals in
 * one stage took 0.6 s on SQLite, the pipeline summary 2.5 s). Partial indexes answer those from the
 * index alone. Each also lists deleted_at itself (always NULL inside the index): without it SQLite's
 * planner does not see the index as covering and falls back to the table.
 *
 * The "range" indexes end in (updated_at, id) so a page sorted by the default -updatedAt can pick its 50
 * ids from the index alone before reading those rows (the ledger query does that, see
 * queries/deals.ts listDeals). The 0001 indexes they supersede are dropped, so writes do not maintain
 * both and the planner has one obvious choice.
 */
export async function up(db: Q): Promise<void> {
  const s = db.schema;
  const create = (name: string, columns: string[]) =>
    s.createIndex(name).ifNotExists().on('deals').columns(columns).where('deleted_at', 'is', null).execute();

  // Sort walks for the default and amount / close-date sorts, and covering ranges for those filters.
  await create('deals_live_updated_idx', ['org_id', 'updated_at', 'id', 'deleted_at']);
  await create('deals_live_amount_idx', ['org_id', 'amount', 'id', 'updated_at', 'deleted_at']);
  await create('deals_live_close_idx', ['org_id', 'expected_close_date', 'id', 'updated_at', 'deleted_at']);
  // Stage filters and stage counts, stalled lists (stage IN open AND last_activity_at < …) with their
  // counts, and the stalled report's per stage-and-owner groups.
  await create('deals_live_stage_idx', [
    'org_id',
    'stage',
    'last_activity_at',
    'owner_id',
    'updated_at',
    'id',
    'deleted_at',
  ]);
  // The pipeline summary (count, Σ amount, Σ amount × probability per open stage) and the narrowest
  // index for an unfiltered total.
  await create('deals_live_pipeline_idx', ['org_id', 'stage', 'amount', 'probability', 'deleted_at']);
  // One owner's ledger (ownerId filter, a sales rep's own deals) and its count.
  await create('deals_live_owner_idx', ['owner_id', 'updated_at', 'id', 'org_id', 'deleted_at']);

  for (const superseded of [
    'deals_org_updated_at_idx',
    'deals_org_amount_idx',
    'deals_org_expected_close_date_idx',
    'deals_org_stage_idx',
    'deals_owner_idx',
  ]) {
    await s.dropIndex(superseded).ifExists().execute();
  }
}
