import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Flex, Grid, Input, Select, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, type Page, type UserSummary } from '../../api-client';
import { mayWriteDeals, useMe } from '../../auth';
import { useI18n } from '../../i18n';
import { AccountForm } from './AccountForm';
import { AccountTable } from './AccountTable';
import { type Account, INDUSTRIES, TIERS } from './types';
import './accounts.css';

const PAGE_SIZE = 50;

/** Accounts: search and filters live in the URL; keyset pages load on demand. */
export function AccountListPage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const owner = params.get('owner') ?? '';
  const industry = params.get('industry') ?? '';
  const tier = params.get('tier') ?? '';
  const [search, setSearch] = useState(q);
  const [items, setItems] = useState<Account[]>([]);
  const [total, setTotal] = useState<number | undefined>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [creating, setCreating] = useState(params.get('new') === '1');
  const request = useRef(0);
  const canCreate = mayWriteDeals(me.role);

  useEffect(() => {
    api
      .get<{ items: UserSummary[] }>('/api/users')
      .then((r) => setUsers(r.items.filter((u) => u.active)))
      .catch(() => undefined);
  }, []);
  useEffect(() => setSearch(q), [q]);

  const load = useCallback(
    async (after: string | null) => {
      const id = ++request.current;
      setLoading(true);
      setError(null);
      try {
        const page = await api.get<Page<Account>>('/api/accounts', {
          q: q || undefined,
          ownerId: owner || undefined,
          industry: industry || undefined,
          tier: tier || undefined,
          limit: PAGE_SIZE,
          cursor: after ?? undefined,
          count: after ? false : true,
        });
        if (id !== request.current) return;
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        if (!after) setTotal(page.total);
      } catch (e) {
        if (id === request.current) setError(e instanceof ApiError ? (e.detail ?? e.title) : t('common.networkError'));
      } finally {
        if (id === request.current) setLoading(false);
      }
    },
    [q, owner, industry, tier, t],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const filtered = Boolean(q || owner || industry || tier);

  return (
    <div className="tz-a11y" style={{ maxWidth: 1280, margin: '0 auto' }}>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('accounts.title')}
        </Typography.Title>
        {canCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            size={phone ? 'large' : 'middle'}
            onClick={() => setCreating(true)}
          >
            {t('accounts.new')}
          </Button>
        )}
      </Flex>
      <Flex gap={8} wrap style={{ marginBottom: 12 }} role="search" className="tz-account-filters">
        <Input.Search
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setFilter('q', v.trim())}
          allowClear
          placeholder={t('accounts.search')}
          aria-label={t('accounts.search')}
          style={{ width: phone ? '100%' : 260 }}
          enterButton={<Button type="primary" icon={<SearchOutlined />} aria-label={t('accounts.search')} />}
        />
        <Select
          value={owner || undefined}
          onChange={(v) => setFilter('owner', v ?? '')}
          allowClear
          placeholder={t('accounts.anyOwner')}
          aria-label={t('accounts.owner')}
          style={{ width: phone ? 'calc(50% - 4px)' : 150 }}
          showSearch={{ optionFilterProp: 'label' }}
          options={users.map((u) => ({ value: u.id, label: u.name }))}
        />
        <Select
          value={industry || undefined}
          onChange={(v) => setFilter('industry', v ?? '')}
          allowClear
          placeholder={t('accounts.anyIndustry')}
          aria-label={t('accounts.industry')}
          style={{ width: phone ? 'calc(50% - 4px)' : 140 }}
          options={INDUSTRIES.map((v) => ({ value: v, label: v }))}
        />
        <Select
          value={tier || undefined}
          onChange={(v) => setFilter('tier', v ?? '')}
          allowClear
          placeholder={t('accounts.anyTier')}
          aria-label={t('accounts.tier')}
          style={{ width: phone ? 'calc(50% - 4px)' : 120 }}
          options={TIERS.map((v) => ({ value: v, label: v }))}
        />
        {filtered && (
          <Button
            type="link"
            onClick={() => {
              setSearch('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            {t('accounts.clearFilters')}
          </Button>
        )}
        {total !== undefined && (
          <Typography.Text style={{ alignSelf: 'center', color: '#5c6673', marginInlineStart: 'auto' }}>
            {t('accounts.total', { n: total })}
          </Typography.Text>
        )}
      </Flex>
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          action={
            <Button size="small" onClick={() => void load(null)}>
              {t('common.retry')}
            </Button>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      {!loading && !error && items.length === 0 ? (
        <Empty
          description={
            <div>
              <div style={{ fontWeight: 600 }}>{filtered ? t('accounts.emptyFiltered') : t('accounts.emptyTitle')}</div>
              {!filtered && <div style={{ color: '#5c6673', marginTop: 4 }}>{t('accounts.emptyHint')}</div>}
            </div>
          }
        >
          {!filtered && canCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('accounts.new')}
            </Button>
          )}
        </Empty>
      ) : (
        <AccountTable accounts={items} loading={loading} phone={phone} onOpen={(a) => navigate(`/accounts/${a.id}`)} />
      )}
      {cursor && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void load(cursor)} loading={loading} size={phone ? 'large' : 'middle'} block={phone}>
            {t('accounts.loadMore')}
          </Button>
        </Flex>
      )}
      <AccountForm
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(a) => {
          setCreating(false);
          navigate(`/accounts/${a.id}`);
        }}
      />
    </div>
  );
}
