import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { createOrganisation } from '../src/commands/create-organisation.js';
import { hashPassword } from '../src/commands/security.js';
import { createDb, type Db, type Engine } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import {
  ACCOUNT_COLUMNS,
  type AccountGen,
  BASE_MS,
  COLLABORATOR_COLUMNS,
  DEAL_COLUMNS,
  FOLLOWUP_COLUMNS,
  INT_COLUMNS,
  makeAccount,
  makeDeal,
  prng,
  type Row,
  type SeedTeam,
  type SeedUser,
  STAGE_HISTORY_COLUMNS,
  seedPeople,
} from './data-gen.js';
import { Progress, step } from './progress.js';

/** Bump when the generated data changes shape, so stale benchmark databases are re-seeded. */
const SEED_VERSION = 1;
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = path.join(BENCH_DIR, 'data');
export const ADMIN_EMAIL = 'bench-admin@bench.example';
export const PASSWORD = 'bench-password-42';
export const BENCH_APPLICATION_NAME = 'taizhang-bench';
const DAY = 86_400_000;

export interface BenchTarget {
  engine: Engine;
  deals: number;
  /** The URL the app's createDb takes. */
  url: string;
  pgSchema?: string;
  /** The SQLite file. */
  file?: string;
}

export interface SeedMeta {
  version: number;
  deals: number;
  accounts: number;
  followups: number;
  orgId: string;
  adminId: string;
  users: SeedUser[];
  teams: SeedTeam[];
  seedSeconds: number;
  seededAt: string;
}

export function benchTarget(engine: Engine, deals: number): BenchTarget {
  if (engine === 'postgres') {
    const base = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
    // Tagged so the benchmark can tell its own PostgreSQL backends from other work on the machine.
    const url = `${base}${base.includes('?') ? '&' : '?'}application_name=${BENCH_APPLICATION_NAME}`;
    return { engine, deals, url, pgSchema: `bench_${deals}` };
  }
  const file = path.join(DATA_DIR, `bench-${deals}.db`);
  return { engine, deals, url: `sqlite:${file}`, file };
}

export function openTarget(target: BenchTarget, poolSize?: number): Promise<Db> {
  return createDb(target.url, { pgSchema: target.pgSchema, poolSize });
}

async function readMeta(db: Db): Promise<SeedMeta | undefined> {
  try {
    const row = await sql<{ value: string }>`SELECT value FROM bench_meta WHERE key = 'seed'`.execute(db.kysely);
    const meta = row.rows[0] ? (JSON.parse(row.rows[0].value) as SeedMeta) : undefined;
    return meta;
  } catch {
    return undefined;
  }
}

