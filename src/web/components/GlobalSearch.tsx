import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, type Deal } from '../api-client';
import { useI18n } from '../i18n';

interface SearchResult {
  accounts: { id: string; name: string; industry: string | null }[];
  contacts: { id: string; name: string; title: string | null; accountId: string; accountName: string | null }[];
  deals: Deal[];
}

/** One box for accounts, contacts and deals; `/` focuses it from anywhere. */
export function GlobalSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const inputRef = useRef<InputRef | null>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) && !target.isContentEditable) {
        event.preventDefault();
        inputRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (query.trim().length === 0) {
      setResult(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .get<SearchResult>('/api/search', { q: query }, controller.signal)
        .then(setResult)
        .catch(() => undefined);
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const options = result
    ? [
        ...(result.deals.length
          ? [
              {
                label: t('shell.searchDeals'),
                options: result.deals.map((d) => ({
                  value: `/deals/${d.id}`,
                  label: (
                    <span>
                      {d.title} <small style={{ color: '#8a94a3' }}>{d.accountName ?? ''}</small>
                    </span>
                  ),
                })),
              },
            ]
          : []),
        ...(result.accounts.length
          ? [
              {
                label: t('shell.searchAccounts'),
                options: result.accounts.map((a) => ({
                  value: `/accounts/${a.id}`,
                  label: (
                    <span>
                      {a.name} <small style={{ color: '#8a94a3' }}>{a.industry ?? ''}</small>
                    </span>
                  ),
                })),
              },
            ]
          : []),
        ...(result.contacts.length
          ? [
              {
                label: t('shell.searchContacts'),
                options: result.contacts.map((c) => ({
                  value: `/accounts/${c.accountId}?contact=${c.id}`,
                  label: (
                    <span>
                      {c.name}{' '}
                      <small style={{ color: '#8a94a3' }}>{[c.title, c.accountName].filter(Boolean).join(' · ')}</small>
                    </span>
                  ),
                })),
              },
            ]
          : []),
      ]
    : [];

  return (
    <AutoComplete
      style={{ width: '100%', maxWidth: 420 }}
      options={options}
      value={query}
      onChange={setQuery}
      onSelect={(value: string) => {
        setQuery('');
        setResult(null);
        navigate(value);
      }}
      notFoundContent={result ? t('shell.searchEmpty') : null}
    >
      <Input
        ref={inputRef}
        prefix={<SearchOutlined aria-hidden />}
        placeholder={t('shell.search')}
        aria-label={t('shell.search')}
        allowClear
      />
    </AutoComplete>
  );
}
