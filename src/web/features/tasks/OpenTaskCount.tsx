import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, type Page } from '../../api-client';
import { useI18n } from '../../i18n';

/** "3 open tasks, 1 of them overdue" → the tasks page (two counting requests of one row each). */
export function OpenTaskCount() {
  const { t } = useI18n();
  const [counts, setCounts] = useState<{ open: number; overdue: number } | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const count = (status: string) =>
      api
        .get<Page<unknown>>('/api/tasks', { assignee: 'me', status, limit: 1 }, controller.signal)
        .then((page) => page.total ?? page.items.length);
    Promise.all([count('open'), count('overdue')]).then(
      ([open, overdue]) => setCounts({ open, overdue }),
      () => undefined,
    );
    return () => controller.abort();
  }, []);
  if (!counts || counts.open === 0) return null;
  return (
    <Link to={counts.overdue > 0 ? '/tasks?tab=overdue' : '/tasks'} style={{ fontSize: 13 }}>
      {t('tasks.today.open', { n: counts.open })}
      {counts.overdue > 0 && (
        <span style={{ color: '#c0281b' }}>
          {' · '}
          {t('tasks.today.overdue', { n: counts.overdue })}
        </span>
      )}
    </Link>
  );
}
