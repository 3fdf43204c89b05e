import SqliteDatabase from 'better-sqlite3';
import type { LogEvent } from 'kysely';
import pg from 'pg';
import { createDb, type Db } from '../src/store/db.js';
import { newId } from '../src/store/ids.js';
import type { BenchTarget } from './seed.js';

/**
 * The "floor" beside each HTTP number: the exact SQL statements a request issues — captured from
 * Kysely's query log while an identical in-process app (same buildApp, same store functions) answers
 * the same request — replayed back to back on the bare driver (better-sqlite3 with prepared statements
 * reused / one pg.Client). HTTP p50 ÷ raw p50 is the API's overhead.
 */

export interface Statement {
  sql: string;
  parameters: unknown[];
}

export interface CaptureDb {
  db: Db;
  /** Runs `fn` and returns every statement it sent, in order (transaction begin/commit included). */
  capture(fn: () => Promise<unknown>): Promise<Statement[]>;
  replayer(): Promise<Replayer>;
  close(): Promise<void>;
}

export interface Replayer {
  /** Runs the statements once, substituting parameter values; returns milliseconds. */
  run(statements: Statement[], substitute?: (value: unknown) => unknown): Promise<number>;
  /** The engine's plan of one statement (SQLite EXPLAIN QUERY PLAN; PostgreSQL EXPLAIN ANALYZE, BUFFERS). */
  explain(statement: Statement): Promise<string>;
  close(): Promise<void>;
}

// Same int8/numeric handling as store/db.ts, so the raw driver parses rows the way the app does.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export async function openCaptureDb(target: BenchTarget): Promise<CaptureDb> {
  let recording: Statement[] | null = null;
  const log = (event: LogEvent) => {
    if (recording && event.level === 'query')
      recording.push({ sql: event.query.sql, parameters: [...event.query.parameters] });
  };
  // Opened exactly as the server opens it (pragmas, statement cache, pool), plus the query log.
  const db = await createDb(target.url, { pgSchema: target.pgSchema, poolSize: 4, log });
  return {
    db,
    async capture(fn) {
      recording = [];
      try {
        await fn();
        return recording;
      } finally {
        recording = null;
      }
    },
    async replayer() {
      if (target.engine === 'sqlite') {
        // A connection of its own, like a program using better-sqlite3 directly.
        const handle = new SqliteDatabase(target.file!);
        for (const pragma of [
          'journal_mode = WAL',
          'synchronous = NORMAL',
          'busy_timeout = 5000',
          'cache_size = -65536',
          'temp_store = MEMORY',
          'mmap_size = 268435456',
        ])
          handle.pragma(pragma);
        return sqliteReplayer(handle);
      }
      const client = new pg.Client({
        connectionString: target.url,
        types: pgTypes,
        options: `-c search_path=${target.pgSchema}`,
      });
      await client.connect();
      return pgReplayer(client);
    },
    close: () => db.close(),
  };
}

function sqliteReplayer(handle: SqliteDatabase.Database): Replayer {
  const prepared = new Map<string, SqliteDatabase.Statement>();
  return {
    async run(statements, substitute = (v) => v) {
      const started = process.hrtime.bigint();
      try {
        for (const statement of statements) {
          let prepared1 = prepared.get(statement.sql);
          if (!prepared1) prepared.set(statement.sql, (prepared1 = handle.prepare(statement.sql)));
          const params = statement.parameters.map(substitute);
          if (prepared1.reader) prepared1.all(params);
          else prepared1.run(params);
        }
      } catch (error) {
        if (handle.inTransaction) handle.exec('ROLLBACK');
        throw error;
      }
      return Number(process.hrtime.bigint() - started) / 1e6;
    },
    async explain(statement) {
      const rows = handle.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(statement.parameters) as {
        id: number;
        parent: number;
        detail: string;
      }[];
      const depth = new Map<number, number>([[0, 0]]);
      return rows
        .map((row) => {
          const d = (depth.get(row.parent) ?? 0) + 1;
          depth.set(row.id, d);
          return `${'  '.repeat(d)}${row.detail}`;
        })
        .join('\n');
    },
    async close() {
      handle.close();
    },
  };
}

function pgReplayer(client: pg.Client): Replayer {
  return {
    async run(statements, substitute = (v) => v) {
      const started = process.hrtime.bigint();
      try {
        for (const statement of statements) await client.query(statement.sql, statement.parameters.map(substitute));
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      return Number(process.hrtime.bigint() - started) / 1e6;
    },
    async explain(statement) {
      const result = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
        statement.parameters,
      );
      return result.rows.map((row) => `  ${row['QUERY PLAN']}`).join('\n');
    },
    async close() {
      await client.end();
    },
  };
}

const ID_SHAPE = /^[0-9a-hjkmnp-tv-z]{22}$/;

/**
 * A substitution for replaying a write on another deal: the captured deal id becomes `dealId`, and every
 * id the request generated (newId stamps the request's clock, so its time prefix is at or after the
 * benchmark's base instant — seeded ids are all older) becomes a fresh one, so inserts do not collide.
 */
export function writeSubstitution(
  capturedDealId: string,
  dealId: string,
  generatedFrom: string,
): (value: unknown) => unknown {
  const fresh = new Map<string, string>();
  return (value) => {
    if (typeof value !== 'string') return value;
    if (value === capturedDealId) return dealId;
    if (ID_SHAPE.test(value) && value.slice(0, 10) >= generatedFrom) {
      let id = fresh.get(value);
      if (!id) fresh.set(value, (id = newId()));
      return id;
    }
    return value;
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
