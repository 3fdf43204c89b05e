import { expect, it } from 'vitest';
import { createOrganisation } from '../../src/commands/create-organisation.js';
import { newId } from '../../src/store/ids.js';
import { describeEachDb } from '../test-db.js';

describeEachDb('one live account per USCC', (get) => {
  it('refuses a second live account with the same USCC, allows it once the first is deleted', async () => {
    const db = get().db.kysely;
    const now = new Date('2026-03-02T02:00:00Z');
    const { orgId, adminId } = await createOrganisation(
      db,
      {
        name: 'U',
        timezone: 'Asia/Shanghai',
        admin: { name: 'A', email: `u-${Date.now()}@example.com`, password: 'long enough 1' },
      },
      now,
    );
    const at = now.toISOString();
    const account = (uscc: string | null) => ({
      id: newId(),
      org_id: orgId,
      name: 'X',
      name_key: 'x',
      uscc,
      industry: null,
      size: null,
      region: null,
      source: null,
      budget_range: null,
      pain_points: null,
      owner_id: adminId,
      tier: null,
      tags: '[]',
      custom: '{}',
      search_tokens: 'x',
      version: 1,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    });
    const first = account('91310000MA1FL8XQ30');
    await db.insertInto('accounts').values(first).execute();
    await expect(db.insertInto('accounts').values(account('91310000MA1FL8XQ30')).execute()).rejects.toThrow();
    // Accounts without a USCC are never in conflict.
    await db
      .insertInto('accounts')
      .values([account(null), account(null)])
      .execute();
    await db.updateTable('accounts').set({ deleted_at: at }).where('id', '=', first.id).execute();
    await db.insertInto('accounts').values(account('91310000MA1FL8XQ30')).execute();
  });
});
