import { LoginSchema } from '../contract/users.js';
import { parseInput } from '../contract/validate.js';
import { Problem } from '../domain/problem.js';
import type { Q } from '../store/dialect.js';
import {
  clearLoginFailures,
  countLoginAttempt,
  findUserByEmail,
  forgiveLoginAttempt,
  insertSession,
} from '../store/queries/auth.js';
import type { UserRow } from '../store/schema.js';
import { newSecret, secretHash, verifyPassword } from './security.js';


const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 10;
export const SESSION_DAYS = 14;

export interface LoginResult {
  user: UserRow;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Signs a user in: rate-limited per e-mail and per address, same answer whether the e-mail exists or not. */
export async function login(db: Q, input: unknown, clientAddress: string, now: Date): Promise<LoginResult> {
  const data = parseInput(LoginSchema, input);
  const email = data.email.toLowerCase();
  const windowStart = new Date(now.getTime() - WINDOW_MS).toISOString();
  const emailKey = `email:${email}`;
  const addressKey = `ip:${clientAddress}`;
  // Every attempt is counted before the password is checked, so parallel guesses cannot all slip in
  // under the limit; a successful one is forgiven below.
  const attempts = [
    await countLoginAttempt(db, emailKey, now.toISOString(), windowStart),
    await countLoginAttempt(db, addressKey, now.toISOString(), windowStart),
  ];
  if (attempts.some((n) => n > MAX_FAILURES)) {
    throw new Problem('rate_limited', {
      zh: '登录失败次数过多，请 15 分钟后再试',
      en: 'Too many failed sign-ins; try again in 15 minutes',
    });
  }
  const user = await findUserByEmail(db, email);
  const ok = user !== undefined && user.active === 1 && (await verifyPassword(data.password, user.password_hash));
  if (!ok || !user) {
    throw new Problem('unauthenticated', { zh: '邮箱或密码不正确', en: 'Wrong e-mail or password' });
  }
  const sessionToken = newSecret();
  const csrfToken = newSecret(24);
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await db.transaction().execute(async (trx) => {
    await clearLoginFailures(trx, emailKey);
    await forgiveLoginAttempt(trx, addressKey);
    await insertSession(trx, {
      id: secretHash(sessionToken),
      org_id: user.org_id,
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    });
  });
  return { user, sessionToken, csrfToken, expiresAt };
}
