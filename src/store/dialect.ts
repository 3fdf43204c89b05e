import { type Expression, type Kysely, type RawBuilder, SqliteAdapter, sql } from 'kysely';
import type { QueryTerm } from '../domain/search-tokens.js';
import type { Engine } from './db.js';
import type { Database } from './schema.js';

/**
 * The only place where SQLite and PostgreSQL differ. Everything else in the store is plain Kysely
 * that both engines (and Postgres-compatible distributed ones) run unchanged.
 */

export type Q = Kysely<Database>;

/** Which engine a Kysely instance (or transaction) talks to. */
export function engineOf(db: Q): Engine {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}

/** Tables with a `search_tokens` column and a text index over it. */
export type SearchableTable = 'deals' | 'accounts' | 'contacts';

/** Creates the text index of a table (migration helper). */
export async function createSearchIndex(db: Q, table: SearchableTable): Promise<void> {
  if (engineOf(db) === 'sqlite') {
    await sql
      .raw(
        `CREATE VIRTUAL TABLE ${table}_fts USING fts5(search_tokens, content='${table}', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0')`,
      )
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER ${table}_fts_ai AFTER INSERT ON ${table} BEGIN
      INSERT INTO ${table}_fts(rowid, search_tokens) VALUES (new.rowid, new.search_tokens); END`)
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER ${table}_fts_ad AFTER DELETE ON ${table} BEGIN
      INSERT INTO ${table}_fts(${table}_fts, rowid, search_tokens) VALUES ('delete', old.rowid, old.search_tokens); END`)
      .execute(db);
    await sql
      .raw(`CREATE TRIGGER ${table}_fts_au AFTER UPDATE OF search_tokens ON ${table} BEGIN
      INSERT INTO ${table}_fts(${table}_fts, rowid, search_tokens) VALUES ('delete', old.rowid, old.search_tokens);
      INSERT INTO ${table}_fts(rowid, search_tokens) VALUES (new.rowid, new.search_tokens); END`)
      .execute(db);
  } else {
    await sql
      .raw(`CREATE INDEX ${table}_search_idx ON ${table} USING gin (to_tsvector('simple', search_tokens))`)
      .execute(db);
  }
}

/**
 * Keeps pipeline_totals (migration 0005) in step with `deals`: a live deal counts in its organisation,
 * stage and owner's row; inserting, deleting, soft-deleting, restoring or changing the stage, owner,
 * amount or probability of a deal moves its share between rows.
 */
