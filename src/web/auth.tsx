import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, type Me, type Role, setCsrfToken, setUnauthorisedHandler } from './api-client';
import { setOutboxUser } from './offline/outbox';

interface AuthValue {
  me: Me | null;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

/**
 * Who is signed in (null: nobody, or the server cannot be reached). Asked once at start-up, in parallel
 * with the code of the first page: main.tsx renders when both are there.
 */
export async function fetchSession(): Promise<Me | null> {
  try {
    const user = await api.get<Me>('/api/me');
    setCsrfToken(user.csrfToken ?? null);
    return user;
  } catch {
    return null;
  }
}

/** `initial`: the answer of fetchSession(). */
export function AuthProvider({ initial, children }: { initial: Me | null; children: ReactNode }) {
  // The offline outbox follows the user before anything renders for them (its flush runs on sign-in).
  const [me, setMeState] = useState<Me | null>(() => {
    setOutboxUser(initial?.id ?? null);
    return initial;
  });
  const setMe = useCallback((user: Me | null) => {
    setOutboxUser(user?.id ?? null);
    setMeState(user);
  }, []);

  useEffect(() => {
    setUnauthorisedHandler(() => setMe(null));
  }, [setMe]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const result = await api.post<{ user: Me; csrfToken: string }>('/api/auth/login', { email, password });
      setCsrfToken(result.csrfToken);
      setMe(result.user);
    },
    [setMe],
  );

  const signOut = useCallback(async () => {
    await api.post('/api/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    setMe(null);
  }, [setMe]);

  const value = useMemo(() => ({ me, signIn, signOut }), [me, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user (pages behind the shell only). */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('not signed in');
  return me;
}

/** Where "/" leads a role: the ledger, or the accounts for a role that may not see deals. */
export function homePath(role: Role): string {
  return PAGE_ROLES.ledger.includes(role) ? '/ledger' : '/accounts';
}

/** Which pages a role may use: a page a role cannot use is not in its menu. */
export const PAGE_ROLES: Record<
  'ledger' | 'board' | 'today' | 'accounts' | 'settings' | 'review' | 'reports' | 'tasks' | 'collection' | 'audit',
  Role[]
> = {
  ledger: ['admin', 'manager', 'sales', 'finance', 'viewer'],
  board: ['admin', 'manager', 'sales', 'finance', 'viewer'],
  today: ['admin', 'manager', 'sales'],
  review: ['admin', 'manager', 'sales', 'finance', 'viewer'],
  reports: ['admin', 'manager', 'sales', 'finance', 'viewer'],
  accounts: ['admin', 'manager', 'sales', 'finance', 'marketing', 'viewer'],
  tasks: ['admin', 'manager', 'sales', 'finance'],
  collection: ['admin', 'manager', 'sales', 'finance'],
  audit: ['admin'],
  // Everyone has their own notification channels; the organisation's tabs are the admin's (SettingsPage).
  settings: ['admin', 'manager', 'sales', 'finance', 'marketing', 'viewer'],
};

export function mayWriteDeals(role: Role): boolean {
  return role === 'admin' || role === 'manager' || role === 'sales';
}
