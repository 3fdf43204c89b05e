import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createDb, type Db, type Engine } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';

export interface TestDatabase {
  engine: Engine;
  url: string;
  db: Db;
  /** Where this suite may keep files (attachments, backups). */
  dataDir: string;
  /** The PostgreSQL schema of this database (a second connection opens the same one). */
  pgSchema?: string;
}

export const ENGINES: Engine[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh, migrated database of the given engine: a temp SQLite file, or a new PostgreSQL schema. */
export async function openTestDatabase(
  engine: Engine,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase & { dispose(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-test-'));
  let db: Db;
  let url: string;
  let schema: string | undefined;
  if (engine === 'postgres') {
    url = process.env.TEST_DATABASE_URL!;
    schema = `t_${randomBytes(6).toString('hex')}`;
    db = await createDb(url, { pgSchema: schema, poolSize: 4 });
  } else {
    url = `sqlite:${path.join(dataDir, 'test.db')}`;
    db = await createDb(url);
  }
  if (options.migrate !== false) await migrate(db);
  return {
    engine,
    url,
    db,
    dataDir,
    pgSchema: schema,
    async dispose() {
      await db.close();
      if (schema) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the same suite on SQLite and (when TEST_DATABASE_URL is set) on PostgreSQL: one suite, both
 * databases. The callback receives a getter valid inside tests and hooks.
 */
export function describeEachDb(title: string, fn: (get: () => TestDatabase) => void): void {
  for (const engine of ENGINES) {
    describe(`${title} [${engine}]`, () => {
      let current: (TestDatabase & { dispose(): Promise<void> }) | undefined;
      beforeAll(async () => {
        current = await openTestDatabase(engine);
      });
      afterAll(async () => {
        await current?.dispose();
      });
      fn(() => {
        if (!current) throw new Error('test database not open yet');
        return current;
      });
    });
  }
}
