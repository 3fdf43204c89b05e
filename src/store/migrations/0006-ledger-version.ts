import { createLedgerVersionTriggers, type Q } from '../dialect.js';

/**
 * organisations.ledger_version: a counter that every change to deals, their collaborators, accounts or users
 * of the organisation moves on, through triggers, in the changing transaction. Read with the sign-in check,
 * it tells an app instance whether a deal list it cached is still what the database holds.
 */
export async function up(db: Q): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('ledger_version', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await createLedgerVersionTriggers(db);
}
