import type { Actor } from '../../domain/actor.js';
import type { Q } from '../dialect.js';

export async function findUserByEmail(db: Q, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function insertSession(
  db: Q,
  row: { id: string; org_id: string; user_id: string; csrf_token: string; created_at: string; expires_at: string },
) {
  await db.insertInto('sessions').values(row).execute();
}

export async function deleteSession(db: Q, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

const actorColumns = [
  'users.id as userId',
  'users.org_id as orgId',
  'users.role',
  'users.team_id as teamId',
  'users.name',
] as const;

/** The organisation's versions read with every sign-in check (see OrgVersions). */
const versionColumns = [
  'organisations.version as orgVersion',
  'organisations.ledger_version as ledgerVersion',
] as const;

/**
 * What the sign-in check reads of the caller's organisation: its version (settings and stages bump it: a
 * cached organisation context is reused only while it matches) and its ledger version (any change to its
 * deals, collaborators, accounts or users moves it: a cached deal list likewise).
 */
export interface OrgVersions {
  orgVersion: number;
  ledgerVersion: number;
}

function withVersions<T extends { ledgerVersion: number | string }>(row: T | undefined) {
  // PostgreSQL answers a bigint as a string.
  return row && { ...row, ledgerVersion: Number(row.ledgerVersion) };
}

/** The actor behind a live session, with the session's CSRF token and the organisation's versions. */
export async function findSessionActor(
  db: Q,
  sessionHash: string,
  now: string,
): Promise<(Actor & { csrfToken: string } & OrgVersions) | undefined> {
  return withVersions(
    await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('organisations', 'organisations.id', 'users.org_id')
      .select([...actorColumns, 'sessions.csrf_token as csrfToken', ...versionColumns])
      .where('sessions.id', '=', sessionHash)
      .where('sessions.expires_at', '>', now)
      .where('users.active', '=', 1)
      .executeTakeFirst(),
  );
}

/** The actor behind an API token that is not revoked, with the organisation's versions. */
export async function findTokenActor(
  db: Q,
  tokenHash: string,
): Promise<(Actor & { tokenId: string } & OrgVersions) | undefined> {
  return withVersions(
    await db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .innerJoin('organisations', 'organisations.id', 'users.org_id')
      .select([...actorColumns, 'api_tokens.id as tokenId', ...versionColumns])
      .where('api_tokens.token_hash', '=', tokenHash)
      .where('api_tokens.revoked_at', 'is', null)
      .where('users.active', '=', 1)
      .executeTakeFirst(),
  );
}

export async function touchToken(db: Q, id: string, at: string) {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/**
 * Counts one sign-in attempt of a key (e-mail or address) and answers the attempts in the current window,
 * this one included. One atomic upsert, so concurrent attempts each get their own count on both engines
 * (a read-then-write counter let parallel guesses through and collided on the first insert).
 */
export async function countLoginAttempt(db: Q, key: string, now: string, windowStart: string): Promise<number> {
  const row = await db
    .insertInto('login_attempts')
    .values({ key, window_start: now, failures: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        const expired = eb('login_attempts.window_start', '<', windowStart);
        return {
          window_start: eb.case().when(expired).then(now).else(eb.ref('login_attempts.window_start')).end(),
          failures: eb
            .case()
            .when(expired)
            .then(1)
            .else(eb('login_attempts.failures', '+', 1))
            .end(),
        };
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/** Takes back one counted attempt (it succeeded), so successful sign-ins never use up the limit. */
export async function forgiveLoginAttempt(db: Q, key: string) {
  await db
    .updateTable('login_attempts')
    .set((eb) => ({ failures: eb('failures', '-', 1) }))
    .where('key', '=', key)
    .where('failures', '>', 0)
    .execute();
}

export async function clearLoginFailures(db: Q, key: string) {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}

export async function insertApiToken(
  db: Q,
  row: { id: string; org_id: string; user_id: string; name: string; token_hash: string; created_at: string },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({ ...row, last_used_at: null, revoked_at: null })
    .execute();
}
