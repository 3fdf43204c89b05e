import { Grid, Tabs, Typography } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { useMe } from '../../auth';
import { useI18n } from '../../i18n';
import { NotificationSettings } from './NotificationSettings';
import { OrgSettings } from './OrgSettings';
import { PipelineSettings } from './PipelineSettings';
import { UsersSettings } from './UsersSettings';
import './settings.css';

const ADMIN_TABS = ['pipeline', 'users', 'org', 'notifications'] as const;
type Tab = (typeof ADMIN_TABS)[number];
// Everyone else manages their own (and a manager their team's) notification channels only.
const OWN_TABS: readonly Tab[] = ['notifications'];

/**
 * Settings (tab kept in the URL): an admin's pipeline stages, users & teams, organisation and light
 * thresholds; everyone's notification channels. A tab a role may not use is not shown.
 */
export function SettingsPage() {
  const { t } = useI18n();
  const me = useMe();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  // Links from messages name the tab as a path (/settings/notifications), the page itself as ?tab=.
  const pathTab = useParams()['*'];
  const requested = (params.get('tab') ?? pathTab ?? '') as Tab;
  const tabs: readonly Tab[] = me.role === 'admin' ? ADMIN_TABS : OWN_TABS;
  const tab: Tab = tabs.includes(requested) ? requested : tabs[0]!;
  const all = [
    { key: 'pipeline', label: t('settings.tabPipeline'), children: <PipelineSettings /> },
    { key: 'users', label: t('settings.tabUsers'), children: <UsersSettings /> },
    { key: 'org', label: t('settings.tabOrg'), children: <OrgSettings /> },
    { key: 'notifications', label: t('settings.tabNotifications'), children: <NotificationSettings /> },
  ];
  return (
    <div className="tz-a11y" style={{ maxWidth: 1280, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('settings.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        size={phone ? 'middle' : 'large'}
        destroyOnHidden
        items={all.filter((item) => tabs.includes(item.key as Tab))}
      />
    </div>
  );
}
