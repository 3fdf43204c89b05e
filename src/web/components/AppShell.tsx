import {
  AccountBookOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  FieldTimeOutlined,
  LogoutOutlined,
  MenuOutlined,
  SettingOutlined,
  TableOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Alert, Badge, Button, Dropdown, Grid, Layout, Menu, Segmented, Space } from 'antd';
import { lazy, type ReactNode, useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { PAGE_ROLES, useAuth, useMe } from '../auth';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { type Lang, type MessageKey, useI18n } from '../i18n';
import { MountWhen } from '../lazy';
import { useOutbox } from '../offline/outbox';
import { GlobalSearch } from './GlobalSearch';

// The phone menu's drawer loads when first opened (desktop never needs it).
const Drawer = lazy(() => import('antd/es/drawer'));

const NAV = [
  { key: 'ledger', path: '/ledger', icon: <TableOutlined />, label: 'nav.ledger' },
  { key: 'board', path: '/board', icon: <AppstoreOutlined />, label: 'nav.board' },
  { key: 'today', path: '/today', icon: <CalendarOutlined />, label: 'nav.today' },
  { key: 'tasks', path: '/tasks', icon: <CheckSquareOutlined />, label: 'nav.tasks', secondary: true },
  { key: 'accounts', path: '/accounts', icon: <TeamOutlined />, label: 'nav.accounts' },
  { key: 'review', path: '/review', icon: <FieldTimeOutlined />, label: 'nav.review' },
  { key: 'reports', path: '/reports', icon: <BarChartOutlined />, label: 'nav.reports' },
  { key: 'collection', path: '/collection', icon: <AccountBookOutlined />, label: 'nav.collection', secondary: true },
  { key: 'audit', path: '/audit', icon: <AuditOutlined />, label: 'nav.audit', secondary: true },
  { key: 'settings', path: '/settings', icon: <SettingOutlined />, label: 'nav.settings', secondary: true },
] as const;

/** Navigation, who is signed in, language, search; pages a role may not use are not shown. */
export function AppShell() {
  const me = useMe();
  const { signOut } = useAuth();
  const { t, lang, setLang } = useI18n();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [online, setOnline] = useState(navigator.onLine);
  const outbox = useOutbox();
  const pending = outbox.filter((item) => item.status === 'waiting').length;
  const conflicts = outbox.length - pending;

  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  useEffect(() => setDrawerOpen(false), [location.pathname]);

  const allowed = NAV.filter((item) => PAGE_ROLES[item.key].includes(me.role));
  const entry = (item: (typeof NAV)[number], withIcon: boolean) => ({
    key: item.path,
    icon: withIcon ? item.icon : undefined,
    label: <Link to={item.path}>{t(item.label)}</Link>,
  });
  // On a desktop the less daily pages sit under "More": ten entries do not fit one bar in English, and
  // antd's own overflow menu would hide focusable links.
  const secondary = allowed.filter((item) => 'secondary' in item);
  const items =
    phone || secondary.length < 2
      ? allowed.map((item) => entry(item, phone))
      : [
          ...allowed.filter((item) => !('secondary' in item)).map((item) => entry(item, false)),
          { key: 'more', label: t('nav.more'), children: secondary.map((item) => entry(item, true)) },
        ];
  const selected =
    NAV.find((item) => location.pathname.startsWith(item.path))?.path ??
    (location.pathname.startsWith('/deals') ? '/ledger' : '');
  const menu = (
    <Menu
      mode={phone ? 'vertical' : 'horizontal'}
      selectedKeys={[selected]}
      items={items}
      disabledOverflow={!phone}
      style={{ flex: 1, minWidth: 0, borderBottom: 'none', background: 'transparent' }}
      aria-label={t('nav.menu')}
    />
  );

  const userMenu: ReactNode = (
    <Dropdown
      menu={{
        items: [{ key: 'out', icon: <LogoutOutlined />, label: t('shell.signOut'), onClick: () => void signOut() }],
      }}
      trigger={['click']}
    >
      <Button type="text" aria-label={`${me.name} · ${t(`role.${me.role}` as MessageKey)}`}>
        <Space size={4}>
          <span>{me.name}</span>
          <span style={{ fontSize: 12, color: '#4a5360' }}>{t(`role.${me.role}` as MessageKey)}</span>
        </Space>
      </Button>
    </Dropdown>
  );
  const languageSwitch = (
    <Segmented<Lang>
      size="small"
      value={lang}
      onChange={setLang}
      aria-label={t('shell.language')}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
    />
  );

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Header
        style={{
          background: '#fff',
          padding: phone ? '0 8px' : '0 20px',
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          borderBottom: '1px solid #e8eaed',
          position: 'sticky',
          top: 0,
          zIndex: 10,
          height: 56,
          lineHeight: 'normal',
        }}
      >
        {phone && (
          <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawerOpen(true)} />
        )}
        <Link to="/ledger" style={{ fontWeight: 700, fontSize: 18, color: '#1f3a5f', whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Link>
        {!phone && menu}
        <div style={{ flex: phone ? 1 : '0 1 300px', minWidth: 0, display: 'flex', alignItems: 'center' }}>
          <GlobalSearch />
        </div>
        <NotificationBell />
        {!phone && languageSwitch}
        {!phone &&
          (pending > 0 ? (
            <Badge count={pending} title={t('shell.pending', { count: pending })}>
              {userMenu}
            </Badge>
          ) : (
            userMenu
          ))}
      </Layout.Header>
      {phone && (
        <MountWhen when={drawerOpen}>
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            size={260}
            title={t('app.name')}
          >
            {menu}
            <div style={{ marginTop: 16 }}>{languageSwitch}</div>
            <div style={{ marginTop: 16 }}>{userMenu}</div>
          </Drawer>
        </MountWhen>
      )}
      {!online && <Alert type="warning" banner message={t('shell.offline')} />}
      {online && pending > 0 && <Alert type="info" banner message={t('shell.pending', { count: pending })} />}
      {conflicts > 0 && (
        <Alert type="warning" banner message={<Link to="/today">{t('shell.conflicts', { count: conflicts })}</Link>} />
      )}
      <Layout.Content style={{ padding: phone ? 8 : 20 }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