export async function createPipelineTotalsTriggers(db: Q): Promise<void> {
  const add = (
    row: 'new' | 'old',
    sign: 1 | -1,
  ) => `INSERT INTO pipeline_totals (org_id, stage, owner_id, deals, amount, weighted)
      VALUES (${row}.org_id, ${row}.stage, ${row}.owner_id, ${sign}, ${sign} * ${row}.amount, ${sign} * ${row}.amount * ${row}.probability)
      ON CONFLICT (org_id, stage, owner_id) DO UPDATE SET deals = pipeline_totals.deals + excluded.deals,
        amount = pipeline_totals.amount + excluded.amount, weighted = pipeline_totals.weighted + excluded.weighted;`;
  const watched = 'stage, owner_id, amount, probability, deleted_at, org_id';
  if (engineOf(db) === 'sqlite') {
    await sql
      .raw(
        `CREATE TRIGGER deals_totals_ai AFTER INSERT ON deals WHEN new.deleted_at IS NULL BEGIN ${add('new', 1)} END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER deals_totals_ad AFTER DELETE ON deals WHEN old.deleted_at IS NULL BEGIN ${add('old', -1)} END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER deals_totals_au_old AFTER UPDATE OF ${watched} ON deals WHEN old.deleted_at IS NULL BEGIN ${add('old', -1)} END`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER deals_totals_au_new AFTER UPDATE OF ${watched} ON deals WHEN new.deleted_at IS NULL BEGIN ${add('new', 1)} END`,
      )
      .execute(db);
    return;
  }
  await sql
    .raw(`CREATE FUNCTION deals_totals() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND old.deleted_at IS NULL THEN ${add('old', -1)} END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') AND new.deleted_at IS NULL THEN ${add('new', 1)} END IF;
      RETURN NULL;
    END $$`)
    .execute(db);
  await sql
    .raw('CREATE TRIGGER deals_totals_ai AFTER INSERT OR DELETE ON deals FOR EACH ROW EXECUTE FUNCTION deals_totals()')
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER deals_totals_au AFTER UPDATE OF ${watched} ON deals FOR EACH ROW EXECUTE FUNCTION deals_totals()`,
    )
    .execute(db);
}

/** The tables whose changes can change what a deal list shows or which deals it holds (migration 0006). */
export const LEDGER_SOURCES = ['deals', 'deal_collaborators', 'accounts', 'users'] as const;

/**
 * Bumps organisations.ledger_version in the same transaction as every insert, update or delete of a
 * LEDGER_SOURCES row, so a cached deal list is known stale the moment the change commits, whichever instance
 * made it. SQLite: a row trigger per table and event. PostgreSQL: statement triggers over the changed rows,
 * so a bulk statement bumps each organisation it touched once, not once per row.
 */
export async function createLedgerVersionTriggers(db: Q): Promise<void> {
  const events = [
    ['insert', 'new'],
    ['update', 'new'],
    ['delete', 'old'],
  ] as const;
  if (engineOf(db) === 'sqlite') {
    for (const table of LEDGER_SOURCES) {
      for (const [event, row] of events) {
        await sql
          .raw(`CREATE TRIGGER ${table}_ledger_version_${event} AFTER ${event.toUpperCase()} ON ${table} BEGIN
          UPDATE organisations SET ledger_version = ledger_version + 1 WHERE id = ${row}.org_id; END`)
          .execute(db);
      }
    }
    return;
  }
  await sql
    .raw(`CREATE FUNCTION bump_ledger_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE organisations SET ledger_version = ledger_version + 1 WHERE id IN (SELECT DISTINCT org_id FROM changed);
      RETURN NULL;
    END $$`)
    .execute(db);
  for (const table of LEDGER_SOURCES) {
    for (const [event, row] of events) {
      await sql
        .raw(`CREATE TRIGGER ${table}_ledger_version_${event} AFTER ${event.toUpperCase()} ON ${table}
        REFERENCING ${row === 'new' ? 'NEW' : 'OLD'} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION bump_ledger_version()`)
        .execute(db);
    }
  }
}

function ftsQuery(terms: QueryTerm[]): string {
  // Tokens hold only [a-z0-9] and CJK characters (see domain/search-tokens), so quoting is enough.
  return terms.map((term) => `"${term.token}"${term.prefix ? '*' : ''}`).join(' AND ');
}

function tsQuery(terms: QueryTerm[]): string {
  return terms.map((term) => `'${term.token}'${term.prefix ? ':*' : ''}`).join(' & ');
}

/**
 * A predicate: the row of `table` matches every query term. With `scan` (SQLite), the engine walks the
 * query's other index (usually the sort's) and tests each row against the set of matches, instead of
 * starting from the matches and sorting all of them — see isBroadSearch.
 */
export function searchMatches(
  engine: Engine,
  table: SearchableTable,
  terms: QueryTerm[],
  options: { scan?: boolean } = {},
): RawBuilder<boolean> {
  if (options.scan) {
    // Each walked row's own tokens are tested: the same match as the text index's (tokens are single-space
    // separated [a-z0-9] or CJK runs, which FTS5's unicode61 tokenizer and PostgreSQL's parser keep whole),
    // without first collecting every match of a broad term (150k rowids for 科技 on 1M deals: 24 ms on
    // SQLite, against 0.3 ms for a page; a Latin prefix on PostgreSQL: 21 ms against 2 ms).
    const padded = sql`(' ' || ${sql.ref(`${table}.search_tokens`)} || ' ')`;
    const contains = engine === 'sqlite' ? sql.raw('instr') : sql.raw('strpos');
    const tests = terms.map((term) =>
      term.prefix ? sql`${padded} LIKE ${`% ${term.token}%`}` : sql`${contains}(${padded}, ${` ${term.token} `}) > 0`,
    );
    return sql<boolean>`(${sql.join(tests, sql` AND `)})`;
  }
  if (engine === 'sqlite') {
    return sql<boolean>`${sql.ref(`${table}.rowid`)} IN (SELECT rowid FROM ${sql.raw(`${table}_fts`)} WHERE ${sql.raw(`${table}_fts`)} MATCH ${ftsQuery(terms)})`;
  }
  return sql<boolean>`to_tsvector('simple', ${sql.ref(`${table}.search_tokens`)}) @@ to_tsquery('simple', ${tsQuery(terms)})`;
}

/** From this many matches on, a search is broad (see isBroadSearch). */
const BROAD_SEARCH_MATCHES = 5000;

/**
 * Whether the terms match many rows of `table`. For a broad search the caller passes `scan` to
 * searchMatches, so the query walks its sort's index instead of starting from every match. SQLite's planner
 * knows nothing of an FTS5 table's selectivity and always started from the matches: quick for a name, but a
 * word in 15% of 1M titles meant fetching and sorting 150k rows for one page (0.4 s); there the text index
 * counts matches, stopping at the threshold. PostgreSQL's planner estimates a tsquery from the expression
 * index's statistics, and that estimate decides (its own choice still started from the matches).
 */
export async function isBroadSearch(db: Q, table: SearchableTable, terms: QueryTerm[]): Promise<boolean> {
  if (engineOf(db) !== 'sqlite') {
    // Counting would read every posting of a broad term (0.27 s for a Latin prefix on 1M deals); the
    // planner's estimate from the index's statistics costs one plan (within 3% of the count there).
    const plan = await sql<{
      'QUERY PLAN': string;
    }>`EXPLAIN SELECT 1 FROM ${sql.table(table)} WHERE ${searchMatches('postgres', table, terms)}`.execute(db);
    const rows = Number(/rows=(\d+)/.exec(plan.rows[0]?.['QUERY PLAN'] ?? '')?.[1] ?? 0);
    return rows >= BROAD_SEARCH_MATCHES;
  }
  const fts = sql.raw(`${table}_fts`);
  const result = await sql<{
    n: number;
  }>`SELECT count(*) AS n FROM (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${ftsQuery(terms)} LIMIT ${BROAD_SEARCH_MATCHES})`.execute(
    db,
  );
  return Number(result.rows[0]?.n ?? 0) >= BROAD_SEARCH_MATCHES;
}

/**
 * Whether this engine's planner needs to be told when a range filter matches much of a table: SQLite keeps
 * no value histograms (it takes every range as narrow), PostgreSQL estimates ranges from its statistics.
 */
export function plansRangesBlind(db: Q): boolean {
  return engineOf(db) === 'sqlite';
}

/** A column reference the planner cannot use to choose an index (SQLite: unary +; PostgreSQL: as is). */
export function unindexedRef(engine: Engine, column: string): RawBuilder<unknown> {
  return engine === 'sqlite' ? sql`+${sql.ref(column)}` : sql.ref(column);
}

/**
 * An ORDER BY item (column and direction) the engine cannot read off an index, so it starts from the
 * index that fits the WHERE clause and sorts what that finds. For filters whose matches all sit at the
 * far end of the sort order (stalled deals are the least recently updated ones), both planners otherwise
 * walk the sort's index from the wrong end and read every other row first. SQLite: unary + on the column.
 * PostgreSQL: the nulls placement no b-tree scan yields (ASC NULLS FIRST / DESC NULLS LAST) — the same
 * order for a NOT NULL column, and cheaper to sort than an expression.
 */
export function unindexedOrder(engine: Engine, column: string, direction: 'asc' | 'desc'): RawBuilder<unknown> {
  if (engine === 'sqlite') return sql`+${sql.ref(column)} ${sql.raw(direction)}`;
  return sql`${sql.ref(column)} ${sql.raw(direction === 'asc' ? 'asc nulls first' : 'desc nulls last')}`;
}

/** Runs `fn` while holding a database-wide lock, so two starting instances never migrate at once. */
export async function withMigrationLock<T>(db: Q, fn: () => Promise<T>): Promise<T> {
  if (engineOf(db) === 'sqlite') return fn();
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(727274001)`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`SELECT pg_advisory_unlock(727274001)`.execute(conn);
    }
  });
}

/**
 * Runs `fn` only in the instance that holds the scheduler lock (a PostgreSQL session advisory lock,
 * released when `fn` ends or the connection drops), so with several app instances on one database a
 * tick runs in one of them; the others skip it. On SQLite one process runs the scheduler (with several
 * workers, worker 0: cli/main.ts), so it always runs.
 */
export async function withSchedulerLock<T>(
  db: Q,
  fn: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  if (engineOf(db) === 'sqlite') return { ran: true, value: await fn() };
  return db.connection().execute(async (conn) => {
    // Keyed by schema as well, so apps sharing one database in separate schemas do not hold each other up.
    const { rows } = await sql<{
      got: boolean;
    }>`SELECT pg_try_advisory_lock(727274002, hashtext(current_schema())) AS got`.execute(conn);
    if (!rows[0]?.got) return { ran: false as const };
    try {
      return { ran: true as const, value: await fn() };
    } finally {
      await sql`SELECT pg_advisory_unlock(727274002, hashtext(current_schema()))`.execute(conn);
    }
  });
}

/** A key of a JSON object built by the engine, its value, and how to embed it. */
export interface JsonField {
  key: string;
  value: Expression<unknown>;
  /** `json`: a text column holding JSON, embedded as JSON; `boolean`: a predicate, embedded as true/false. */
  as?: 'json' | 'boolean';
}

/**
 * One JSON object per row, written by the engine itself (SQLite json_object, PostgreSQL json_build_object)
 * and read as text: for a page of rows the engine's serialiser costs a fraction of materialising every
 * column as a JavaScript value and serialising it again. Keys are fixed identifiers in the source.
 */
export function jsonObject(engine: Engine, fields: JsonField[]): RawBuilder<string> {
  const pairs = fields.map(({ key, value, as }) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`jsonObject: not an identifier: ${key}`);
    const embedded =
      as === 'json'
        ? engine === 'sqlite'
          ? sql`json(${value})`
          : sql`CAST(${value} AS json)`
        : as === 'boolean'
          ? engine === 'sqlite'
            ? sql`json(CASE WHEN ${value} THEN 'true' ELSE 'false' END)`
            : sql`(${value})`
          : value;
    return sql`${sql.raw(`'${key}'`)}, ${embedded}`;
  });
  return engine === 'sqlite'
    ? sql<string>`json_object(${sql.join(pairs)})`
    : sql<string>`CAST(json_build_object(${sql.join(pairs)}) AS text)`;
}

/**
 * Runs a count over many rows with room for an exact bitmap. With PostgreSQL's default work_mem (4 MB) the
 * bitmap of a broad match goes lossy past ~10k heap pages, and every row on a lossy page is checked again,
 * its text vector recomputed: counting a broad search on 1M deals took 2.6 s at 4 MB and 0.25 s at 16 MB.
 * The setting holds for this transaction only. SQLite: as is.
 */
export async function withRoomToCount<T>(db: Q, count: (db: Q) => Promise<T>): Promise<T> {
  if (engineOf(db) === 'sqlite') return count(db);
  const roomy = async (trx: Q) => {
    await sql`SET LOCAL work_mem = '32MB'`.execute(trx);
    return count(trx);
  };
  return db.isTransaction ? roomy(db) : db.transaction().execute(roomy);
}

/** A text value as its UTF-8 bytes (the driver answers a Buffer): for text that is only passed on. */
export function utf8Bytes(engine: Engine, text: Expression<string>): RawBuilder<Buffer> {
  return engine === 'sqlite' ? sql<Buffer>`CAST(${text} AS BLOB)` : sql<Buffer>`convert_to(${text}, 'UTF8')`;
}

/** The SQL type of integer money columns. */
export const MONEY_TYPE = 'bigint' as const;

/**
 * Whole days from a stored ISO-8601 timestamp column to `now`, rounded down like domain/time
 * wholeDaysBetween (for timestamps not after `now`). Computed through epoch milliseconds in integers,
 * so exact day boundaries do not fall to floating-point error.
 */
export function wholeDaysSince(engine: Engine, column: string, now: Date): RawBuilder<number> {
  const nowMs = now.getTime();
  if (engine === 'sqlite') {
    return sql<number>`((CAST(${nowMs} AS INTEGER) - CAST(ROUND((julianday(${sql.ref(column)}) - 2440587.5) * 86400000.0) AS INTEGER)) / 86400000)`;
  }
  return sql<number>`((CAST(${nowMs} AS bigint) - CAST(floor(extract(epoch from CAST(${sql.ref(column)} AS timestamptz)) * 1000) AS bigint)) / 86400000)`;
}