async function writeMeta(db: Db, meta: SeedMeta): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)`.execute(db.kysely);
  await sql`DELETE FROM bench_meta WHERE key = 'seed'`.execute(db.kysely);
  await sql`INSERT INTO bench_meta (key, value) VALUES ('seed', ${JSON.stringify(meta)})`.execute(db.kysely);
}

async function wipe(target: BenchTarget): Promise<void> {
  if (target.engine === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target.file! + suffix, { force: true });
    return;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${target.pgSchema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Opens the benchmark database of `target`, seeding it first when it is missing, was seeded for a
 * different size or by an older generator, or when `reseed` is set. Migrations always run (a new
 * index migration lands on an existing benchmark database, followed by ANALYZE).
 */
export async function ensureSeeded(
  target: BenchTarget,
  options: { reseed?: boolean } = {},
): Promise<{ meta: SeedMeta; reused: boolean }> {
  if (!options.reseed) {
    const exists = target.engine === 'postgres' || fs.existsSync(target.file!);
    if (exists) {
      const db = await openTarget(target, 2);
      try {
        const meta = await readMeta(db);
        if (meta && meta.version === SEED_VERSION && meta.deals === target.deals) {
          const applied = await migrate(db);
          if (applied.length > 0) await step(`migrations ${applied.join(',')} + ANALYZE`, () => analyze(db, target));
          return { meta, reused: true };
        }
      } finally {
        await db.close();
      }
    }
  }
  await wipe(target);
  return { meta: await seed(target), reused: false };
}

async function seed(target: BenchTarget): Promise<SeedMeta> {
  const started = Date.now();
  const n = target.deals;
  const accountCount = Math.max(1, Math.floor(n / 10));
  process.stderr.write(
    `seeding ${target.engine} with ${n.toLocaleString('en-US')} deals, ${accountCount.toLocaleString('en-US')} accounts, ${(3 * n).toLocaleString('en-US')} follow-ups\n`,
  );
  const db = await openTarget(target, 2);
  try {
    await step('migrations', () => migrate(db));
    const orgCreated = new Date(BASE_MS - 800 * DAY);
    const { orgId, adminId } = await createOrganisation(
      db.kysely,
      {
        name: '台账基准测试有限公司',
        timezone: 'Asia/Shanghai',
        admin: { name: '管理员', email: ADMIN_EMAIL, password: PASSWORD },
      },
      orgCreated,
    );
    const { teams, users } = seedPeople(orgCreated.getTime());
    const passwordHash = await hashPassword(PASSWORD);
    const at = orgCreated.toISOString();
    await db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('teams')
        .values(
          teams.map((t) => ({
            id: t.id,
            org_id: orgId,
            name: t.name,
            manager_id: null,
            created_at: at,
            updated_at: at,
            version: 1,
          })),
        )
        .execute();
      await trx
        .insertInto('users')
        .values(
          users.map((u) => ({
            id: u.id,
            org_id: orgId,
            name: u.name,
            email: u.email,
            password_hash: passwordHash,
            role: u.role,
            team_id: u.teamId,
            locale: null,
            active: 1,
            created_at: at,
            updated_at: at,
            version: 1,
          })),
        )
        .execute();
      for (const t of teams)
        await trx.updateTable('teams').set({ manager_id: t.managerId }).where('id', '=', t.id).execute();
    });

    const loader = target.engine === 'sqlite' ? new SqliteLoader(db.sqlite!) : await PgLoader.open(target);
    await step('drop bulk indexes', () => loader.dropIndexes());
    const accounts: AccountGen[] = [];
    const accountRng = prng(11);
    let bar = new Progress('accounts', accountCount);
    for (let i = 0; i < accountCount; i++) {
      const account = makeAccount(i, accountCount, orgId, users, accountRng);
      await loader.add('accounts', account.row);
      accounts.push({ ...account, row: [] });
      if (i % 1000 === 0) bar.update(i);
    }
    await loader.flush();
    bar.done();

    const dealRng = prng(23);
    let followups = 0;
    bar = new Progress('deals + follow-ups', n);
    for (let i = 0; i < n; i++) {
      const gen = makeDeal(i, n, orgId, users, accounts, dealRng);
      await loader.add('deals', gen.deal);
      for (const row of gen.followups) await loader.add('followups', row);
      for (const row of gen.stageHistory) await loader.add('stage_history', row);
      for (const row of gen.collaborators) await loader.add('deal_collaborators', row);
      followups += gen.followups.length;
      if (i % 1000 === 0) bar.update(i);
    }
    await loader.flush();
    bar.done();
    await loader.restoreIndexes();
    await loader.close();
    await step('ANALYZE', () => analyze(db, target));

    const meta: SeedMeta = {
      version: SEED_VERSION,
      deals: n,
      accounts: accountCount,
      followups,
      orgId,
      adminId,
      users,
      teams,
      seedSeconds: Math.round((Date.now() - started) / 100) / 10,
      seededAt: new Date().toISOString(),
    };
    await writeMeta(db, meta);
    process.stderr.write(`seeded in ${meta.seedSeconds}s\n`);
    return meta;
  } finally {
    await db.close();
  }
}

async function analyze(db: Db, target: BenchTarget): Promise<void> {
  if (target.engine === 'sqlite') {
    db.sqlite!.exec('ANALYZE');
    db.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    return;
  }
  // VACUUM as well: a freshly bulk-loaded table has no visibility map, so index-only scans would still
  // visit the heap until autovacuum came by.
  const client = new pg.Client({ connectionString: target.url, options: `-c search_path=${target.pgSchema}` });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [
      target.pgSchema,
    ]);
    await client.query(
      `VACUUM (ANALYZE) ${tables.rows.map((t) => `"${target.pgSchema}"."${t.tablename}"`).join(', ')}`,
    );
  } finally {
    await client.end();
  }
}

type BulkTable = 'accounts' | 'deals' | 'followups' | 'stage_history' | 'deal_collaborators';
const COLUMNS: Record<BulkTable, readonly string[]> = {
  accounts: ACCOUNT_COLUMNS,
  deals: DEAL_COLUMNS,
  followups: FOLLOWUP_COLUMNS,
  stage_history: STAGE_HISTORY_COLUMNS,
  deal_collaborators: COLLABORATOR_COLUMNS,
};
const BULK_TABLES = Object.keys(COLUMNS) as BulkTable[];

interface Loader {
  add(table: BulkTable, row: Row): Promise<void> | void;
  flush(): Promise<void>;
  /** Drops the secondary indexes (and search triggers) of the bulk tables, remembering their definitions. */
  dropIndexes(): Promise<void>;
  /** Re-creates exactly what dropIndexes removed and fills the text index. */
  restoreIndexes(): Promise<void>;
  close(): Promise<void>;
}

/**
 * SQLite: prepared multi-row INSERTs inside big transactions, foreign-key checks and the per-row FTS
 * triggers off during the load; indexes are rebuilt from their own CREATE statements and the FTS tables
 * with the 'rebuild' command afterwards.
 */
class SqliteLoader implements Loader {
  private static readonly ROWS_PER_STATEMENT = 50;
  private readonly buffers = new Map<BulkTable, Row[]>();
  private readonly statements = new Map<BulkTable, SqliteDatabase.Statement>();
  private pending = 0;
  private dropped: { type: string; name: string; sql: string }[] = [];

  constructor(private readonly db: SqliteDatabase.Database) {
    // Nothing reads the database while it is seeded and a crash means re-seeding anyway: no journal
    // (WAL would write every page twice), no fsync, no per-row foreign-key lookups.
    db.pragma('journal_mode = OFF');
    db.pragma('foreign_keys = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1048576');
    db.exec('BEGIN');
  }

  add(table: BulkTable, row: Row): void {
    let buffer = this.buffers.get(table);
    if (!buffer) this.buffers.set(table, (buffer = []));
    buffer.push(row);
    if (buffer.length === SqliteLoader.ROWS_PER_STATEMENT) this.write(table, buffer);
  }

  private write(table: BulkTable, rows: Row[]): void {
    const columns = COLUMNS[table];
    let statement = rows.length === SqliteLoader.ROWS_PER_STATEMENT ? this.statements.get(table) : undefined;
    if (!statement) {
      const tuple = `(${columns.map(() => '?').join(',')})`;
      statement = this.db.prepare(
        `INSERT INTO ${table} (${columns.join(',')}) VALUES ${Array(rows.length).fill(tuple).join(',')}`,
      );
      if (rows.length === SqliteLoader.ROWS_PER_STATEMENT) this.statements.set(table, statement);
    }
    statement.run(rows.flat());
    rows.length = 0;
    this.pending += SqliteLoader.ROWS_PER_STATEMENT;
    if (this.pending >= 200_000) {
      this.db.exec('COMMIT');
      this.db.exec('BEGIN');
      this.pending = 0;
    }
  }

  async flush(): Promise<void> {
    for (const [table, rows] of this.buffers) if (rows.length > 0) this.write(table, rows);
  }

  async dropIndexes(): Promise<void> {
    const placeholders = BULK_TABLES.map(() => '?').join(',');
    this.dropped = this.db
      .prepare(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN (${placeholders}) AND sql IS NOT NULL
      AND (type = 'index' OR (type = 'trigger' AND name LIKE '%\\_fts\\_ai' ESCAPE '\\'))`)
      .all(...BULK_TABLES) as { type: string; name: string; sql: string }[];
    for (const item of this.dropped) this.db.exec(`DROP ${item.type.toUpperCase()} ${item.name}`);
  }

  async restoreIndexes(): Promise<void> {
    this.db.exec('COMMIT');
    for (const item of this.dropped.filter((d) => d.type === 'index')) {
      await step(`index ${item.name}`, () => this.db.exec(item.sql));
    }
    for (const table of ['accounts', 'deals']) {
      await step(`text index ${table}_fts`, () =>
        this.db.exec(`INSERT INTO ${table}_fts(${table}_fts) VALUES ('rebuild')`),
      );
    }
    for (const item of this.dropped.filter((d) => d.type === 'trigger')) this.db.exec(item.sql);
    this.db.exec('BEGIN');
  }

  async close(): Promise<void> {
    this.db.exec('COMMIT');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('cache_size = -65536');
  }
}

