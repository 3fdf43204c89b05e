import { FilterOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select } from 'antd';
import { memo, useEffect, useState } from 'react';
import { api, type Stage, type Team, type UserSummary } from '../../../api-client';
import { useI18n } from '../../../i18n';
import { lazyNamed, MountWhen } from '../../../lazy';
import { LIGHT_COLORS } from '../LightDot';
import { FILTER_KEYS } from './filters';

const MoreFilters = lazyNamed(() => import('./MoreFilters'), 'MoreFilters');

/** Filter values to set in the URL (null, undefined or '' removes one). */
export type FilterChanges = Record<string, string | number | null | undefined>;

interface Props {
  params: URLSearchParams;
  onChange(next: URLSearchParams): void;
  stages: Stage[];
  phone: boolean;
}

// Owners and teams change rarely: once per page load.
let usersCache: Promise<UserSummary[]> | null = null;
let teamsCache: Promise<Team[]> | null = null;
const loadUsers = () =>
  (usersCache ??= api
    .get<{ items: UserSummary[] }>('/api/users')
    .then((r) => r.items)
    .catch(() => {
      usersCache = null;
      return [];
    }));
const loadTeams = () =>
  (teamsCache ??= api
    .get<{ items: Team[] }>('/api/teams')
    .then((r) => r.items)
    .catch(() => {
      teamsCache = null;
      return [];
    }));

/** The ledger's filters; every change goes to the URL so reload and back restore it. */
export const LedgerFilters = memo(function LedgerFilters({ params, onChange, stages, phone }: Props) {
  const { t, lang } = useI18n();
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const advancedKeys = ['teamId', 'status', 'stalledDays', 'closeFrom', 'closeTo', 'amountMin', 'amountMax'];
  const [more, setMore] = useState(
    () =>
      advancedKeys.some((k) => params.get(k)) || (phone && ['stage', 'ownerId', 'light'].some((k) => params.get(k))),
  );
  const [q, setQ] = useState(params.get('q') ?? '');

  useEffect(() => {
    void loadUsers().then(setUsers);
    void loadTeams().then(setTeams);
  }, []);
  useEffect(() => {
    setQ(params.get('q') ?? '');
  }, [params]);

  const set = (changes: FilterChanges) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === undefined || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    onChange(next);
  };
  const stageValue = (params.get('stage') ?? '').split(',').filter(Boolean);
  const width = (desktop: number) => (phone ? '100%' : desktop);
  const dot = (color: keyof typeof LIGHT_COLORS) => (
    <span
      aria-hidden
      style={{
        display: 'inline-block',
        width: 8,
        height: 8,
        borderRadius: '50%',
        background: LIGHT_COLORS[color],
        marginInlineEnd: 6,
      }}
    />
  );

  return (
    <Flex vertical gap={8}>
      <Flex wrap gap={8} align="center">
        <Input.Search
          allowClear
          aria-label={t('filter.q')}
          placeholder={t('filter.q')}
          value={q}
          style={{ width: phone ? undefined : 220, flex: phone ? 1 : undefined }}
          onChange={(e) => {
            setQ(e.target.value);
            if (e.target.value === '') set({ q: null });
          }}
          onSearch={(value) => set({ q: value.trim() || null })}
        />
        {(!phone || more) && (
          <>
            <Select
              mode="multiple"
              allowClear
              aria-label={t('filter.stage')}
              placeholder={t('filter.stage')}
              maxTagCount="responsive"
              style={{ width: width(200), order: phone ? 2 : undefined }}
              value={stageValue}
              onChange={(value: string[]) => set({ stage: value.join(',') })}
              options={stages.map((s) => ({ value: s.key, label: lang === 'en' ? s.name.en : s.name.zh }))}
            />
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'title' }}
              aria-label={t('filter.owner')}
              placeholder={t('filter.owner')}
              style={{ width: width(150), order: phone ? 2 : undefined }}
              value={params.get('ownerId') ?? undefined}
              onChange={(value?: string) => set({ ownerId: value })}
              options={[
                { value: 'me', label: t('filter.me'), title: t('filter.me') },
                ...users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name, title: u.name })),
              ]}
            />
            <Select
              allowClear
              aria-label={t('filter.light')}
              placeholder={t('filter.light')}
              style={{ width: width(120), order: phone ? 2 : undefined }}
              value={params.get('light') ?? undefined}
              onChange={(value?: string) => set({ light: value })}
              options={(['red', 'yellow', 'green'] as const).map((c) => ({
                value: c,
                label: (
                  <span>
                    {dot(c)}
                    {t(`light.${c}`)}
                  </span>
                ),
                title: t(`light.${c}`),
              }))}
            />
          </>
        )}
        <Button
          icon={<FilterOutlined />}
          onClick={() => setMore((m) => !m)}
          aria-expanded={more}
          style={phone ? { order: 1 } : undefined}
        >
          {more ? t('filter.less') : t('filter.more')}
        </Button>
        {FILTER_KEYS.some((k) => params.get(k)) && (
          <Button
            type="link"
            style={phone ? { order: 3 } : undefined}
            onClick={() => set(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])))}
          >
            {t('ledger.clearFilters')}
          </Button>
        )}
      </Flex>
      {more && (
        <MountWhen when fallback={<div style={{ height: 32 }} />}>
          <MoreFilters params={params} teams={teams} phone={phone} set={set} />
        </MountWhen>
      )}
    </Flex>
  );
});
