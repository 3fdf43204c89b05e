import { Alert, Button, Result, Skeleton } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api, type DealDetail } from '../../api-client';
import { useI18n } from '../../i18n';
import { DealShow } from './DealShow';
import { usePipeline } from './usePipeline';

type State =
  | { status: 'loading' }
  | { status: 'ready'; deal: DealDetail }
  | { status: 'missing' }
  | { status: 'error'; error: unknown };

/** /deals/:id — loads the deal; 404 reads "not found or not visible to you" (never which of the two). */
export function DealShowPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { stages, loading: stagesLoading } = usePipeline();
  const [state, setState] = useState<State>({ status: 'loading' });
  const navigate = useNavigate();

  const reload = useCallback(async () => {
    try {
      const deal = await api.get<DealDetail>(`/api/deals/${encodeURIComponent(id)}`);
      setState({ status: 'ready', deal });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setState({ status: 'missing' });
      else setState((s) => (s.status === 'ready' ? s : { status: 'error', error }));
    }
  }, [id]);

  useEffect(() => {
    setState({ status: 'loading' });
    void reload();
  }, [reload]);

  const replace = useCallback((deal: DealDetail) => setState({ status: 'ready', deal }), []);

  useEffect(() => {
    if (state.status === 'ready') document.title = `${state.deal.title} · ${t('app.name')}`;
    return () => {
      document.title = '台账 Taizhang';
    };
  }, [state, t]);

  if (state.status === 'missing') {
    return (
      <Result
        status="404"
        title={t('deal.notFoundTitle')}
        subTitle={t('common.notFound')}
        extra={
          <Button type="primary" onClick={() => navigate('/ledger')}>
            {t('deal.backToLedger')}
          </Button>
        }
      />
    );
  }
  if (state.status === 'error') {
    return (
      <Alert
        type="error"
        showIcon
        title={state.error instanceof ApiError ? state.error.message : t('common.networkError')}
        action={
          <Button
            size="small"
            onClick={() => {
              setState({ status: 'loading' });
              void reload();
            }}
          >
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (state.status === 'loading' || stagesLoading) {
    return (
      <div style={{ maxWidth: 1280, margin: '0 auto' }} aria-busy="true">
        <div style={{ background: '#fff', borderRadius: 8, padding: 16, marginBottom: 12 }}>
          <Skeleton active title={{ width: '40%' }} paragraph={{ rows: 3 }} />
        </div>
        <div style={{ background: '#fff', borderRadius: 8, padding: 16 }}>
          <Skeleton active paragraph={{ rows: 8 }} />
        </div>
      </div>
    );
  }
  return <DealShow deal={state.deal} stages={stages} onReplace={replace} reload={reload} />;
}