/**
 * PostgreSQL: batches of rows sent as one INSERT … SELECT FROM unnest(arrays) (one array per column),
 * the next batch built while the previous one is in flight; foreign-key triggers off for the session
 * (session_replication_role), indexes re-created from pg_indexes.indexdef afterwards.
 */
class PgLoader implements Loader {
  private static readonly BATCH = 5000;
  private readonly buffers = new Map<BulkTable, Row[]>();
  private inFlight: Promise<unknown> = Promise.resolve();
  private dropped: { name: string; def: string }[] = [];

  private constructor(
    private readonly client: pg.Client,
    private readonly schema: string,
  ) {}

  static async open(target: BenchTarget): Promise<PgLoader> {
    const client = new pg.Client({ connectionString: target.url, options: `-c search_path=${target.pgSchema}` });
    await client.connect();
    await client.query('SET synchronous_commit = off');
    await client.query("SET session_replication_role = 'replica'");
    await client.query("SET maintenance_work_mem = '512MB'");
    return new PgLoader(client, target.pgSchema!);
  }

  async add(table: BulkTable, row: Row): Promise<void> {
    let buffer = this.buffers.get(table);
    if (!buffer) this.buffers.set(table, (buffer = []));
    buffer.push(row);
    if (buffer.length >= PgLoader.BATCH) {
      this.buffers.set(table, []);
      await this.send(table, buffer);
    }
  }

