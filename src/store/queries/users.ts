import type { Q } from '../dialect.js';

export async function listUsers(db: Q, orgId: string) {
  return db.selectFrom('users').selectAll().where('org_id', '=', orgId).orderBy('name').orderBy('id').execute();
}

export async function listTeams(db: Q, orgId: string) {
  return db.selectFrom('teams').selectAll().where('org_id', '=', orgId).orderBy('name').orderBy('id').execute();
}
