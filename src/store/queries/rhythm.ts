import type { Q } from '../dialect.js';

/** What the scheduled jobs read: people, stale deals, overdue next steps, due tasks and instalments. */

export interface Person {
  id: string;
  name: string;
  role: string;
  team_id: string | null;
  locale: string | null;
}

export async function listOrganisationsForJobs(db: Q): Promise<{ id: string; created_at: string }[]> {
  return db.selectFrom('organisations').select(['id', 'created_at']).orderBy('id').execute();
}

export async function listActivePeople(db: Q, orgId: string): Promise<Person[]> {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'team_id', 'locale'])
    .where('org_id', '=', orgId)
    .where('active', '=', 1)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function listTeamsWithTimes(db: Q, orgId: string) {
  return db
    .selectFrom('teams')
    .select(['id', 'name', 'manager_id', 'reminder_time', 'digest_time'])
    .where('org_id', '=', orgId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export interface OwnerFreshness {
  owner_id: string;
  active: number;
  pending: number;
}

/** Per owner: open live deals, and how many of them had no activity since `since`. */
export async function freshnessByOwner(
  db: Q,
  orgId: string,
  ownerIds: string[],
  openStages: string[],
  since: string,
): Promise<OwnerFreshness[]> {
  if (ownerIds.length === 0 || openStages.length === 0) return [];
  const rows = await db
    .selectFrom('deals')
    .select((eb) => [
      'owner_id',
      eb.fn.countAll<number>().as('active'),
      eb.fn.sum<number>(eb.case().when('last_activity_at', '<', since).then(1).else(0).end()).as('pending'),
    ])
    .where('org_id', '=', orgId)
    .where('deleted_at', 'is', null)
    .where('stage', 'in', openStages)
    .where('owner_id', 'in', ownerIds)
    .groupBy('owner_id')
    .execute();
  return rows.map((row) => ({ owner_id: row.owner_id, active: Number(row.active), pending: Number(row.pending ?? 0) }));
}

export interface DealLine {
  id: string;
  title: string;
  account_name: string | null;
  owner_id: string;
}

/** One owner's open deals with no activity since `since`, the longest untouched first. */
export async function staleDealsOf(
  db: Q,
  orgId: string,
  ownerId: string,
  openStages: string[],
  since: string,
  limit: number,
): Promise<DealLine[]> {
  return db
    .selectFrom('deals')
    .leftJoin('accounts', 'accounts.id', 'deals.account_id')
    .select(['deals.id', 'deals.title', 'accounts.name as account_name', 'deals.owner_id'])
    .where('deals.org_id', '=', orgId)
    .where('deals.owner_id', '=', ownerId)
    .where('deals.deleted_at', 'is', null)
    .where('deals.stage', 'in', openStages)
    .where('deals.last_activity_at', '<', since)
    .orderBy('deals.last_activity_at')
    .orderBy('deals.id')
    .limit(limit)
    .execute();
}

/** Open live deals of these owners whose next step was due before `today`, the oldest due first, and how many in all. */
export async function overdueNextSteps(
  db: Q,
  orgId: string,
  ownerIds: string[],
  openStages: string[],
  today: string,
  limit: number,
) {
  if (ownerIds.length === 0 || openStages.length === 0) return { rows: [], total: 0 };
  const base = db
    .selectFrom('deals')
    .where('deals.org_id', '=', orgId)
    .where('deals.deleted_at', 'is', null)
    .where('deals.stage', 'in', openStages)
    .where('deals.owner_id', 'in', ownerIds)
    .where('deals.next_step_due', '<', today);
  const rows = await base
    .leftJoin('accounts', 'accounts.id', 'deals.account_id')
    .select([
      'deals.id',
      'deals.title',
      'accounts.name as account_name',
      'deals.owner_id',
      'deals.next_step',
      'deals.next_step_due',
    ])
    .orderBy('deals.next_step_due')
    .orderBy('deals.id')
    .limit(limit)
    .execute();
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

export async function accountNames(db: Q, orgId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Open tasks that fell due in (after, upTo], with the deal they belong to. */
export async function tasksFallenDue(db: Q, orgId: string, after: string, upTo: string) {
  return db
    .selectFrom('tasks')
    .leftJoin('deals', 'deals.id', 'tasks.deal_id')
    .leftJoin('accounts', 'accounts.id', 'deals.account_id')
    .leftJoin('users as creators', 'creators.id', 'tasks.created_by')
    .select([
      'tasks.id',
      'tasks.title',
      'tasks.due_at',
      'tasks.assignee_id',
      'tasks.created_by',
      'creators.name as creator_name',
      'tasks.deal_id',
      'deals.title as deal_title',
      'deals.deleted_at as deal_deleted_at',
      'accounts.name as account_name',
    ])
    .where('tasks.org_id', '=', orgId)
    .where('tasks.done_at', 'is', null)
    .where('tasks.deleted_at', 'is', null)
    .where('tasks.due_at', '>', after)
    .where('tasks.due_at', '<=', upTo)
    .orderBy('tasks.due_at')
    .orderBy('tasks.id')
    .limit(1000)
    .execute();
}

/** Instalments of live deals due before `today` and not fully received, with the deal and its owner. */
export async function overdueInstalments(db: Q, orgId: string, today: string) {
  return db
    .selectFrom('payments')
    .innerJoin('deals', 'deals.id', 'payments.deal_id')
    .leftJoin('accounts', 'accounts.id', 'deals.account_id')
    .select([
      'payments.id',
      'payments.due_date',
      'payments.amount',
      'payments.received_amount',
      'deals.id as deal_id',
      'deals.title as deal_title',
      'deals.currency',
      'deals.owner_id',
      'accounts.name as account_name',
    ])
    .where('payments.org_id', '=', orgId)
    .where('payments.deleted_at', 'is', null)
    .where('deals.deleted_at', 'is', null)
    .where('payments.due_date', '<', today)
    .whereRef('payments.received_amount', '<', 'payments.amount')
    .orderBy('payments.due_date')
    .orderBy('payments.id')
    .limit(1000)
    .execute();
}
