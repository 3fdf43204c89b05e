import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { engineOf, withRoomToCount } from '../../src/store/dialect.js';
import { describeEachDb } from '../test-db.js';

/** Counts get room for an exact bitmap on PostgreSQL (store/dialect withRoomToCount), for their transaction only. */
describeEachDb('room to count', (db) => {
  it('raises work_mem for the count alone, and leaves SQLite as it is', async () => {
    const k = db().db.kysely;
    const counted = await withRoomToCount(k, async (counting) => {
      if (engineOf(counting) === 'sqlite') return 'sqlite';
      return (await sql<{ work_mem: string }>`SHOW work_mem`.execute(counting)).rows[0]!.work_mem;
    });
    if (engineOf(k) === 'sqlite') {
      expect(counted).toBe('sqlite');
      return;
    }
    expect(counted).toBe('32MB');
    // The pool hands the same connections out again: none of them kept the setting.
    const after = await Promise.all(
      Array.from({ length: 12 }, () => sql<{ work_mem: string }>`SHOW work_mem`.execute(k)),
    );
    expect(after.map((r) => r.rows[0]!.work_mem)).not.toContain('32MB');
    // Inside a caller's transaction the setting holds until that transaction ends.
    const inside = await k
      .transaction()
      .execute((trx) =>
        withRoomToCount(
          trx,
          async (counting) => (await sql<{ work_mem: string }>`SHOW work_mem`.execute(counting)).rows[0]!.work_mem,
        ),
      );
    expect(inside).toBe('32MB');
  });
});
