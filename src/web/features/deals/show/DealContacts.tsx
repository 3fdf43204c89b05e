import { Alert, Button, Empty, Skeleton, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../../../api-client';
import { useI18n } from '../../../i18n';
import { ATTITUDE_KEYS, DECISION_ROLE_KEYS } from './labels';

interface Contact {
  id: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  decisionRole: string | null;
  attitude: string | null;
  preferences: string | null;
}
interface AccountDetail {
  id: string;
  name: string;
  contacts: Contact[];
}

const ATTITUDE_MARK: Record<string, string> = { supportive: '+', neutral: '·', opposed: '−' };

/** The account's contacts with their place in the decision chain and attitude. */
export function DealContacts({ accountId }: { accountId: string | null }) {
  const { t } = useI18n();
  const [account, setAccount] = useState<AccountDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    if (!accountId) return;
    setError(null);
    api.get<AccountDetail>(`/api/accounts/${accountId}`).then(setAccount).catch(setError);
  }, [accountId]);
  useEffect(load, [load]);

  if (!accountId) return <Empty description={t('deal.contacts.noAccount')} />;
  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        title={error instanceof ApiError ? error.message : t('common.networkError')}
        action={
          <Button size="small" onClick={load}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!account) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (account.contacts.length === 0) {
    return (
      <Empty
        description={
          <span>
            {t('deal.contacts.empty')}{' '}
            <Link to={`/accounts/${accountId}`} style={{ color: '#1f5fa8' }}>
              {t('deal.contacts.addOnAccount')}
            </Link>
          </span>
        }
      />
    );
  }
  return (
    <div>
      <ul
        style={{
          listStyle: 'none',
          margin: 0,
          padding: 0,
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
          gap: 8,
        }}
      >
        {account.contacts.map((c) => (
          <li key={c.id} style={{ border: '1px solid #dfe3e8', borderRadius: 6, padding: 10, background: '#fff' }}>
            <div style={{ display: 'flex', alignItems: 'baseline', gap: 6, flexWrap: 'wrap' }}>
              <strong style={{ color: '#1f2933' }}>{c.name}</strong>
              {c.title && <span style={{ color: '#4a5563', fontSize: 12 }}>{c.title}</span>}
            </div>
            <div style={{ marginTop: 4, display: 'flex', gap: 4, flexWrap: 'wrap' }}>
              {c.decisionRole && (
                <Tag style={{ marginInlineEnd: 0, color: '#2d3a4a' }}>
                  {t(DECISION_ROLE_KEYS[c.decisionRole] ?? 'deal.role.user')}
                </Tag>
              )}
              {c.attitude && (
                <Tag variant="outlined" style={{ marginInlineEnd: 0, color: '#2d3a4a' }}>
                  <span aria-hidden>{ATTITUDE_MARK[c.attitude] ?? ''} </span>
                  {t(ATTITUDE_KEYS[c.attitude] ?? 'deal.attitude.neutral')}
                </Tag>
              )}
            </div>
            <div
              style={{ marginTop: 6, fontSize: 13, color: '#2d3a4a', display: 'flex', flexDirection: 'column', gap: 2 }}
            >
              {c.phone && (
                <a href={`tel:${c.phone}`} style={{ color: '#1f5fa8' }}>
                  {c.phone}
                </a>
              )}
              {c.email && (
                <a href={`mailto:${c.email}`} style={{ color: '#1f5fa8' }}>
                  {c.email}
                </a>
              )}
              {c.wechat && (
                <span>
                  {t('deal.contacts.wechat')}
                  {t('deal.colon')}
                  {c.wechat}
                </span>
              )}
              {c.preferences && <span style={{ color: '#4a5563' }}>{c.preferences}</span>}
            </div>
          </li>
        ))}
      </ul>
      <div style={{ marginTop: 8 }}>
        <Link to={`/accounts/${accountId}`} style={{ color: '#1f5fa8' }}>
          {t('deal.contacts.openAccount', { name: account.name })}
        </Link>
      </div>
    </div>
  );
}
