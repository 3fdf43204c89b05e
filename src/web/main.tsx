import { App as AntApp, ConfigProvider, Skeleton } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, StrictMode, Suspense, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { PAGE_ROLES, useAuth } from './auth';
import { AuthProvider } from './auth';
import { AppShell } from './components/AppShell';
import { SignIn } from './features/auth/SignIn';
import { I18nProvider, useI18n } from './i18n';
import { flushOutbox } from './offline/outbox';

const named = <K extends string>(loader: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  lazy(() => loader().then((module) => ({ default: module[name] })));

// Pages are separate chunks: the first load carries only the shell and the page opened.
const DealLedgerPage = named(() => import('./features/deals/DealLedgerPage'), 'DealLedgerPage');
const DealBoardPage = named(() => import('./features/deals/DealBoardPage'), 'DealBoardPage');
const DealShowPage = named(() => import('./features/deals/DealShowPage'), 'DealShowPage');
const TodayPage = named(() => import('./features/deals/TodayPage'), 'TodayPage');
const ReviewPage = named(() => import('./features/review/ReviewPage'), 'ReviewPage');
const ReportsPage = named(() => import('./features/reports/ReportsPage'), 'ReportsPage');
const TasksPage = named(() => import('./features/tasks/TasksPage'), 'TasksPage');
const CollectionPage = named(() => import('./features/collection/CollectionPage'), 'CollectionPage');
const AuditPage = named(() => import('./features/audit/AuditPage'), 'AuditPage');
const AccountListPage = named(() => import('./features/accounts/AccountListPage'), 'AccountListPage');
const AccountShowPage = named(() => import('./features/accounts/AccountShowPage'), 'AccountShowPage');
const SettingsPage = named(() => import('./features/settings/SettingsPage'), 'SettingsPage');

function Pages() {
  const { me, loading } = useAuth();
  useEffect(() => { if (me) void flushOutbox(); }, [me]);
  if (loading) return <div style={{ padding: 24 }}><Skeleton active /></div>;
  if (!me) return <SignIn />;
  const home = PAGE_ROLES.ledger.includes(me.role) ? '/ledger' : '/accounts';
  const allowed = (page: keyof typeof PAGE_ROLES) => PAGE_ROLES[page].includes(me.role);
  return (
    <Suspense fallback={<div style={{ padding: 24 }}><Skeleton active /></div>}>
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

function Themed() {
  const { lang } = useI18n();
  useEffect(() => { dayjs.locale(lang === 'en' ? 'en' : 'zh-cn'); }, [lang]);
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#1f5fa8', colorLink: '#1f5fa8', colorTextSecondary: '#5b6573', colorTextDescription: '#5b6573', colorTextPlaceholder: '#6b7480', colorError: '#c0281b', borderRadius: 6, fontSize: 14 }, components: { Table: { cellPaddingBlockSM: 6 } } }}
    >
      <AntApp style={{ height: '100%' }}>
        <BrowserRouter>
          <AuthProvider>
            <Pages />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Themed />
    </I18nProvider>
  </StrictMode>,
);

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  window.addEventListener('load', () => { void navigator.serviceWorker.register('/sw.js'); });
}
