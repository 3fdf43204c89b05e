import { DEFAULT_STAGES } from '../domain/stages.js';
import type { Q } from '../store/dialect.js';
import { newId } from '../store/ids.js';
import { writeAudit } from '../store/queries/audit.js';
import { DEFAULT_ORG_SETTINGS, replaceStages } from '../store/queries/org.js';
import { hashPassword } from './security.js';

export interface NewOrganisation {
  name: string;
  timezone: string;
  currency?: string;
  admin: { name: string; email: string; password: string };
}

/** Creates an organisation with the default funnel and its first admin, in one transaction. */
export async function createOrganisation(
  db: Q,
  input: NewOrganisation,
  now: Date,
): Promise<{ orgId: string; adminId: string }> {
  const passwordHash = await hashPassword(input.admin.password);
  return db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const orgId = newId(now.getTime());
    const adminId = newId(now.getTime());
    await trx
      .insertInto('organisations')
      .values({
        id: orgId,
        name: input.name,
        timezone: input.timezone,
        currency: input.currency ?? 'CNY',
        settings: JSON.stringify(DEFAULT_ORG_SETTINGS),
        created_at: at,
        updated_at: at,
        version: 1,
      })
      .execute();
    await replaceStages(trx, orgId, DEFAULT_STAGES);
    await trx
      .insertInto('users')
      .values({
        id: adminId,
        org_id: orgId,
        name: input.admin.name,
        email: input.admin.email.toLowerCase(),
        password_hash: passwordHash,
        role: 'admin',
        team_id: null,
        locale: null,
        active: 1,
        created_at: at,
        updated_at: at,
        version: 1,
      })
      .execute();
    await writeAudit(trx, { orgId, userId: null }, now, { entity: 'organisation', entityId: orgId, action: 'create' });
    await writeAudit(trx, { orgId, userId: null }, now, { entity: 'user', entityId: adminId, action: 'create' });
    return { orgId, adminId };
  });
}
