import type { Q } from '../dialect.js';
import type { UserRow } from '../schema.js';

export async function listUsers(db: Q, orgId: string) {
  return db.selectFrom('users').selectAll().where('org_id', '=', orgId).orderBy('name').orderBy('id').execute();
}

export async function listTeams(db: Q, orgId: string) {
  return db.selectFrom('teams').selectAll().where('org_id', '=', orgId).orderBy('name').orderBy('id').execute();
}

export async function getUserRow(db: Q, orgId: string, id: string) {
  return db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** Updates a user only if its version is still `version` (bumping it); false when someone else won. */
export async function updateUserIfVersion(
  db: Q,
  id: string,
  version: number,
  patch: { name?: string; role?: UserRow['role']; team_id?: string | null; active?: number; updated_at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** How many active admins the organisation has besides `exceptId`. */
export async function countOtherActiveAdmins(db: Q, orgId: string, exceptId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function getTeamRow(db: Q, orgId: string, id: string) {
  return db.selectFrom('teams').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** Updates a team only if its version is still `version` (bumping it); false when someone else won. */
export async function updateTeamIfVersion(
  db: Q,
  id: string,
  version: number,
  patch: {
    name?: string;
    manager_id?: string | null;
    reminder_time?: string | null;
    digest_time?: string | null;
    updated_at: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('teams')
    .set({ ...patch, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertUser(db: Q, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function insertTeam(
  db: Q,
  row: {
    id: string;
    org_id: string;
    name: string;
    manager_id: string | null;
    reminder_time: string | null;
    digest_time: string | null;
    created_at: string;
    updated_at: string;
    version: number;
  },
): Promise<void> {
  await db.insertInto('teams').values(row).execute();
}