  private async send(table: BulkTable, rows: Row[]): Promise<void> {
    const columns = COLUMNS[table];
    const arrays = columns.map((_, c) => rows.map((row) => row[c]));
    const casts = columns.map((column, c) => `$${c + 1}::${INT_COLUMNS.has(column) ? 'bigint' : 'text'}[]`);
    const text = `INSERT INTO ${table} (${columns.join(',')}) SELECT * FROM unnest(${casts.join(', ')})`;
    // One statement in flight at a time: the next batch is generated while PostgreSQL inserts this one.
    await this.inFlight;
    this.inFlight = this.client.query(text, arrays);
  }

  async flush(): Promise<void> {
    for (const [table, rows] of this.buffers) {
      if (rows.length > 0) {
        this.buffers.set(table, []);
        await this.send(table, rows);
      }
    }
    await this.inFlight;
  }

  async dropIndexes(): Promise<void> {
    const result = await this.client.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = ANY($2)
         AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE connamespace = $1::regnamespace)`,
      [this.schema, BULK_TABLES],
    );
    this.dropped = result.rows.map((row) => ({ name: row.indexname, def: row.indexdef }));
    for (const index of this.dropped) await this.client.query(`DROP INDEX "${this.schema}"."${index.name}"`);
  }

  async restoreIndexes(): Promise<void> {
    await this.flush();
    for (const index of this.dropped) await step(`index ${index.name}`, () => this.client.query(index.def));
  }

  async close(): Promise<void> {
    await this.flush();
    await this.client.end();
  }
}
