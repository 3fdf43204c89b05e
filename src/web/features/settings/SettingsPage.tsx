import { Grid, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { OrgSettings } from './OrgSettings';
import { PipelineSettings } from './PipelineSettings';
import { UsersSettings } from './UsersSettings';
import './settings.css';

const TABS = ['pipeline', 'users', 'org'] as const;
type Tab = (typeof TABS)[number];

/** Admin settings: pipeline stages, users & teams, organisation and light thresholds (tab kept in the URL). */
export function SettingsPage() {
  const { t } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'pipeline';
  return (
    <div className="tz-a11y" style={{ maxWidth: 1280, margin: '0 auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('settings.title')}</Typography.Title>
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key }, { replace: true })} size={phone ? 'middle' : 'large'} destroyOnHidden
        items={[
          { key: 'pipeline', label: t('settings.tabPipeline'), children: <PipelineSettings /> },
          { key: 'users', label: t('settings.tabUsers'), children: <UsersSettings /> },
          { key: 'org', label: t('settings.tabOrg'), children: <OrgSettings /> },
        ]} />
    </div>
  );
}
