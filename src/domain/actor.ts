export type Role = 'admin' | 'manager' | 'sales' | 'finance' | 'marketing' | 'viewer';

/** Who is acting: every command and visibility rule starts from this. */
export interface Actor {
  userId: string;
  orgId: string;
  role: Role;
  teamId: string | null;
  name: string;
}

/** Coarse permissions per role; record-level visibility is enforced by the store's queries. */
export const PERMISSIONS = {
  readDeals: ['admin', 'manager', 'sales', 'finance', 'viewer'],
  writeDeals: ['admin', 'manager', 'sales'],
  flagRisk: ['admin', 'manager'],
  readAccounts: ['admin', 'manager', 'sales', 'finance', 'marketing', 'viewer'],
  writeAccounts: ['admin', 'manager', 'sales'],
  writePayments: ['admin', 'finance'],
  writeAttachments: ['admin', 'manager', 'sales', 'marketing'],
  manageOrg: ['admin'],
  writeTasks: ['admin', 'manager', 'sales', 'finance', 'marketing'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Roles that read every deal of their organisation (the others: their own, shared and team deals, or none). */
const WHOLE_ORGANISATION_ROLES: readonly Role[] = ['admin', 'finance', 'viewer'];

export function seesWholeOrganisation(actor: Actor): boolean {
  return WHOLE_ORGANISATION_ROLES.includes(actor.role);
}

export function can(actor: Actor, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}
