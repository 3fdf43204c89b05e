import {
  type Expression,
  type ExpressionBuilder,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import { type Actor, seesWholeOrganisation } from '../../domain/actor.js';
import type { QueryTerm } from '../../domain/search-tokens.js';
import type { Stage } from '../../domain/stages.js';
import type { LightColor, LightCutoffs } from '../../domain/status-light.js';
import type { Engine } from '../db.js';
import {
  engineOf,
  isBroadSearch,
  type JsonField,
  jsonObject,
  plansRangesBlind,
  type Q,
  searchMatches,
  unindexedOrder,
  unindexedRef,
  utf8Bytes,
  withRoomToCount,
} from '../dialect.js';
import type { Database, DealRow } from '../schema.js';
import { LIGHT_COLUMNS, type LightColumns } from './deal-light.js';

type DealEb = ExpressionBuilder<Database, 'deals'>;

// Not eb.val(false): better-sqlite3 cannot bind a boolean, so "no rows" is spelled the same on both engines.
const NOTHING = sql<SqlBool>`1 = 0`;

/** The ids of a team's members, as a subquery: a team's deals and tasks are those its members own. */
export function teamMemberIds(
  eb: Pick<ExpressionBuilder<Database, never>, 'selectFrom'>,
  orgId: string,
  teamId: string,
) {
  return eb
    .selectFrom('users')
    .select('users.id')
    .where('users.org_id', '=', orgId)
    .where('users.team_id', '=', teamId);
}

/**
 * Which deals an actor may read, as a SQL predicate (visibility lives in the query, never in the UI):
 * sales see own and shared deals, managers their team's, finance/viewer/admin the organisation's,
 * marketing none.
 */
export function dealVisibility(actor: Actor) {
  return (eb: DealEb): Expression<SqlBool> => {
    const inOrg = eb('deals.org_id', '=', actor.orgId);
    const shared = eb(
      'deals.id',
      'in',
      eb
        .selectFrom('deal_collaborators')
        .select('deal_collaborators.deal_id')
        .where('deal_collaborators.user_id', '=', actor.userId),
    );
    if (seesWholeOrganisation(actor)) return inOrg;
    switch (actor.role) {
      case 'manager': {
        const team =
          actor.teamId === null ? NOTHING : eb('deals.owner_id', 'in', teamMemberIds(eb, actor.orgId, actor.teamId));
        return eb.and([inOrg, eb.or([eb('deals.owner_id', '=', actor.userId), team, shared])]);
      }
      case 'sales':
        return eb.and([inOrg, eb.or([eb('deals.owner_id', '=', actor.userId), shared])]);
      default:
        return NOTHING;
    }
  };
}

/**
 * The deals an actor may see, narrowed to one owner and/or one team's owners: the scope every report
 * (pipeline, stalled, collection) filters by.
 */
export function dealScope(actor: Actor, narrow: { ownerId?: string; teamId?: string }) {
  return (eb: DealEb): Expression<SqlBool> => {
    const parts = [dealVisibility(actor)(eb)];
    if (narrow.ownerId) parts.push(eb('deals.owner_id', '=', narrow.ownerId));
    if (narrow.teamId) parts.push(eb('deals.owner_id', 'in', teamMemberIds(eb, actor.orgId, narrow.teamId)));
    return eb.and(parts);
  };
}

/** A live deal the actor may read, or undefined (the route answers 404 either way). */
export async function findVisibleDeal(
  db: Q,
  actor: Actor,
  id: string,
  options: { includeDeleted?: boolean } = {},
): Promise<DealRow | undefined> {
  let q = db.selectFrom('deals').selectAll().where('deals.id', '=', id).where(dealVisibility(actor));
  if (!options.includeDeleted) q = q.where('deals.deleted_at', 'is', null);
  return q.executeTakeFirst();
}

export const DEAL_SORTS = {
  updatedAt: 'updated_at',
  createdAt: 'created_at',
  amount: 'amount',
  expectedCloseDate: 'expected_close_date',
  lastFollowupAt: 'last_followup_at',
  lastActivityAt: 'last_activity_at',
} as const;
export type DealSortKey = keyof typeof DEAL_SORTS;
const NULLABLE_SORTS = new Set(['expected_close_date', 'last_followup_at']);

export interface DealFilters {
  stages?: string[];
  ownerId?: string;
  teamId?: string;
  accountId?: string;
  light?: LightColor;
  stalledDays?: number;
  /** Terms from domain/search-tokens queryTerms. */
  terms?: QueryTerm[];
  closeFrom?: string;
  closeTo?: string;
  amountMin?: number;
  amountMax?: number;
  status?: 'open' | 'won' | 'lost' | 'closed';
}

export interface DealListQuery {
  filters: DealFilters;
  sort: DealSortKey;
  descending: boolean;
  limit: number;
  after?: { value: string | number | null; id: string };
  count: boolean;
}

export interface LightFilterContext {
  cutoffs: LightCutoffs;
  stages: Stage[];
  now: Date;
}

function stageKeys(stages: Stage[], kind: Stage['kind']): string[] {
  const keys = stages.filter((stage) => stage.kind === kind).map((stage) => stage.key);
  return keys.length > 0 ? keys : [''];
}

/** The light colours as SQL, mirroring domain/status-light dealLight reason by reason. */
export function lightPredicate(eb: DealEb, color: LightColor, ctx: LightFilterContext): Expression<SqlBool> {
  const { cutoffs, stages } = ctx;
  const open = stageKeys(stages, 'open');
  const lost = stageKeys(stages, 'lost');
  const today = cutoffs.today;
  const notNullBelow = (
    column: 'deals.next_step_due' | 'deals.expected_close_date' | 'deals.next_payment_due',
    bound: string,
  ) => eb.and([eb(column, 'is not', null), eb(column, '<', bound)]);
  const red = eb.and([
    eb('deals.stage', 'not in', lost),
    eb.or([
      notNullBelow('deals.next_payment_due', today),
      eb.and([
        eb('deals.stage', 'in', open),
        eb.or([
          eb('deals.risk_flag', '=', 1),
          eb('deals.last_activity_at', '<', cutoffs.redStalledBefore.toISOString()),
          notNullBelow('deals.next_step_due', today),
          notNullBelow('deals.expected_close_date', today),
        ]),
      ]),
    ]),
  ]);
  if (color === 'red') return red;
  const longInStage = Object.entries(cutoffs.longInStageBefore).map(([stage, before]) =>
    eb.and([eb('deals.stage', '=', stage), eb('deals.stage_entered_at', '<', before.toISOString())]),
  );
  const yellowReason = eb.and([
    eb('deals.stage', 'in', open),
    eb.or([
      eb('deals.last_activity_at', '<=', cutoffs.yellowStalledBefore.toISOString()),
      eb.and([
        eb('deals.next_step_due', 'is not', null),
        eb('deals.next_step_due', '<=', cutoffs.nextStepDueSoonUntil),
      ]),
      eb('deals.next_step', 'is', null),
      // Blank text counts as no next step, as in dealLight (commands store blanks as null anyway).
      eb(eb.fn('trim', [eb.ref('deals.next_step')]), '=', ''),
      ...longInStage,
    ]),
  ]);
  if (color === 'yellow') return eb.and([eb.not(red), yellowReason]);
  return eb.and([eb('deals.stage', 'not in', lost), eb.not(red), eb.not(yellowReason)]);
}

/** From this many deals in an amount range on, the range is broad (see broadAmountRange). */
const BROAD_AMOUNT_RANGE = 20_000;

/**
 * Whether an amount range, the only filter of a ledger sorted by last update, matches so many deals that
 * walking the update index and testing each deal's amount beats collecting and sorting every match (111k
 * deals from ¥1M to ¥2M on 1M: 18 ms sorting, 1.3 ms walking; a narrow range walked instead took 0.85 s).
 * Counted in the amount index, stopping at the threshold; only for engines that plan ranges blind.
 */
export async function broadAmountRange(db: Q, actor: Actor, query: DealListQuery): Promise<boolean> {
  const f = query.filters;
  if (!plansRangesBlind(db) || (f.amountMin === undefined && f.amountMax === undefined) || query.sort !== 'updatedAt')
    return false;
  const others = [
    f.stages?.length,
    f.ownerId,
    f.teamId,
    f.accountId,
    f.light,
    f.stalledDays,
    f.terms?.length,
    f.closeFrom,
    f.closeTo,
    f.status,
  ];
  if (others.some((value) => value !== undefined && value !== 0) || !seesWholeOrganisation(actor)) return false;
  let matches = db
    .selectFrom('deals')
    .select(sql<number>`1`.as('one'))
    .where('deals.org_id', '=', actor.orgId)
    .where('deals.deleted_at', 'is', null);
  if (f.amountMin !== undefined) matches = matches.where('deals.amount', '>=', f.amountMin);
  if (f.amountMax !== undefined) matches = matches.where('deals.amount', '<=', f.amountMax);
  const row = await db
    .selectFrom(matches.limit(BROAD_AMOUNT_RANGE).as('m'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) >= BROAD_AMOUNT_RANGE;
}

function applyFilters(
  q: ReturnType<typeof baseList>,
  orgId: string,
  filters: DealFilters,
  light: LightFilterContext,
  options: { amountRef?: RawBuilder<unknown> } = {},
) {
  let out = q;
  if (filters.stages && filters.stages.length > 0) out = out.where('deals.stage', 'in', filters.stages);
  if (filters.status) {
    const kinds = filters.status === 'closed' ? (['won', 'lost'] as const) : [filters.status];
    const keys = light.stages
      .filter((stage) => (kinds as readonly string[]).includes(stage.kind))
      .map((stage) => stage.key);
    out = out.where('deals.stage', 'in', keys.length > 0 ? keys : ['']);
  }
  if (filters.ownerId) out = out.where('deals.owner_id', '=', filters.ownerId);
  if (filters.teamId) {
    const teamId = filters.teamId;
    out = out.where('deals.owner_id', 'in', (eb) => teamMemberIds(eb, orgId, teamId));
  }
  if (filters.accountId) out = out.where('deals.account_id', '=', filters.accountId);
  if (filters.closeFrom) out = out.where('deals.expected_close_date', '>=', filters.closeFrom);
  if (filters.closeTo) out = out.where('deals.expected_close_date', '<=', filters.closeTo);
  const amount = options.amountRef ?? sql.ref('deals.amount');
  if (filters.amountMin !== undefined) out = out.where(sql<SqlBool>`${amount} >= ${filters.amountMin}`);
  if (filters.amountMax !== undefined) out = out.where(sql<SqlBool>`${amount} <= ${filters.amountMax}`);
  if (filters.stalledDays !== undefined) {
    const before = new Date(light.now.getTime() - filters.stalledDays * 86_400_000).toISOString();
    out = out.where('deals.stage', 'in', stageKeys(light.stages, 'open')).where('deals.last_activity_at', '<', before);
  }
  if (filters.light) {
    const color = filters.light;
    out = out.where((eb) => lightPredicate(eb, color, light));
  }
  return out;
}

function baseList(db: Q, actor: Actor) {
  return db.selectFrom('deals').where('deals.deleted_at', 'is', null).where(dealVisibility(actor));
}

/** A deal as the ledger lists it: the stored row without its search tokens, with its owner's and account's names. */
export type ListedDealRow = Omit<DealRow, 'search_tokens'> & { owner_name: string | null; account_name: string | null };

const LISTED_COLUMNS = [
  'deals.id',
  'deals.org_id',
  'deals.account_id',
  'deals.title',
  'deals.owner_id',
  'deals.stage',
  'deals.amount',
  'deals.currency',
  'deals.probability',
  'deals.expected_close_date',
  'deals.closed_at',
  'deals.loss_reason',
  'deals.risk_flag',
  'deals.risk_reason',
  'deals.source',
  'deals.competitors',
  'deals.custom',
  'deals.next_step',
  'deals.next_step_due',
  'deals.last_followup_at',
  'deals.last_activity_at',
  'deals.next_payment_due',
  'deals.stage_entered_at',
  'deals.version',
  'deals.created_at',
  'deals.updated_at',
  'deals.deleted_at',
] as const satisfies readonly `deals.${Exclude<keyof DealRow, 'search_tokens'>}`[];

/**
 * How to read one keyset page of the deals an actor may see, filtered and sorted: `page` narrows a select
 * from `deals` to the page's rows in order; `total` counts every match when the query asks for it.
 */
async function planPage(db: Q, actor: Actor, query: DealListQuery, light: LightFilterContext) {
  const column = DEAL_SORTS[query.sort];
  const ref = `deals.${column}` as const;
  // A broad amount range is tested deal by deal along the update index rather than driving the query.
  const amountRef = (await broadAmountRange(db, actor, query)) ? unindexedRef(engineOf(db), 'deals.amount') : undefined;
  const terms = query.filters.terms && query.filters.terms.length > 0 ? query.filters.terms : undefined;
  const scan = terms ? await isBroadSearch(db, 'deals', terms) : false;
  // The page walks the sort's index for broad filters; a count reads every match anyway, so it keeps the
  // filters' own indexes (the amount index, the text index).
  const matching = (forPage: boolean) => {
    const filtered = applyFilters(baseList(db, actor), actor.orgId, query.filters, light, forPage ? { amountRef } : {});
    return terms
      ? filtered.where(() => searchMatches(engineOf(db), 'deals', terms, { scan: forPage && scan }))
      : filtered;
  };
  let q = matching(true);
  if (query.after) {
    const { value, id } = query.after;
    const cmp = query.descending ? '<' : '>';
    q = q.where((eb) => {
      if (value === null) return eb.and([eb(ref, 'is', null), eb('deals.id', cmp, id)]);
      const parts = [eb(ref, cmp, value), eb.and([eb(ref, '=', value), eb('deals.id', cmp, id)])];
      if (NULLABLE_SORTS.has(column)) parts.push(eb(ref, 'is', null));
      return eb.or(parts);
    });
  }
  const direction = query.descending ? 'desc' : 'asc';
  // The page's ids first, then their rows: when a filter's range index is the better start (close dates,
  // amounts, stalled deals, a search), the engine sorts index entries rather than whole rows and reads only
  // the rows of the page (170 ms → 8 ms for a month of close dates on 1M deals). When the sort's own index
  // is walked anyway, it costs one primary-key lookup per row of the page.
  // Stalled deals are the least recently touched ones, at the far end of every sort index (walking
  // -updatedAt to find them read every active deal first: 2 s on 1M deals); sorting what the stage and
  // activity index finds costs O(stalled deals) instead.
  // Sorted by last activity itself (the stalled list's default), each open stage's stretch of the stage
  // and activity index is walked for one page and the few pages merged: walking the activity index alone
  // first passed every long-closed deal (210 ms on 1M deals once the oldest open ones had moved).
  const stalledWalk = query.filters.stalledDays !== undefined && column === 'last_activity_at';
  const order =
    query.filters.stalledDays !== undefined && !stalledWalk
      ? unindexedOrder(engineOf(db), ref, direction)
      : sql`${sql.ref(ref)} ${sql.raw(direction)}`;
  let pageIds;
  if (stalledWalk) {
    const perStage = stageKeys(light.stages, 'open').map((key, i) => {
      const walk = q
        .where('deals.stage', '=', key)
        .select('deals.id')
        .orderBy(order)
        .orderBy('deals.id', direction)
        .limit(query.limit);
      return db.selectFrom(walk.as(`s${i}`)).select(`s${i}.id as id`);
    });
    pageIds = perStage.slice(1).reduce((all, next) => all.unionAll(next), perStage[0]);
  } else if (NULLABLE_SORTS.has(column)) {
    // Nulls sort last both ways. A PostgreSQL b-tree read backwards yields DESC NULLS FIRST, so
    // "DESC NULLS LAST" sorted every deal (1 s on 1M); dated and undated deals are paged separately
    // instead, each in plain index order, and the two short lists merged.
    const dated = q
      .where(ref, 'is not', null)
      .select('deals.id')
      .orderBy(order)
      .orderBy('deals.id', direction)
      .limit(query.limit);
    const undated = q.where(ref, 'is', null).select('deals.id').orderBy('deals.id', direction).limit(query.limit);
    pageIds = db
      .selectFrom(dated.as('dated'))
      .select('dated.id')
      .unionAll(db.selectFrom(undated.as('undated')).select('undated.id'));
  } else {
    pageIds = q.select('deals.id').orderBy(order).orderBy('deals.id', direction).limit(query.limit);
  }
  const page = <O>(rows: SelectQueryBuilder<Database, 'deals', O>) =>
    rows
      .where('deals.id', 'in', pageIds)
      .orderBy(ref, (ob) => (NULLABLE_SORTS.has(column) ? ob[direction]().nullsLast() : ob[direction]()))
      .orderBy('deals.id', direction)
      .limit(query.limit);
  const total = async () => {
    if (!query.count) return undefined;
    return withRoomToCount(db, async (counting) => {
      // Built on `db`, run on `counting` (which may be a transaction of its own) as a subquery.
      const row = await counting
        .selectFrom(
          matching(false)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .as('m'),
        )
        .select('m.n')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    });
  };
  return { page, total, ref };
}

// The names come with the page's rows (one lookup each per row of the page), not in further queries.
const ownerName = (eb: DealEb) =>
  eb.selectFrom('users').select('users.name').whereRef('users.id', '=', 'deals.owner_id');
const accountName = (eb: DealEb) =>
  eb.selectFrom('accounts').select('accounts.name').whereRef('accounts.id', '=', 'deals.account_id');

/** One keyset page of the deals an actor may see, filtered and sorted, plus the total when asked. */
export async function listDeals(
  db: Q,
  actor: Actor,
  query: DealListQuery,
  light: LightFilterContext,
): Promise<{ rows: ListedDealRow[]; total?: number }> {
  const plan = await planPage(db, actor, query, light);
  const rows = await plan
    .page(
      db
        .selectFrom('deals')
        .select(LISTED_COLUMNS)
        .select((eb) => [ownerName(eb).as('owner_name'), accountName(eb).as('account_name')]),
    )
    .execute();
  return { rows, total: await plan.total() };
}

/**
 * A listed deal as one JSON object written by the database (store/dialect jsonObject), in UTF-8 bytes, beside
 * the columns a presenter still reads: the status light's, and the sort value for the page's cursor. The
 * document holds the stored row without its organisation and search tokens, keys in camelCase, `riskFlag` as
 * a boolean, `competitors` and `custom` as JSON, plus `ownerName` and `accountName`.
 */
export type DealDocRow = LightColumns & { id: string; sort_value: string | number | null; doc: Buffer };

/** Each listed column's key in a deal document (snake_case → camelCase) and how it is embedded. */
const DOCUMENT_FIELDS = LISTED_COLUMNS.filter((column) => column !== 'deals.org_id').map((column) => {
  const name = column.slice('deals.'.length);
  const as =
    name === 'risk_flag'
      ? ('boolean' as const)
      : name === 'competitors' || name === 'custom'
        ? ('json' as const)
        : undefined;
  return { column, key: name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()), as };
});

function dealDocument(eb: DealEb, engine: Engine) {
  const fields: JsonField[] = DOCUMENT_FIELDS.map(({ column, key, as }) => ({
    key,
    as,
    value: as === 'boolean' ? eb(column, '=', 1) : eb.ref(column),
  }));
  fields.push({ key: 'ownerName', value: ownerName(eb) }, { key: 'accountName', value: accountName(eb) });
  return utf8Bytes(engine, jsonObject(engine, fields));
}

/**
 * listDeals with each deal as a JSON document (DealDocRow): the ledger's page, where serialising rows
 * dominates a request's cost. A page of 50 on SQLite took 345 µs to read as objects, then JSON.stringify,
 * then encoding the 60 kB answer as UTF-8; the engine writes the same documents in ~250 µs, and they are
 * sent as they come.
 */
export async function listDealDocs(
  db: Q,
  actor: Actor,
  query: DealListQuery,
  light: LightFilterContext,
): Promise<{ rows: DealDocRow[]; total?: number }> {
  const plan = await planPage(db, actor, query, light);
  const engine = engineOf(db);
  const rows = await plan
    .page(
      db
        .selectFrom('deals')
        .select(['deals.id', ...LIGHT_COLUMNS.map((column) => `deals.${column}` as const)])
        .select((eb) => [eb.ref(plan.ref).as('sort_value'), dealDocument(eb, engine).as('doc')]),
    )
    .execute();
  return { rows: rows as DealDocRow[], total: await plan.total() };
}

export async function insertDeal(db: Q, row: DealRow): Promise<void> {
  await db.insertInto('deals').values(row).execute();
}

/** Updates a deal only if its version is still `version`; returns false when someone else won. */
export async function updateDealIfVersion(
  db: Q,
  id: string,
  version: number,
  patch: Partial<DealRow>,
): Promise<boolean> {
  const result = await db
    .updateTable('deals')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** updateDealIfVersion answering the updated row (one statement instead of an update and a read). */
export async function updateDealReturning(
  db: Q,
  id: string,
  version: number,
  patch: Partial<DealRow>,
): Promise<DealRow | undefined> {
  return db
    .updateTable('deals')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function getDealRow(db: Q, id: string): Promise<DealRow | undefined> {
  return db.selectFrom('deals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listLineItems(db: Q, dealId: string) {
  return db.selectFrom('deal_line_items').selectAll().where('deal_id', '=', dealId).orderBy('position').execute();
}

export async function replaceLineItems(
  db: Q,
  orgId: string,
  dealId: string,
  items: {
    id: string;
    productId: string | null;
    description: string;
    quantity: number;
    unitPrice: number;
    discountBp: number;
    total: number;
  }[],
): Promise<void> {
  await db.deleteFrom('deal_line_items').where('deal_id', '=', dealId).execute();
  if (items.length === 0) return;
  await db
    .insertInto('deal_line_items')
    .values(
      items.map((item, position) => ({
        id: item.id,
        org_id: orgId,
        deal_id: dealId,
        product_id: item.productId,
        description: item.description,
        quantity: item.quantity,
        unit_price: item.unitPrice,
        discount_bp: item.discountBp,
        total: item.total,
        position,
      })),
    )
    .execute();
}

export async function listStageHistory(db: Q, dealId: string) {
  return db
    .selectFrom('stage_history')
    .selectAll()
    .where('deal_id', '=', dealId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export interface StageHistoryInsert {
  id: string;
  org_id: string;
  deal_id: string;
  from_stage: string | null;
  to_stage: string;
  at: string;
  actor_id: string;
}

export async function insertStageHistory(db: Q, row: StageHistoryInsert): Promise<void> {
  await db.insertInto('stage_history').values(row).execute();
}

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 500;

/**
 * Moves every live deal of the organisation from stage `from` to stage `to` (taking the stage's
 * probability, restarting its days in stage, bumping its version) and appends one stage-history row each.
 * Returns the moved deals with their probability before the move, for the audit trail.
 */
export async function moveLiveDealsToStage(
  db: Q,
  move: { orgId: string; from: string; to: Stage; at: string; actorId: string; newId(): string },
): Promise<{ id: string; probability: number }[]> {
  const moved = await db
    .selectFrom('deals')
    .select(['id', 'probability'])
    .where('org_id', '=', move.orgId)
    .where('stage', '=', move.from)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  if (moved.length === 0) return [];
  await db
    .updateTable('deals')
    .set((eb) => ({
      stage: move.to.key,
      probability: move.to.probability,
      stage_entered_at: move.at,
      updated_at: move.at,
      version: eb('version', '+', 1),
    }))
    .where('org_id', '=', move.orgId)
    .where('stage', '=', move.from)
    .where('deleted_at', 'is', null)
    .execute();
  const history: StageHistoryInsert[] = moved.map((deal) => ({
    id: move.newId(),
    org_id: move.orgId,
    deal_id: deal.id,
    from_stage: move.from,
    to_stage: move.to.key,
    at: move.at,
    actor_id: move.actorId,
  }));
  for (let i = 0; i < history.length; i += INSERT_CHUNK)
    await db
      .insertInto('stage_history')
      .values(history.slice(i, i + INSERT_CHUNK))
      .execute();
  return moved;
}

export async function listCollaborators(db: Q, dealId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('deal_collaborators')
    .select('user_id')
    .where('deal_id', '=', dealId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => row.user_id);
}

export async function replaceCollaborators(
  db: Q,
  orgId: string,
  dealId: string,
  userIds: string[],
  at: string,
): Promise<void> {
  await db.deleteFrom('deal_collaborators').where('deal_id', '=', dealId).execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('deal_collaborators')
    .values(userIds.map((userId) => ({ org_id: orgId, deal_id: dealId, user_id: userId, created_at: at })))
    .execute();
}

/** Names for the ids on a page of deals (one query each, not one per row). */
export async function namesFor(db: Q, orgId: string, userIds: string[], accountIds: string[]) {
  const users =
    userIds.length === 0
      ? []
      : await db
          .selectFrom('users')
          .select(['id', 'name'])
          .where('org_id', '=', orgId)
          .where('id', 'in', [...new Set(userIds)])
          .execute();
  const accounts =
    accountIds.length === 0
      ? []
      : await db
          .selectFrom('accounts')
          .select(['id', 'name'])
          .where('org_id', '=', orgId)
          .where('id', 'in', [...new Set(accountIds)])
          .execute();
  return { users: new Map(users.map((u) => [u.id, u.name])), accounts: new Map(accounts.map((a) => [a.id, a.name])) };
}

/** One deal's owner and account names in one statement (a deal answer's lookups). */
export async function dealNames(db: Q, orgId: string, ownerId: string, accountId: string | null) {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('users')
        .select('users.name')
        .where('users.org_id', '=', orgId)
        .where('users.id', '=', ownerId)
        .as('owner_name'),
      eb
        .selectFrom('accounts')
        .select('accounts.name')
        .where('accounts.org_id', '=', orgId)
        .where('accounts.id', '=', accountId ?? '')
        .as('account_name'),
    ])
    .executeTakeFirstOrThrow();
  return {
    users: new Map(row.owner_name === null ? [] : [[ownerId, row.owner_name]]),
    accounts: new Map(accountId === null || row.account_name === null ? [] : [[accountId, row.account_name]]),
  };
}

/** Whether every id names an active user of the organisation. */
export async function usersExist(db: Q, orgId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .where('active', '=', 1)
    .execute();
  return new Set(rows.map((row) => row.id));
}

export async function accountExists(
  db: Q,
  orgId: string,
  id: string,
): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('accounts')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** Keeps the search tokens of an account's deals in step with a renamed account. */
export async function setDealSearchTokens(db: Q, id: string, tokens: string): Promise<void> {
  await db.updateTable('deals').set({ search_tokens: tokens }).where('id', '=', id).execute();
}
