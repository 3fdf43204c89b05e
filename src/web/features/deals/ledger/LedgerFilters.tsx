import { FilterOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, type Stage, type Team, type UserSummary } from '../../../api-client';
import { useI18n } from '../../../i18n';
import { LIGHT_COLORS } from '../LightDot';
import { FILTER_KEYS } from './filters';

interface Props {
  params: URLSearchParams;
  onChange(next: URLSearchParams): void;
  stages: Stage[];
  phone: boolean;
}

// Owners and teams change rarely: once per page load.
let usersCache: Promise<UserSummary[]> | null = null;
let teamsCache: Promise<Team[]> | null = null;
const loadUsers = () => (usersCache ??= api.get<{ items: UserSummary[] }>('/api/users').then((r) => r.items).catch(() => { usersCache = null; return []; }));
const loadTeams = () => (teamsCache ??= api.get<{ items: Team[] }>('/api/teams').then((r) => r.items).catch(() => { teamsCache = null; return []; }));

/** The ledger's filters; every change goes to the URL so reload and back restore it. */
export function LedgerFilters({ params, onChange, stages, phone }: Props) {
  const { t, lang } = useI18n();
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const advancedKeys = ['teamId', 'status', 'stalledDays', 'closeFrom', 'closeTo', 'amountMin', 'amountMax'];
  const [more, setMore] = useState(() => advancedKeys.some((k) => params.get(k)) || (phone && ['stage', 'ownerId', 'light'].some((k) => params.get(k))));
  const [q, setQ] = useState(params.get('q') ?? '');

  useEffect(() => { void loadUsers().then(setUsers); void loadTeams().then(setTeams); }, []);
  useEffect(() => { setQ(params.get('q') ?? ''); }, [params]);

  const set = (changes: Record<string, string | number | null | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === undefined || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    onChange(next);
  };
  const stageValue = (params.get('stage') ?? '').split(',').filter(Boolean);
  const width = (desktop: number) => (phone ? '100%' : desktop);
  const closeFrom = params.get('closeFrom');
  const closeTo = params.get('closeTo');
  const dot = (color: keyof typeof LIGHT_COLORS) => <span aria-hidden style={{ display: 'inline-block', width: 8, height: 8, borderRadius: '50%', background: LIGHT_COLORS[color], marginInlineEnd: 6 }} />;

  return (
    <Flex vertical gap={8}>
      <Flex wrap gap={8} align="center">
        <Input.Search allowClear aria-label={t('filter.q')} placeholder={t('filter.q')} value={q} style={{ width: phone ? undefined : 220, flex: phone ? 1 : undefined }}
          onChange={(e) => { setQ(e.target.value); if (e.target.value === '') set({ q: null }); }}
          onSearch={(value) => set({ q: value.trim() || null })} />
        {(!phone || more) && (
          <>
            <Select mode="multiple" allowClear aria-label={t('filter.stage')} placeholder={t('filter.stage')} maxTagCount="responsive" style={{ width: width(200), order: phone ? 2 : undefined }}
              value={stageValue} onChange={(value: string[]) => set({ stage: value.join(',') })}
              options={stages.map((s) => ({ value: s.key, label: lang === 'en' ? s.name.en : s.name.zh }))} />
            <Select allowClear showSearch={{ optionFilterProp: 'title' }} aria-label={t('filter.owner')} placeholder={t('filter.owner')} style={{ width: width(150), order: phone ? 2 : undefined }}
              value={params.get('ownerId') ?? undefined} onChange={(value?: string) => set({ ownerId: value })}
              options={[{ value: 'me', label: t('filter.me'), title: t('filter.me') }, ...users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.name, title: u.name }))]} />
            <Select allowClear aria-label={t('filter.light')} placeholder={t('filter.light')} style={{ width: width(120), order: phone ? 2 : undefined }}
              value={params.get('light') ?? undefined} onChange={(value?: string) => set({ light: value })}
              options={(['red', 'yellow', 'green'] as const).map((c) => ({ value: c, label: <span>{dot(c)}{t(`light.${c}`)}</span>, title: t(`light.${c}`) }))} />
          </>
        )}
        <Button icon={<FilterOutlined />} onClick={() => setMore((m) => !m)} aria-expanded={more} style={phone ? { order: 1 } : undefined}>{more ? t('filter.less') : t('filter.more')}</Button>
        {FILTER_KEYS.some((k) => params.get(k)) && (
          <Button type="link" style={phone ? { order: 3 } : undefined} onClick={() => set(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])))}>{t('ledger.clearFilters')}</Button>
        )}
      </Flex>
      {more && (
        <Flex wrap gap={8} align="center">
          <Select allowClear aria-label={t('filter.status')} placeholder={t('filter.status')} style={{ width: width(120) }}
            value={params.get('status') ?? undefined} onChange={(value?: string) => set({ status: value })}
            options={[
              { value: 'open', label: t('filter.statusOpen') }, { value: 'won', label: t('filter.statusWon') },
              { value: 'lost', label: t('filter.statusLost') }, { value: 'closed', label: t('filter.statusClosed') },
            ]} />
          {teams.length > 0 && (
            <Select allowClear aria-label={t('filter.team')} placeholder={t('filter.team')} style={{ width: width(150) }}
              value={params.get('teamId') ?? undefined} onChange={(value?: string) => set({ teamId: value })}
              options={teams.map((team) => ({ value: team.id, label: team.name }))} />
          )}
          <NumberFilter max={3650} precision={0} label={t('filter.stalled')} width={width(130)}
            value={params.get('stalledDays')} onCommit={(value) => set({ stalledDays: value })} />
          <DatePicker aria-label={t('filter.closeFrom')} placeholder={t('filter.closeFrom')} style={{ width: width(150) }}
            value={closeFrom ? dayjs(closeFrom) : null}
            disabledDate={(d) => !!closeTo && d.format('YYYY-MM-DD') > closeTo}
            onChange={(value) => set({ closeFrom: value ? value.format('YYYY-MM-DD') : null })} />
          <DatePicker aria-label={t('filter.closeTo')} placeholder={t('filter.closeTo')} style={{ width: width(150) }}
            value={closeTo ? dayjs(closeTo) : null}
            disabledDate={(d) => !!closeFrom && d.format('YYYY-MM-DD') < closeFrom}
            onChange={(value) => set({ closeTo: value ? value.format('YYYY-MM-DD') : null })} />
          <NumberFilter precision={2} label={t('filter.amountMin')} width={width(150)}
            value={params.get('amountMin')} onCommit={(value) => set({ amountMin: value })} />
          <NumberFilter precision={2} label={t('filter.amountMax')} width={width(150)}
            value={params.get('amountMax')} onCommit={(value) => set({ amountMax: value })} />
        </Flex>
      )}
    </Flex>
  );
}

/** A number filter applied on Enter or when the field is left (not on every keystroke). */
function NumberFilter({ label, value, onCommit, width, precision, max }: { label: string; value: string | null; onCommit(value: number | null): void; width: number | string; precision: number; max?: number }) {
  const [draft, setDraft] = useState<number | null>(value ? Number(value) : null);
  useEffect(() => { setDraft(value ? Number(value) : null); }, [value]);
  const commit = () => { if (draft !== (value ? Number(value) : null)) onCommit(draft); };
  return (
    <InputNumber min={0} max={max} precision={precision} aria-label={label} placeholder={label} style={{ width }}
      value={draft} onChange={(v) => setDraft(typeof v === 'number' ? v : null)} onBlur={commit} onPressEnter={commit} />
  );
}
