import { DatePicker, Flex, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { Team } from '../../../api-client';
import { useI18n } from '../../../i18n';
import type { FilterChanges } from './LedgerFilters';

interface Props {
  params: URLSearchParams;
  teams: Team[];
  phone: boolean;
  set(changes: FilterChanges): void;
}

/** The ledger's less used filters (status, team, stalled, close dates, amounts): loaded when first shown. */
export function MoreFilters({ params, teams, phone, set }: Props) {
  const { t } = useI18n();
  const width = (desktop: number) => (phone ? '100%' : desktop);
  const closeFrom = params.get('closeFrom');
  const closeTo = params.get('closeTo');
  return (
    <Flex wrap gap={8} align="center">
      <Select
        allowClear
        aria-label={t('filter.status')}
        placeholder={t('filter.status')}
        style={{ width: width(120) }}
        value={params.get('status') ?? undefined}
        onChange={(value?: string) => set({ status: value })}
        options={[
          { value: 'open', label: t('filter.statusOpen') },
          { value: 'won', label: t('filter.statusWon') },
          { value: 'lost', label: t('filter.statusLost') },
          { value: 'closed', label: t('filter.statusClosed') },
        ]}
      />
      {teams.length > 0 && (
        <Select
          allowClear
          aria-label={t('filter.team')}
          placeholder={t('filter.team')}
          style={{ width: width(150) }}
          value={params.get('teamId') ?? undefined}
          onChange={(value?: string) => set({ teamId: value })}
          options={teams.map((team) => ({ value: team.id, label: team.name }))}
        />
      )}
      <NumberFilter
        max={3650}
        precision={0}
        label={t('filter.stalled')}
        width={width(130)}
        value={params.get('stalledDays')}
        onCommit={(value) => set({ stalledDays: value })}
      />
      <DatePicker
        aria-label={t('filter.closeFrom')}
        placeholder={t('filter.closeFrom')}
        style={{ width: width(150) }}
        value={closeFrom ? dayjs(closeFrom) : null}
        disabledDate={(d) => !!closeTo && d.format('YYYY-MM-DD') > closeTo}
        onChange={(value) => set({ closeFrom: value ? value.format('YYYY-MM-DD') : null })}
      />
      <DatePicker
        aria-label={t('filter.closeTo')}
        placeholder={t('filter.closeTo')}
        style={{ width: width(150) }}
        value={closeTo ? dayjs(closeTo) : null}
        disabledDate={(d) => !!closeFrom && d.format('YYYY-MM-DD') < closeFrom}
        onChange={(value) => set({ closeTo: value ? value.format('YYYY-MM-DD') : null })}
      />
      <NumberFilter
        precision={2}
        label={t('filter.amountMin')}
        width={width(150)}
        value={params.get('amountMin')}
        onCommit={(value) => set({ amountMin: value })}
      />
      <NumberFilter
        precision={2}
        label={t('filter.amountMax')}
        width={width(150)}
        value={params.get('amountMax')}
        onCommit={(value) => set({ amountMax: value })}
      />
    </Flex>
  );
}

/** A number filter applied on Enter or when the field is left (not on every keystroke). */
function NumberFilter({
  label,
  value,
  onCommit,
  width,
  precision,
  max,
}: {
  label: string;
  value: string | null;
  onCommit(value: number | null): void;
  width: number | string;
  precision: number;
  max?: number;
}) {
  const [draft, setDraft] = useState<number | null>(value ? Number(value) : null);
  useEffect(() => {
    setDraft(value ? Number(value) : null);
  }, [value]);
  const commit = () => {
    if (draft !== (value ? Number(value) : null)) onCommit(draft);
  };
  return (
    <InputNumber
      min={0}
      max={max}
      precision={precision}
      aria-label={label}
      placeholder={label}
      style={{ width }}
      value={draft}
      onChange={(v) => setDraft(typeof v === 'number' ? v : null)}
      onBlur={commit}
      onPressEnter={commit}
    />
  );
}
