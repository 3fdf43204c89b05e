import type { Actor } from '../../domain/actor.js';
import type { Q } from '../dialect.js';

export async function findUserByEmail(db: Q, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function insertSession(db: Q, row: { id: string; org_id: string; user_id: string; csrf_token: string; created_at: string; expires_at: string }) {
  await db.insertInto('sessions').values(row).execute();
}

export async function deleteSession(db: Q, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

const actorColumns = ['users.id as userId', 'users.org_id as orgId', 'users.role', 'users.team_id as teamId', 'users.name'] as const;

/** The actor behind a live session, with the session's CSRF token. */
export async function findSessionActor(db: Q, sessionHash: string, now: string): Promise<(Actor & { csrfToken: string }) | undefined> {
  return db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .select([...actorColumns, 'sessions.csrf_token as csrfToken'])
    .where('sessions.id', '=', sessionHash).where('sessions.expires_at', '>', now).where('users.active', '=', 1)
    .executeTakeFirst();
}

/** The actor behind an API token that is not revoked. */
export async function findTokenActor(db: Q, tokenHash: string): Promise<(Actor & { tokenId: string }) | undefined> {
  return db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([...actorColumns, 'api_tokens.id as tokenId'])
    .where('api_tokens.token_hash', '=', tokenHash).where('api_tokens.revoked_at', 'is', null).where('users.active', '=', 1)
    .executeTakeFirst();
}

export async function touchToken(db: Q, id: string, at: string) {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Failed sign-ins of a key (e-mail or address) inside the current window. */
export async function loginFailures(db: Q, key: string, windowStart: string): Promise<number> {
  const row = await db.selectFrom('login_attempts').select(['failures', 'window_start']).where('key', '=', key).executeTakeFirst();
  if (!row || row.window_start < windowStart) return 0;
  return row.failures;
}

export async function recordLoginFailure(db: Q, key: string, now: string, windowStart: string) {
  const row = await db.selectFrom('login_attempts').select(['failures', 'window_start']).where('key', '=', key).executeTakeFirst();
  if (!row) await db.insertInto('login_attempts').values({ key, window_start: now, failures: 1 }).execute();
  else if (row.window_start < windowStart) await db.updateTable('login_attempts').set({ window_start: now, failures: 1 }).where('key', '=', key).execute();
  else await db.updateTable('login_attempts').set({ failures: row.failures + 1 }).where('key', '=', key).execute();
}

export async function clearLoginFailures(db: Q, key: string) {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}
