import { type SelectQueryBuilder, sql } from 'kysely';
import type { Actor } from '../../domain/actor.js';
import type { Q } from '../dialect.js';
import type { Database } from '../schema.js';
import { dealScope } from './deals.js';

/** Whose payment plans a collection report covers: the live deals the actor may see, optionally one owner or team. */
export interface CollectionScope {
  actor: Actor;
  ownerId?: string;
  teamId?: string;
}

/** Live instalments of live, visible deals in the scope (every predicate joins through `deals`). */
function scopedPayments(db: Q, scope: CollectionScope): SelectQueryBuilder<Database, 'payments' | 'deals', object> {
  return db
    .selectFrom('payments')
    .innerJoin('deals', 'deals.id', 'payments.deal_id')
    .where('payments.org_id', '=', scope.actor.orgId)
    .where('payments.deleted_at', 'is', null)
    .where('deals.deleted_at', 'is', null)
    .where(dealScope(scope.actor, scope));
}

export interface MonthOwnerSums {
  month: string;
  ownerId: string;
  amount: number;
  /** Instalments only: the part not received yet. */
  outstanding: number;
}

const month = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 7)`;
const num = (value: unknown) => Number(value ?? 0);

/** Instalment amounts (and what is still outstanding of them) due between two dates, per due month and owner. */
export async function plannedByMonth(
  db: Q,
  scope: CollectionScope,
  fromDate: string,
  toDate: string,
): Promise<MonthOwnerSums[]> {
  const rows = await scopedPayments(db, scope)
    .where('payments.due_date', '>=', fromDate)
    .where('payments.due_date', '<=', toDate)
    .select((eb) => [
      month('payments.due_date').as('month'),
      'deals.owner_id',
      eb.fn.sum<number>('payments.amount').as('amount'),
      sql<number>`sum(${sql.ref('payments.amount')} - ${sql.ref('payments.received_amount')})`.as('outstanding'),
    ])
    .groupBy([month('payments.due_date'), 'deals.owner_id'])
    .execute();
  return rows.map((row) => ({
    month: row.month,
    ownerId: row.owner_id,
    amount: num(row.amount),
    outstanding: num(row.outstanding),
  }));
}

/** Receipts received between two dates, per received month and owner. */
export async function receivedByMonth(
  db: Q,
  scope: CollectionScope,
  fromDate: string,
  toDate: string,
): Promise<MonthOwnerSums[]> {
  const rows = await scopedPayments(db, scope)
    .innerJoin('receipts', 'receipts.payment_id', 'payments.id')
    .where('receipts.received_at', '>=', fromDate)
    .where('receipts.received_at', '<=', toDate)
    .select((eb) => [
      month('receipts.received_at').as('month'),
      'deals.owner_id',
      eb.fn.sum<number>('receipts.amount').as('amount'),
    ])
    .groupBy([month('receipts.received_at'), 'deals.owner_id'])
    .execute();
  return rows.map((row) => ({ month: row.month, ownerId: row.owner_id, amount: num(row.amount), outstanding: 0 }));
}

export interface OverdueInstalmentRow {
  paymentId: string;
  dealId: string;
  dealTitle: string;
  currency: string;
  accountId: string | null;
  accountName: string | null;
  ownerId: string;
  dueDate: string;
  amount: number;
  received: number;
}

/** Instalments due before `today` and not fully received, oldest due first (at most `limit`). */
export async function overdueInstalments(
  db: Q,
  scope: CollectionScope,
  today: string,
  limit: number,
): Promise<OverdueInstalmentRow[]> {
  const rows = await scopedPayments(db, scope)
    .leftJoin('accounts', 'accounts.id', 'deals.account_id')
    .where('payments.due_date', '<', today)
    .where((eb) => eb('payments.received_amount', '<', eb.ref('payments.amount')))
    .select([
      'payments.id',
      'payments.deal_id',
      'deals.title',
      'deals.currency',
      'deals.account_id',
      'accounts.name',
      'deals.owner_id',
      'payments.due_date',
      'payments.amount',
      'payments.received_amount',
    ])
    .orderBy('payments.due_date')
    .orderBy('payments.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    paymentId: row.id,
    dealId: row.deal_id,
    dealTitle: row.title,
    currency: row.currency,
    accountId: row.account_id,
    accountName: row.name ?? null,
    ownerId: row.owner_id,
    dueDate: row.due_date,
    amount: num(row.amount),
    received: num(row.received_amount),
  }));
}

/** Per owner: how many instalments are overdue and their outstanding sum (all of them, not only those listed). */
export async function overdueByOwner(
  db: Q,
  scope: CollectionScope,
  today: string,
): Promise<{ ownerId: string; count: number; outstanding: number }[]> {
  const rows = await scopedPayments(db, scope)
    .where('payments.due_date', '<', today)
    .where((eb) => eb('payments.received_amount', '<', eb.ref('payments.amount')))
    .select((eb) => [
      'deals.owner_id',
      eb.fn.countAll<number>().as('count'),
      sql<number>`sum(${sql.ref('payments.amount')} - ${sql.ref('payments.received_amount')})`.as('outstanding'),
    ])
    .groupBy('deals.owner_id')
    .execute();
  return rows.map((row) => ({ ownerId: row.owner_id, count: num(row.count), outstanding: num(row.outstanding) }));
}
