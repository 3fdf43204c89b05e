import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Flex, Grid, Skeleton } from 'antd';
import { Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, type Deal, queryString } from '../../api-client';
import { mayWriteDeals, useMe } from '../../auth';
import { useI18n } from '../../i18n';
import { lazyNamed, MountWhen } from '../../lazy';
import { DealTable } from './DealTable';
import { ColumnChooser } from './ledger/ColumnChooser';
import { type ColumnKey, loadHiddenColumns, storeHiddenColumns } from './ledger/columns';
import { apiQuery, DEFAULT_SORT, FILTER_KEYS, hasFilters, readSort, type SortKey } from './ledger/filters';
import type { InlinePatch } from './ledger/InlineEditors';
import { LedgerFilters } from './ledger/LedgerFilters';
import { rememberedPosition, rememberPosition, useDealPages } from './ledger/useDealPages';
import { ViewPicker } from './ledger/ViewPicker';
import { usePipeline } from './usePipeline';

// Loaded when first needed: the drawers on first open, the card list at phone width only.
const DealForm = lazyNamed(() => import('./DealForm'), 'DealForm');
const FollowupDrawer = lazyNamed(() => import('./FollowupDrawer'), 'FollowupDrawer');
const DealCardList = lazyNamed(() => import('./ledger/DealCardList'), 'DealCardList');

