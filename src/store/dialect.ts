import { type Kysely, type RawBuilder, sql, SqliteAdapter } from 'kysely';
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
    await sql.raw(`CREATE VIRTUAL TABLE ${table}_fts USING fts5(search_tokens, content='${table}', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0')`).execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_fts_ai AFTER INSERT ON ${table} BEGIN
      INSERT INTO ${table}_fts(rowid, search_tokens) VALUES (new.rowid, new.search_tokens); END`).execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_fts_ad AFTER DELETE ON ${table} BEGIN
      INSERT INTO ${table}_fts(${table}_fts, rowid, search_tokens) VALUES ('delete', old.rowid, old.search_tokens); END`).execute(db);
    await sql.raw(`CREATE TRIGGER ${table}_fts_au AFTER UPDATE OF search_tokens ON ${table} BEGIN
      INSERT INTO ${table}_fts(${table}_fts, rowid, search_tokens) VALUES ('delete', old.rowid, old.search_tokens);
      INSERT INTO ${table}_fts(rowid, search_tokens) VALUES (new.rowid, new.search_tokens); END`).execute(db);
  } else {
    await sql.raw(`CREATE INDEX ${table}_search_idx ON ${table} USING gin (to_tsvector('simple', search_tokens))`).execute(db);
  }
}

function ftsQuery(terms: QueryTerm[]): string {
  // Tokens hold only [a-z0-9] and CJK characters (see domain/search-tokens), so quoting is enough.
  return terms.map((term) => `"${term.token}"${term.prefix ? '*' : ''}`).join(' AND ');
}

function tsQuery(terms: QueryTerm[]): string {
  return terms.map((term) => `'${term.token}'${term.prefix ? ':*' : ''}`).join(' & ');
}

/** A predicate: the row of `table` matches every query term. */
export function searchMatches(engine: Engine, table: SearchableTable, terms: QueryTerm[]): RawBuilder<boolean> {
  if (engine === 'sqlite') {
    return sql<boolean>`${sql.ref(`${table}.rowid`)} IN (SELECT rowid FROM ${sql.raw(`${table}_fts`)} WHERE ${sql.raw(`${table}_fts`)} MATCH ${ftsQuery(terms)})`;
  }
  return sql<boolean>`to_tsvector('simple', ${sql.ref(`${table}.search_tokens`)}) @@ to_tsquery('simple', ${tsQuery(terms)})`;
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
