import { sql } from 'kysely';
import type { Q } from '../dialect.js';

/**
 * A USCC names one live account per organisation. The account commands check this inside their
 * transaction; the partial unique index makes two concurrent creates unable to both succeed.
 */
export async function up(db: Q): Promise<void> {
  await db.schema
    .createIndex('accounts_org_uscc_live_uq')
    .unique()
    .on('accounts')
    .columns(['org_id', 'uscc'])
    .where(sql.ref('deleted_at'), 'is', null)
    .where(sql.ref('uscc'), 'is not', null)
    .execute();
}