/** 台账: every deal the user may see, filtered from the URL, paged by keyset, edited in place. */
export function DealLedgerPage() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const canWrite = mayWriteDeals(me.role);
  const [params, setParams] = useSearchParams();
  const { stages } = usePipeline();
  const query = useMemo(() => apiQuery(params, me.id), [params, me.id]);
  const pages = useDealPages(query);
  const sort = readSort(params);

  const restoredPosition = useRef(rememberedPosition(queryString(query)));
  const [focused, setFocused] = useState(() =>
    pages.items.length > 0 ? (restoredPosition.current?.focused ?? -1) : -1,
  );
  const focusedRef = useRef(focused);
  focusedRef.current = focused;
  const [hidden, setHidden] = useState<ColumnKey[]>(() => loadHiddenColumns(me.id));
  const [followupDeal, setFollowupDeal] = useState<Deal | null>(null);
  const [creating, setCreating] = useState(false);

  // Coming back from a deal: same page, same scroll position, same focused row.
  useLayoutEffect(() => {
    const position = pages.items.length > 0 ? restoredPosition.current : null;
    if (position) {
      window.scrollTo(0, position.scrollY);
      if (position.focused >= 0)
        document
          .querySelector<HTMLElement>(`.tz-ledger tr[data-row-index="${position.focused}"]`)
          ?.focus({ preventScroll: true });
    }
    return () => rememberPosition(window.scrollY, focusedRef.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    setFocused((f) => (f >= pages.items.length ? -1 : f));
  }, [pages.items.length]);

  const changeParams = useCallback(
    (next: URLSearchParams) => {
      setFocused(-1);
      setParams(next);
    },
    [setParams],
  );
  const onSort = useCallback(
    (next: SortKey | null) => {
      const copy = new URLSearchParams(params);
      if (!next || next === DEFAULT_SORT) copy.delete('sort');
      else copy.set('sort', next);
      changeParams(copy);
    },
    [params, changeParams],
  );
  const openDeal = useCallback((deal: Deal) => navigate(`/deals/${deal.id}`), [navigate]);
  const applyView = useCallback(
    (viewQuery: string) => {
      const next = new URLSearchParams(viewQuery);
      const keepSort = params.get('sort');
      if (keepSort) next.set('sort', keepSort);
      changeParams(next);
    },
    [params, changeParams],
  );
  const clearFilters = () => {
    const next = new URLSearchParams(params);
    for (const key of FILTER_KEYS) next.delete(key);
    changeParams(next);
  };

  const { replaceRow } = pages;
  const refreshRow = useCallback(
    async (id: string) => {
      try {
        const fresh = await api.get<Deal>(`/api/deals/${id}`);
        replaceRow(id, () => fresh);
      } catch {
        /* the list refresh will catch up */
      }
    },
    [replaceRow],
  );

  const onPatch = useCallback(
    async (deal: Deal, patch: InlinePatch) => {
      replaceRow(deal.id, (d) => ({ ...d, ...patch }));
      try {
        const saved = await api.patch<Deal>(`/api/deals/${deal.id}`, { ...patch, version: deal.version });
        replaceRow(deal.id, () => saved);
        message.success(t('inline.saved'), 1.5);
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          await refreshRow(deal.id);
          message.warning(t('common.conflict'), 5);
          return;
        }
        replaceRow(deal.id, () => deal);
        const reason =
          error instanceof ApiError
            ? (error.errors[0]?.message ?? error.detail ?? error.title)
            : t('common.networkError');
        message.error(t('inline.failed', { reason }), 5);
      }
    },
    [replaceRow, message, t, refreshRow],
  );
  const patchRow = useCallback(
    (deal: Deal, patch: InlinePatch) => {
      void onPatch(deal, patch);
    },
    [onPatch],
  );

  const changeHidden = useCallback(
    (next: ColumnKey[]) => {
      setHidden(next);
      storeHiddenColumns(me.id, next);
    },
    [me.id],
  );
  const filtered = hasFilters(params);
  const firstLoad = pages.loading && (pages.items.length === 0 || !pages.fresh);
  const empty = !pages.loading && !pages.error && pages.items.length === 0;

  const pager = pages.items.length > 0 && (pages.hasNext || pages.hasPrevious) && (
    <Flex
      justify="flex-end"
      align="center"
      gap={8}
      style={{ marginTop: 12 }}
      role="navigation"
      aria-label={t('ledger.page', { n: pages.pageNumber })}
    >
      <span style={{ color: '#5c6673' }}>{t('ledger.page', { n: pages.pageNumber })}</span>
      <Button
        disabled={!pages.hasPrevious || pages.loading}
        onClick={() => {
          pages.previous();
          window.scrollTo(0, 0);
          setFocused(-1);
        }}
      >
        {t('ledger.prev')}
      </Button>
      <Button
        disabled={!pages.hasNext || pages.loading}
        onClick={() => {
          pages.next();
          window.scrollTo(0, 0);
          setFocused(-1);
        }}
      >
        {t('ledger.next')}
      </Button>
    </Flex>
  );

  return (
    <div className="tz-page" style={{ maxWidth: 1600, margin: '0 auto' }}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Flex align="baseline" gap={12}>
          <h1 style={TITLE_STYLE}>{t('ledger.title')}</h1>
          {pages.total !== undefined && (
            <span style={{ color: '#5c6673' }} aria-live="polite">
              {t('ledger.total', { n: pages.total })}
            </span>
          )}
        </Flex>
        <Flex gap={8} wrap>
          <ViewPicker userId={me.id} params={params} onApply={applyView} />
          {!phone && <ColumnChooser hidden={hidden} onChange={changeHidden} />}
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('ledger.new')}
            </Button>
          )}
        </Flex>
      </Flex>
      <div style={{ marginBottom: 12 }}>
        <LedgerFilters params={params} onChange={changeParams} stages={stages} phone={phone} />
      </div>

      {pages.error !== null && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('ledger.loadFailed')}
          description={
            pages.error instanceof ApiError
              ? pages.error.errors.map((e) => e.message).join(' · ') || pages.error.detail || pages.error.title
              : t('common.networkError')
          }
          action={<Button onClick={pages.restart}>{t('common.retry')}</Button>}
        />
      )}

      {firstLoad ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : empty ? (
        filtered ? (
          <Empty description={t('ledger.emptyFiltered')}>
            <Button onClick={clearFilters}>{t('ledger.clearFilters')}</Button>
          </Empty>
        ) : (
          <Empty
            description={
              <span>
                <strong style={{ display: 'block', fontSize: 16, marginBottom: 6, color: '#1f2933' }}>
                  {t('ledger.emptyTitle')}
                </strong>
                <span style={{ color: '#3d4754' }}>{t('ledger.emptyBody')}</span>
              </span>
            }
            style={{ padding: '48px 16px', maxWidth: 520, margin: '0 auto' }}
          >
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('ledger.new')}
              </Button>
            )}
          </Empty>
        )
      ) : phone ? (
        <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
          <DealCardList deals={pages.items} loading={pages.loading} canWrite={canWrite} onFollowup={setFollowupDeal} />
        </Suspense>
      ) : (
        <>
          <DealTable
            deals={pages.items}
            stages={stages}
            loading={pages.loading}
            sort={sort}
            onSort={onSort}
            hidden={hidden}
            canWrite={canWrite}
            focused={focused}
            onFocusRow={setFocused}
            onOpen={openDeal}
            onFollowup={setFollowupDeal}
            onPatch={patchRow}
          />
          <div style={{ color: '#5c6673', fontSize: 12, marginTop: 8 }}>{t('ledger.keys')}</div>
        </>
      )}
      {pager}

      <MountWhen when={followupDeal !== null}>
        <FollowupDrawer
          deal={followupDeal}
          open={followupDeal !== null}
          onClose={() => setFollowupDeal(null)}
          onSaved={(f) => {
            if (f.dealId) void refreshRow(f.dealId);
          }}
        />
      </MountWhen>
      {canWrite && (
        <MountWhen when={creating}>
          <DealForm
            open={creating}
            onClose={() => setCreating(false)}
            onCreated={() => {
              setCreating(false);
              pages.restart();
            }}
          />
        </MountWhen>
      )}
    </div>
  );
}

const TITLE_STYLE = {
  fontSize: 20,
  margin: 0,
  fontWeight: 600,
  lineHeight: 1.21,
  color: 'rgba(0, 0, 0, 0.88)',
} as const;
