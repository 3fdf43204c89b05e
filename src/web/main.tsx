import { App as AntApp, ConfigProvider, Skeleton } from 'antd';
import { StrictMode, Suspense, startTransition, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { type Me, setApiLanguage } from './api-client';
import { AuthProvider, fetchSession, homePath, PAGE_ROLES, useAuth } from './auth';
import { AppShell } from './components/AppShell';
import { mentionsMe, prefetchLedger } from './features/deals/ledger/dealPages';
import { I18nProvider, initialLanguage, loadLanguage, useI18n } from './i18n';
import { flushOutbox } from './offline/outbox';
import { THEME } from './theme';
// antd's styles for the shell and the ledger, made at build time (see vite.config.ts).
import 'virtual:antd-styles.css';
import { lazyPage, preloadPageFor } from './lazy';

// Pages are separate chunks: the first load carries only the shell and the page opened.
const SignIn = lazyPage(() => import('./features/auth/SignIn'), 'SignIn');
const DealLedgerPage = lazyPage(() => import('./features/deals/DealLedgerPage'), 'DealLedgerPage', ['/ledger', '/']);
const DealBoardPage = lazyPage(() => import('./features/deals/DealBoardPage'), 'DealBoardPage', ['/board']);
const DealShowPage = lazyPage(() => import('./features/deals/DealShowPage'), 'DealShowPage', ['/deals/']);
const TodayPage = lazyPage(() => import('./features/deals/TodayPage'), 'TodayPage', ['/today']);
const ReviewPage = lazyPage(() => import('./features/review/ReviewPage'), 'ReviewPage', ['/review']);
const ReportsPage = lazyPage(() => import('./features/reports/ReportsPage'), 'ReportsPage', ['/reports']);
const TasksPage = lazyPage(() => import('./features/tasks/TasksPage'), 'TasksPage', ['/tasks']);
const CollectionPage = lazyPage(() => import('./features/collection/CollectionPage'), 'CollectionPage', [
  '/collection',
]);
const AuditPage = lazyPage(() => import('./features/audit/AuditPage'), 'AuditPage', ['/audit']);
const AccountShowPage = lazyPage(() => import('./features/accounts/AccountShowPage'), 'AccountShowPage', [
  '/accounts/',
]);
const AccountListPage = lazyPage(() => import('./features/accounts/AccountListPage'), 'AccountListPage', ['/accounts']);
const SettingsPage = lazyPage(() => import('./features/settings/SettingsPage'), 'SettingsPage', [
  '/settings',
  '/settings/',
]);

const loadingPage = (
  <div style={{ padding: 24 }}>
    <Skeleton active />
  </div>
);

function Pages() {
  const { me } = useAuth();
  useEffect(() => {
    if (me) void flushOutbox();
  }, [me]);
  if (!me)
    return (
      <Suspense fallback={loadingPage}>
        <SignIn />
      </Suspense>
    );
  const home = homePath(me.role);
  const allowed = (page: keyof typeof PAGE_ROLES) => PAGE_ROLES[page].includes(me.role);
  return (
    <Suspense fallback={loadingPage}>
      <Routes>
        <Route element={<AppShell />}>
          <Route index element={<Navigate to={home} replace />} />
          {allowed('ledger') && <Route path="ledger" element={<DealLedgerPage />} />}
          {allowed('board') && <Route path="board" element={<DealBoardPage />} />}
          {allowed('ledger') && <Route path="deals/:id" element={<DealShowPage />} />}
          {allowed('today') && <Route path="today" element={<TodayPage />} />}
          {allowed('tasks') && <Route path="tasks" element={<TasksPage />} />}
          {allowed('collection') && <Route path="collection" element={<CollectionPage />} />}
          {allowed('audit') && <Route path="audit" element={<AuditPage />} />}
          {allowed('review') && <Route path="review" element={<ReviewPage />} />}
          {allowed('reports') && <Route path="reports" element={<ReportsPage />} />}
          <Route path="accounts" element={<AccountListPage />} />
          <Route path="accounts/:id" element={<AccountShowPage />} />
          {allowed('settings') && <Route path="settings/*" element={<SettingsPage />} />}
          <Route path="login" element={<Navigate to={home} replace />} />
          <Route path="*" element={<Navigate to={home} replace />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

const BUTTON = { autoInsertSpace: false };

function Themed({ me }: { me: Me | null }) {
  const { antdLocale } = useI18n();
  return (
    <ConfigProvider locale={antdLocale} button={BUTTON} theme={THEME}>
      <AntApp style={{ height: '100%' }}>
        <BrowserRouter>
          <AuthProvider initial={me}>
            <Pages />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

/**
 * Start-up: everything the first screen needs is asked for at once — who is signed in, the language, the
 * page's code and (once the user is known) the page's data — and the app renders once, when they are here,
 * instead of rendering a skeleton after each answer in turn.
 */
function start(): void {
  const { pathname, search } = window.location;
  const lang = initialLanguage();
  setApiLanguage(lang);
  void preloadPageFor(pathname);
  const session = fetchSession();
  // The ledger's rows do not depend on who is asking (unless filtered on "mine"): ask at once.
  const ledgerSearch = pathname === '/ledger' ? search : pathname === '/' ? '' : null;
  const early = ledgerSearch !== null && !mentionsMe(ledgerSearch);
  if (early) prefetchLedger(ledgerSearch);
  const page = session.then((me) => {
    if (!me) return SignIn.preload();
    if (ledgerSearch !== null && !early && PAGE_ROLES.ledger.includes(me.role)) prefetchLedger(ledgerSearch, me);
    return preloadPageFor(pathname === '/' ? homePath(me.role) : pathname);
  });
  void Promise.all([loadLanguage(lang), session, page]).then(([pack, me]) => {
    const root = createRoot(document.getElementById('root')!);
    // A transition renders in slices, giving the browser the main thread between them (input stays
    // responsive while the first screen is built); the screen appears when it is complete.
    startTransition(() => {
      root.render(
        <StrictMode>
          <I18nProvider initial={pack}>
            <Themed me={me} />
          </I18nProvider>
        </StrictMode>,
      );
    });
  });
}

start();

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => {
    void navigator.serviceWorker.register('/sw.js');
  });
}
