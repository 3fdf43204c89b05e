import { sql } from 'kysely';
import type { Db } from './db.js';
import { withMigrationLock } from './dialect.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

/**
 * Brings the schema up to date. Each migration runs in its own transaction together with its row in
 * schema_migrations (both engines have transactional DDL), so an interrupted upgrade leaves the database
 * at the previous version. Returns the ids applied.
 */
export async function migrate(
  db: Db,
  migrations: Migration[] = MIGRATIONS,
  now: () => Date = () => new Date(),
): Promise<number[]> {
  const applied: number[] = [];
  await withMigrationLock(db.kysely, async () => {
    await db.kysely.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute();
    const done = new Set((await db.kysely.selectFrom('schema_migrations').select('id').execute()).map((row) => row.id));
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      const ran = await db.kysely.transaction().execute(async (trx) => {
        // SQLite has no migration lock: another migrate() may have applied it since `done` was read.
        if (await trx.selectFrom('schema_migrations').select('id').where('id', '=', migration.id).executeTakeFirst())
          return false;
        await migration.up(trx);
        await trx
          .insertInto('schema_migrations')
          .values({ id: migration.id, name: migration.name, applied_at: now().toISOString() })
          .execute();
        return true;
      });
      if (ran) applied.push(migration.id);
    }
  });
  return applied;
}

/** The highest applied migration id, 0 for an empty database. */
export async function schemaVersion(db: Db): Promise<number> {
  const row = await sql<{ v: number | null }>`SELECT MAX(id) AS v FROM schema_migrations`
    .execute(db.kysely)
    .catch(() => null);
  return Number(row?.rows[0]?.v ?? 0);
}
