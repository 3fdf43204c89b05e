import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Grid, Input, Modal, Select, Skeleton, Switch, Table, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, api, type Role, type Team, type UserSummary } from '../../api-client';
import { useI18n } from '../../i18n';

type User = UserSummary & { version?: number };
const ROLES: Role[] = ['admin', 'manager', 'sales', 'finance', 'marketing', 'viewer'];

interface UserValues {
  name: string;
  email?: string;
  password?: string;
  role: Role;
  teamId: string | null;
  active?: boolean;
}
interface TeamValues {
  name: string;
  managerId: string | null;
  reminderTime?: string;
  digestTime?: string;
}
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
// An empty time box means the organisation's time.
const teamTime = (value: string | undefined) => value?.trim() || null;

/** Users (add, change role/team/name, deactivate) and teams (add, rename, manager); every change with its version. */
export function UsersSettings() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const [users, setUsers] = useState<User[] | null>(null);
  const [teams, setTeams] = useState<Team[]>([]);
  const [editingUser, setEditingUser] = useState<User | 'new' | null>(null);
  const [editingTeam, setEditingTeam] = useState<Team | 'new' | null>(null);
  const [userForm] = Form.useForm<UserValues>();
  const [teamForm] = Form.useForm<TeamValues>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [u, tm] = await Promise.all([
      api.get<{ items: User[] }>('/api/users'),
      api.get<{ items: Team[] }>('/api/teams'),
    ]);
    setUsers(u.items);
    setTeams(tm.items);
  }, []);
  useEffect(() => {
    load().catch(() => setUsers([]));
  }, [load]);

  const teamName = useMemo(() => new Map(teams.map((x) => [x.id, x.name])), [teams]);
  const userName = useMemo(() => new Map((users ?? []).map((x) => [x.id, x.name])), [users]);
  const members = (teamId: string) => (users ?? []).filter((u) => u.teamId === teamId && u.active).length;

  const openUser = (u: User | 'new') => {
    setFormError(null);
    userForm.resetFields();
    if (u !== 'new') userForm.setFieldsValue({ name: u.name, role: u.role, teamId: u.teamId, active: u.active });
    else userForm.setFieldsValue({ role: 'sales', teamId: null });
    setEditingUser(u);
  };
  const openTeam = (x: Team | 'new') => {
    setFormError(null);
    teamForm.resetFields();
    if (x !== 'new')
      teamForm.setFieldsValue({
        name: x.name,
        managerId: x.managerId,
        reminderTime: x.reminderTime ?? '',
        digestTime: x.digestTime ?? '',
      });
    setEditingTeam(x);
  };

  /** Field errors next to fields; a stale version reloads the lists and says why. */
  const fail = async (error: unknown, form: typeof userForm | typeof teamForm, fields: string[]) => {
    if (error instanceof ApiError) {
      const map = error.fieldMap();
      if (error.status === 409 && map.version) {
        setFormError(t('common.conflict'));
        await load();
        return 'stale';
      }
      const known = fields.filter((f) => map[f]);
      (form as typeof userForm).setFields(
        known.map((name) => ({ name: name as keyof UserValues, errors: [map[name]!] })),
      );
      if (known.length === 0 || error.status === 409) setFormError(error.detail ?? error.title);
    } else setFormError(t('common.networkError'));
    return 'failed';
  };

  const saveUser = async (v: UserValues) => {
    if (!editingUser) return;
    setSaving(true);
    setFormError(null);
    try {
      if (editingUser === 'new') {
        await api.post('/api/users', {
          name: v.name,
          email: v.email,
          password: v.password,
          role: v.role,
          teamId: v.teamId ?? null,
        });
        message.success(t('users.created'));
      } else {
        await api.patch(`/api/users/${editingUser.id}`, {
          name: v.name,
          role: v.role,
          teamId: v.teamId ?? null,
          active: v.active,
          version: editingUser.version,
        });
        message.success(t('users.saved'));
      }
      setEditingUser(null);
      await load();
    } catch (error) {
      if (
        (await fail(error, userForm, ['name', 'email', 'password', 'role', 'teamId', 'active'])) === 'stale' &&
        editingUser !== 'new'
      ) {
        // Keep the form open with the fresh version.
        const fresh = (await api.get<{ items: User[] }>('/api/users')).items.find((u) => u.id === editingUser.id);
        if (fresh) setEditingUser(fresh);
      }
    } finally {
      setSaving(false);
    }
  };

  const saveTeam = async (v: TeamValues) => {
    if (!editingTeam) return;
    setSaving(true);
    setFormError(null);
    try {
      const body = {
        name: v.name,
        managerId: v.managerId ?? null,
        reminderTime: teamTime(v.reminderTime),
        digestTime: teamTime(v.digestTime),
      };
      if (editingTeam === 'new') await api.post('/api/teams', body);
      else await api.patch(`/api/teams/${editingTeam.id}`, { ...body, version: editingTeam.version });
      message.success(t('teams.saved'));
      setEditingTeam(null);
      await load();
    } catch (error) {
      if (
        (await fail(error, teamForm, ['name', 'managerId', 'reminderTime', 'digestTime'])) === 'stale' &&
        editingTeam !== 'new'
      ) {
        const fresh = (await api.get<{ items: Team[] }>('/api/teams')).items.find((x) => x.id === editingTeam.id);
        if (fresh) setEditingTeam(fresh);
      }
    } finally {
      setSaving(false);
    }
  };

  if (users === null) return <Skeleton active paragraph={{ rows: 8 }} />;
  const size = phone ? 'large' : 'middle';
  const teamOptions = [{ value: '', label: t('users.noTeam') }, ...teams.map((x) => ({ value: x.id, label: x.name }))];
  const activeUsers = users.filter((u) => u.active);

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={`${t('users.users')} (${users.length})`}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => openUser('new')}>
            {t('users.new')}
          </Button>
        }
      >
        <Table<User>
          size="small"
          rowKey="id"
          dataSource={users}
          pagination={users.length > 50 ? { pageSize: 50 } : false}
          scroll={{ x: 720 }}
          columns={[
            {
              key: 'name',
              title: t('users.name'),
              render: (_, u) => <span style={{ fontWeight: 500 }}>{u.name}</span>,
            },
            { key: 'email', title: t('users.email'), render: (_, u) => u.email },
            { key: 'role', title: t('users.role'), width: 110, render: (_, u) => t(`role.${u.role}`) },
            {
              key: 'team',
              title: t('users.team'),
              width: 120,
              render: (_, u) => (u.teamId ? (teamName.get(u.teamId) ?? '–') : '–'),
            },
            {
              key: 'status',
              title: t('users.status'),
              width: 100,
              render: (_, u) =>
                u.active ? <Tag color="blue">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>,
            },
            {
              key: 'actions',
              title: t('users.actions'),
              width: 80,
              render: (_, u) => (
                <Button
                  type="link"
                  icon={<EditOutlined />}
                  aria-label={`${t('users.edit')} ${u.name}`}
                  onClick={() => openUser(u)}
                >
                  {phone ? '' : t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={`${t('users.teams')} (${teams.length})`}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => openTeam('new')}>
            {t('teams.new')}
          </Button>
        }
      >
        <Table<Team>
          size="small"
          rowKey="id"
          dataSource={teams}
          pagination={false}
          columns={[
            { key: 'name', title: t('teams.name'), render: (_, x) => x.name },
            {
              key: 'manager',
              title: t('teams.manager'),
              render: (_, x) => (x.managerId ? (userName.get(x.managerId) ?? '–') : t('teams.noManager')),
            },
            { key: 'members', title: t('teams.members'), width: 90, render: (_, x) => members(x.id) },
            {
              key: 'reminderTime',
              title: t('teams.reminderTime'),
              width: 100,
              render: (_, x) => x.reminderTime ?? <span style={{ color: '#5b6573' }}>{t('teams.timeDefault')}</span>,
            },
            {
              key: 'digestTime',
              title: t('teams.digestTime'),
              width: 100,
              render: (_, x) => x.digestTime ?? <span style={{ color: '#5b6573' }}>{t('teams.timeDefault')}</span>,
            },
            {
              key: 'actions',
              title: t('users.actions'),
              width: 80,
              render: (_, x) => (
                <Button
                  type="link"
                  icon={<EditOutlined />}
                  aria-label={`${t('teams.edit')} ${x.name}`}
                  onClick={() => openTeam(x)}
                >
                  {phone ? '' : t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      </Card>

      <Modal
        rootClassName="tz-a11y"
        open={editingUser !== null}
        title={editingUser === 'new' ? t('users.new') : t('users.edit')}
        onCancel={() => setEditingUser(null)}
        onOk={() => userForm.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        forceRender
        width={phone ? '100%' : 520}
      >
        {formError && <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 12 }} />}
        <Form<UserValues> form={userForm} layout="vertical" size={size} onFinish={(v) => void saveUser(v)}>
          <Form.Item
            name="name"
            label={t('users.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          {editingUser === 'new' && (
            <>
              <Form.Item
                name="email"
                label={t('users.email')}
                rules={[{ required: true, type: 'email', message: t('common.required') }]}
              >
                <Input maxLength={200} inputMode="email" autoComplete="off" />
              </Form.Item>
              <Form.Item
                name="password"
                label={t('users.password')}
                extra={t('users.passwordHelp')}
                rules={[{ required: true, min: 8, message: t('users.passwordHelp') }]}
              >
                <Input.Password maxLength={200} autoComplete="new-password" />
              </Form.Item>
            </>
          )}
          <Flex gap={12} vertical={phone}>
            <Form.Item name="role" label={t('users.role')} style={{ flex: 1 }}>
              <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
            </Form.Item>
            <Form.Item
              name="teamId"
              label={t('users.team')}
              style={{ flex: 1 }}
              getValueProps={(v) => ({ value: v ?? '' })}
              normalize={(v: string) => v || null}
            >
              <Select options={teamOptions} />
            </Form.Item>
          </Flex>
          {editingUser !== 'new' && (
            <Form.Item name="active" label={t('users.status')} valuePropName="checked">
              <Switch
                checkedChildren={t('users.active')}
                unCheckedChildren={t('users.inactive')}
                aria-label={t('users.toggleActive', { name: editingUser?.name ?? '' })}
              />
            </Form.Item>
          )}
        </Form>
      </Modal>

      <Modal
        rootClassName="tz-a11y"
        open={editingTeam !== null}
        title={editingTeam === 'new' ? t('teams.new') : t('teams.edit')}
        onCancel={() => setEditingTeam(null)}
        onOk={() => teamForm.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        forceRender
        width={phone ? '100%' : 480}
      >
        {formError && <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 12 }} />}
        <Form<TeamValues> form={teamForm} layout="vertical" size={size} onFinish={(v) => void saveTeam(v)}>
          <Form.Item
            name="name"
            label={t('teams.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="managerId"
            label={t('teams.manager')}
            getValueProps={(v) => ({ value: v ?? '' })}
            normalize={(v: string) => v || null}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={[
                { value: '', label: t('teams.noManager') },
                ...activeUsers
                  .filter((u) => u.role === 'manager' || u.role === 'admin')
                  .map((u) => ({ value: u.id, label: u.name })),
              ]}
            />
          </Form.Item>
          <Flex gap={12} vertical={phone}>
            {(['reminderTime', 'digestTime'] as const).map((name) => (
              <Form.Item
                key={name}
                name={name}
                label={t(`teams.${name}`)}
                extra={t('teams.timeHelp')}
                style={{ flex: 1 }}
                rules={[{ pattern: HH_MM, message: 'HH:MM' }]}
              >
                <Input maxLength={5} placeholder="HH:MM" />
              </Form.Item>
            ))}
          </Flex>
        </Form>
      </Modal>
    </Flex>
  );
}
