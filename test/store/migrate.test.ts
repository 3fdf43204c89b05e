import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { migrate, schemaVersion } from '../../src/store/migrate.js';
import { MIGRATIONS, type Migration } from '../../src/store/migrations/index.js';
import { ENGINES, openTestDatabase } from '../test-db.js';

/** Every table of DOMAIN.md's records (and the sign-in machinery), and whether it is per organisation. */
const TABLES: Record<string, { orgScoped: boolean }> = {
  organisations: { orgScoped: false },
  pipeline_stages: { orgScoped: true },
  pipeline_totals: { orgScoped: true },
  teams: { orgScoped: true },
  users: { orgScoped: true },
  sessions: { orgScoped: true },
  api_tokens: { orgScoped: true },
  // Keyed by e-mail or address before anyone is known: deliberately not per organisation.
  login_attempts: { orgScoped: false },
  accounts: { orgScoped: true },
  contacts: { orgScoped: true },
  products: { orgScoped: true },
  deals: { orgScoped: true },
  deal_collaborators: { orgScoped: true },
  deal_line_items: { orgScoped: true },
  followups: { orgScoped: true },
  stage_history: { orgScoped: true },
  tasks: { orgScoped: true },
  payments: { orgScoped: true },
  receipts: { orgScoped: true },
  attachments: { orgScoped: true },
  audit_log: { orgScoped: true },
};

async function tableNames(db: Db): Promise<string[]> {
  if (db.engine === 'sqlite') {
    const rows = await sql<{
      name: string;
    }>`SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%'`.execute(db.kysely);
    // FTS5 keeps its own shadow tables (<table>_fts, _fts_data …): they are the text index, not records.
    return rows.rows
      .map((r) => r.name)
      .filter((name) => !/_fts(_|$)/.test(name))
      .sort();
  }
  const rows = await sql<{
    name: string;
  }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(
    db.kysely,
  );
  return rows.rows.map((r) => r.name).sort();
}

async function columns(db: Db, table: string): Promise<{ name: string; notNull: boolean }[]> {
  if (db.engine === 'sqlite') {
    const rows = await sql<{
      name: string;
      notnull: number;
      pk: number;
    }>`SELECT name, "notnull", pk FROM pragma_table_info(${table})`.execute(db.kysely);
    return rows.rows.map((r) => ({ name: r.name, notNull: r.notnull === 1 || r.pk > 0 }));
  }
  const rows = await sql<{
    name: string;
    is_nullable: string;
  }>`SELECT column_name AS name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table}`.execute(
    db.kysely,
  );
  return rows.rows.map((r) => ({ name: r.name, notNull: r.is_nullable === 'NO' }));
}

async function migrationRows(db: Db) {
  return db.kysely.selectFrom('schema_migrations').select(['id', 'name']).orderBy('id').execute();
}

for (const engine of ENGINES) {
  describe(`migrations [${engine}]`, () => {
    const open: { dispose(): Promise<void> }[] = [];
    afterEach(async () => {
      while (open.length > 0) await open.pop()!.dispose();
    });
    async function freshDatabase() {
      const t = await openTestDatabase(engine, { migrate: false });
      open.push(t);
      return t.db;
    }

    it('create every table on a fresh database, each scoped to its organisation where it should be', async () => {
      const db = await freshDatabase();
      expect(await schemaVersion(db)).toBe(0);
      expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.id));
      expect(await schemaVersion(db)).toBe(MIGRATIONS[MIGRATIONS.length - 1].id);

      const names = await tableNames(db);
      for (const table of [...Object.keys(TABLES), 'schema_migrations']) expect(names, table).toContain(table);
      for (const [table, { orgScoped }] of Object.entries(TABLES)) {
        const org = (await columns(db, table)).find((c) => c.name === 'org_id');
        if (orgScoped) {
          expect(org, `${table}.org_id`).toBeDefined();
          expect(org!.notNull, `${table}.org_id NOT NULL`).toBe(true);
        } else {
          expect(org, `${table} has no org_id`).toBeUndefined();
        }
      }
      // Records that are edited concurrently carry a version.
      for (const table of ['organisations', 'teams', 'users', 'accounts', 'contacts', 'deals', 'tasks', 'payments']) {
        expect(
          (await columns(db, table)).map((c) => c.name),
          `${table}.version`,
        ).toContain('version');
      }
    });

    it('re-running is a no-op', async () => {
      const db = await freshDatabase();
      await migrate(db);
      const before = { tables: await tableNames(db), rows: await migrationRows(db) };
      expect(await migrate(db)).toEqual([]);
      expect(await migrate(db)).toEqual([]);
      expect({ tables: await tableNames(db), rows: await migrationRows(db) }).toEqual(before);
    });

    it('an interrupted upgrade leaves the database at the previous version, with no half-created table', async () => {
      const db = await freshDatabase();
      await migrate(db);
      const version = await schemaVersion(db);
      const tablesBefore = await tableNames(db);
      const failing: Migration = {
        id: version + 1,
        name: 'half-done',
        async up(trx) {
          await trx.schema
            .createTable('half_done')
            .addColumn('id', 'text', (c) => c.primaryKey())
            .execute();
          await trx
            .insertInto('half_done' as never)
            .values({ id: 'x' } as never)
            .execute();
          await trx.schema.alterTable('deals').addColumn('half_done_flag', 'integer').execute();
          throw new Error('power cut');
        },
      };
      await expect(migrate(db, [...MIGRATIONS, failing])).rejects.toThrow('power cut');
      expect(await schemaVersion(db)).toBe(version);
      expect(await tableNames(db)).toEqual(tablesBefore);
      expect((await columns(db, 'deals')).map((c) => c.name)).not.toContain('half_done_flag');
      expect((await migrationRows(db)).map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));

      // The fixed migration then applies cleanly from where the database stood.
      const fixed: Migration = {
        ...failing,
        name: 'fixed',
        async up(trx) {
          await trx.schema
            .createTable('half_done')
            .addColumn('id', 'text', (c) => c.primaryKey())
            .execute();
        },
      };
      expect(await migrate(db, [...MIGRATIONS, fixed])).toEqual([version + 1]);
      expect(await schemaVersion(db)).toBe(version + 1);
      expect(await tableNames(db)).toContain('half_done');
    });

    it('a failure in the first migration leaves an empty database at version 0', async () => {
      const db = await freshDatabase();
      const failing: Migration = {
        ...MIGRATIONS[0],
        async up(trx) {
          await MIGRATIONS[0].up(trx);
          throw new Error('disk full');
        },
      };
      await expect(migrate(db, [failing])).rejects.toThrow('disk full');
      expect(await schemaVersion(db)).toBe(0);
      expect(await tableNames(db)).toEqual(['schema_migrations']);
      expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.id));
    });

    it('two instances migrating at once apply each migration once', async () => {
      const db = await freshDatabase();
      const results = await Promise.all([migrate(db), migrate(db)]);
      expect(results.flat().sort()).toEqual(MIGRATIONS.map((m) => m.id));
      expect((await migrationRows(db)).map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
    });
  });
}
