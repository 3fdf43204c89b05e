import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  type KyselyConfig,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as SqliteKyselyDatabase,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface Db {
  engine: Engine;
  kysely: Kysely<Database>;
  /** The raw SQLite handle (for online backup); undefined on PostgreSQL. */
  sqlite?: SqliteDatabase.Database;
  close(): Promise<void>;
}

export interface DbOptions {
  /** PostgreSQL schema to use (tests isolate suites this way); created when missing. */
  pgSchema?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** Kysely's query log hook (the benchmark records the SQL each request sends with it). */
  log?: KyselyConfig['log'];
  /** PostgreSQL session settings for every pooled connection, e.g. { max_parallel_workers_per_gather: '0' }. */
  pgSettings?: Record<string, string>;
}

// int8 (bigint) arrives as a string from pg; money and counts stay far below 2^53, so make them numbers.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Opens the database named by a `sqlite:<file>` or `postgres://…` URL. */
export async function createDb(url: string, options: DbOptions = {}): Promise<Db> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    if (options.pgSchema) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA IF NOT EXISTS "${options.pgSchema.replace(/"/g, '')}"`);
      } finally {
        await admin.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      types: pgTypes,
      options:
        [
          ...(options.pgSchema ? [`-c search_path=${options.pgSchema}`] : []),
          ...Object.entries(options.pgSettings ?? {}).map(([name, value]) => `-c ${name}=${value}`),
        ].join(' ') || undefined,
    });
    // Fail at start, with the reason, rather than at the first request.
    const client = await pool.connect();
    client.release();
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: options.log });
    return { engine: 'postgres', kysely, close: () => kysely.destroy() };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // 64 MB of page cache plus a 64 MB memory-mapped window: with 1M deals a full-table count touched
  // 265 MB of mapped file (server RSS 480 MB); 64 MB keeps it near 300 MB at the same latency.
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('mmap_size = 67108864');
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    log: options.log,
  });
  return { engine: 'sqlite', kysely, sqlite, close: () => kysely.destroy() };
}

/**
 * Kysely's SQLite driver prepares every statement anew: parsing and planning cost ~50 µs a statement
 * (a deal list sends seven), and the native statements pile up until the GC finalises them. Reuse them by
 * SQL text, least recently used dropped first. Safe because Kysely runs one query at a time on its single
 * connection; a statement still being iterated (a stream) is never handed out twice.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, size = 500): SqliteKyselyDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      // Kysely opens transactions with a plain BEGIN, which takes the write lock only at the first write: a
      // second process that wrote in between makes that upgrade fail at once (SQLITE_BUSY, no waiting). BEGIN
      // IMMEDIATE takes the lock up front and waits its turn (busy_timeout), so several server processes can
      // share the file (TAIZHANG_WORKERS).
      const text = sqlText === 'begin' ? 'begin immediate' : sqlText;
      const cached = statements.get(text);
      if (cached && !cached.busy) {
        statements.delete(text);
        statements.set(text, cached);
        return cached;
      }
      const statement = fastRows(sqlite.prepare(text));
      if (!cached) {
        statements.set(text, statement);
        if (statements.size > size) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
  };
}

/**
 * A reading statement whose rows are built as plain objects of one fixed shape from the driver's arrays:
 * better-sqlite3 sets a row's properties one by one through the native API, which took 600 µs for a page of
 * 50 deals (29 columns) against 350 µs for the arrays and 50 µs to build the objects from them. The builder
 * is compiled once per statement from its column names (quoted as JSON string literals, so any alias is
 * safe); a repeated name keeps the last column, as the driver does.
 */
function fastRows(statement: SqliteDatabase.Statement): SqliteDatabase.Statement {
  if (!statement.reader) return statement;
  const names = statement.columns().map((column) => column.name);
  // In an object literal that key would set the prototype instead: such a statement keeps the driver's rows.
  if (names.includes('__proto__')) return statement;
  const build = new Function(
    'r',
    `return {${names.map((name, i) => `${JSON.stringify(name)}: r[${i}]`).join(', ')}};`,
  ) as (row: unknown[]) => unknown;
  const all = statement.all.bind(statement);
  return Object.assign(statement, {
    all(...parameters: unknown[]) {
      statement.raw(true);
      try {
        return (all(...parameters) as unknown[][]).map(build);
      } finally {
        statement.raw(false);
      }
    },
  });
}
