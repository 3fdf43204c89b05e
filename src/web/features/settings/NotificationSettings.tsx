import { DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Popconfirm, Skeleton, Switch, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, type Team } from '../../api-client';
import { useMe } from '../../auth';
import { formatDateTime } from '../../format';
import { type MessageKey, useI18n } from '../../i18n';
import { type Channel, ChannelForm, type ChannelOwner } from '../notifications/ChannelForm';

interface TestResult {
  ok: boolean;
  error: string | null;
  channel: Channel;
}
interface Section {
  key: string;
  title: string;
  hint: string;
  owner: ChannelOwner;
  channels: Channel[];
}

/**
 * Settings → Notifications: everyone's own channels; a manager's team group chats; an admin's every team's.
 * Each channel shows where it goes, whether it is on, failing (since when, why) or last delivered.
 */
export function NotificationSettings() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [teams, setTeams] = useState<Team[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ channel: Channel | null; owner: ChannelOwner } | null>(null);
  const [results, setResults] = useState<Record<string, TestResult>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    const mayHaveTeams = me.role === 'admin' || me.role === 'manager';
    const [list, teamList] = await Promise.all([
      api.get<{ items: Channel[] }>('/api/notification-channels'),
      mayHaveTeams ? api.get<{ items: Team[] }>('/api/teams') : Promise.resolve({ items: [] as Team[] }),
    ]);
    setChannels(list.items);
    setTeams(teamList.items.filter((team) => me.role === 'admin' || team.managerId === me.id));
  }, [me.id, me.role]);
  useEffect(() => {
    load().catch(() => setProblem(t('common.networkError')));
  }, [load, t]);

  const replace = (channel: Channel) =>
    setChannels((list) =>
      (list ?? []).some((c) => c.id === channel.id)
        ? (list ?? []).map((c) => (c.id === channel.id ? channel : c))
        : [...(list ?? []), channel],
    );
  const reason = (error: unknown) =>
    error instanceof ApiError ? (error.detail ?? error.errors[0]?.message ?? error.title) : t('common.networkError');

  const toggle = async (channel: Channel, enabled: boolean) => {
    setBusy(channel.id);
    try {
      replace(
        await api.patch<Channel>(`/api/notification-channels/${channel.id}`, { enabled, version: channel.version }),
      );
    } catch (error) {
      message.error(error instanceof ApiError && error.status === 409 ? t('common.conflict') : reason(error));
      await load().catch(() => undefined);
    } finally {
      setBusy(null);
    }
  };
  const sendTest = async (channel: Channel) => {
    setBusy(channel.id);
    try {
      const result = await api.post<TestResult>(`/api/notification-channels/${channel.id}/test`);
      replace(result.channel);
      setResults((r) => ({ ...r, [channel.id]: result }));
    } catch (error) {
      setResults((r) => ({ ...r, [channel.id]: { ok: false, error: reason(error), channel } }));
    } finally {
      setBusy(null);
    }
  };
  const remove = async (channel: Channel) => {
    try {
      await api.delete(`/api/notification-channels/${channel.id}`);
      setChannels((list) => (list ?? []).filter((c) => c.id !== channel.id));
      message.success(t('channels.deleted'));
    } catch (error) {
      message.error(reason(error));
    }
  };

  if (!channels)
    return problem ? <Alert type="error" showIcon title={problem} /> : <Skeleton active paragraph={{ rows: 6 }} />;
  const sections: Section[] = [
    {
      key: 'me',
      title: t('channels.mine'),
      hint: t('channels.mineHint'),
      owner: { scope: 'user' },
      channels: channels.filter((c) => c.scope === 'user' && c.scopeId === me.id),
    },
    ...teams.map((team) => ({
      key: team.id,
      title: t('channels.teamOf', { name: team.name }),
      hint: t('channels.teamHint'),
      owner: { scope: 'team' as const, scopeId: team.id },
      channels: channels.filter((c) => c.scope === 'team' && c.scopeId === team.id),
    })),
  ];

  const row = (channel: Channel) => {
    const result = results[channel.id];
    return (
      <li key={channel.id} className="tz-channel">
        <Flex justify="space-between" align="flex-start" gap={8} wrap>
          <div style={{ minWidth: 0, flex: '1 1 260px' }}>
            <Flex gap={6} align="center" wrap>
              <Typography.Text strong>{channel.name}</Typography.Text>
              <Tag>{t(`channels.kind.${channel.kind}` as MessageKey)}</Tag>
              {channel.signed && <Tag>{t('channels.signed')}</Tag>}
              {channel.failingSince && <Tag color="error">{t('channels.failing')}</Tag>}
            </Flex>
            <Typography.Text code style={{ wordBreak: 'break-all' }}>
              {channel.target}
            </Typography.Text>
            <div className="tz-channel-status">
              {channel.failingSince ? (
                <Typography.Text type="danger">
                  {t('channels.failingSince', {
                    time: formatDateTime(channel.failingSince, lang),
                    error: channel.lastError ?? '',
                  })}
                </Typography.Text>
              ) : channel.lastSuccessAt ? (
                t('channels.lastSuccess', { time: formatDateTime(channel.lastSuccessAt, lang) })
              ) : (
                t('channels.neverSent')
              )}
            </div>
          </div>
          <Flex gap={4} align="center" wrap>
            <Switch
              checked={channel.enabled}
              loading={busy === channel.id}
              onChange={(on) => void toggle(channel, on)}
              aria-label={t('channels.toggle', { name: channel.name })}
            />
            <Button icon={<SendOutlined />} loading={busy === channel.id} onClick={() => void sendTest(channel)}>
              {t('channels.test')}
            </Button>
            <Button
              type="text"
              icon={<EditOutlined />}
              aria-label={t('channels.edit', { name: channel.name })}
              title={t('channels.edit', { name: channel.name })}
              onClick={() => setEditing({ channel, owner: { scope: channel.scope, scopeId: channel.scopeId } })}
            />
            <Popconfirm
              title={t('channels.deleteConfirm', { name: channel.name })}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove(channel)}
            >
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('channels.delete', { name: channel.name })}
                title={t('channels.delete', { name: channel.name })}
              />
            </Popconfirm>
          </Flex>
        </Flex>
        {result && (
          <Alert
            style={{ marginTop: 8 }}
            showIcon
            type={result.ok ? 'success' : 'error'}
            role={result.ok ? 'status' : 'alert'}
            closable={{ 'aria-label': t('common.close') }}
            onClose={() =>
              setResults((r) => {
                const { [channel.id]: _, ...rest } = r;
                return rest;
              })
            }
            title={
              result.ok
                ? t('channels.testOk', { name: channel.name })
                : t('channels.testFailed', { error: result.error ?? '' })
            }
          />
        )}
      </li>
    );
  };

  return (
    <div style={{ maxWidth: 960 }}>
      {problem && <Alert type="error" showIcon role="alert" title={problem} style={{ marginBottom: 12 }} />}
      {sections.map((section) => (
        <Card
          key={section.key}
          size="small"
          title={<h2 className="tz-card-title">{section.title}</h2>}
          style={{ marginBottom: 16 }}
          extra={
            <Button
              icon={<PlusOutlined />}
              onClick={() => setEditing({ channel: null, owner: section.owner })}
              aria-label={section.key === 'me' ? t('channels.add') : t('channels.addTo', { name: section.title })}
            >
              {t('channels.add')}
            </Button>
          }
        >
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {section.hint}
          </Typography.Paragraph>
          {section.channels.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('channels.empty')} style={{ margin: '8px 0' }} />
          ) : (
            <ul className="tz-channels" aria-label={section.title}>
              {section.channels.map(row)}
            </ul>
          )}
        </Card>
      ))}
      <ChannelForm
        open={editing !== null}
        channel={editing?.channel ?? null}
        owner={editing?.owner ?? { scope: 'user' }}
        onClose={() => setEditing(null)}
        onSaved={(channel) => {
          replace(channel);
          setEditing(null);
          message.success(t('channels.saved'));
        }}
      />
    </div>
  );
}
