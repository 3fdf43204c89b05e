import type { MessageKey } from '../../../i18n';
import { filterString, quarterRange } from './filters';

/** A named set of filters; built-in ones carry a message key, the user's own a name. */
export interface SavedView {
  id: string;
  query: string;
  labelKey?: MessageKey;
  name?: string;
}

/** The views every user has, computed now (the quarter moves). */
export function builtInViews(now: Date = new Date()): SavedView[] {
  const quarter = quarterRange(now);
  return [
    { id: 'all', query: '', labelKey: 'views.all' },
    { id: 'my-red', query: 'light=red&ownerId=me', labelKey: 'views.myRed' },
    { id: 'quarter', query: `status=open&closeFrom=${quarter.from}&closeTo=${quarter.to}`, labelKey: 'views.quarter' },
  ].map((view) => ({ ...view, query: filterString(new URLSearchParams(view.query)) })) as SavedView[];
}

const key = (userId: string) => `tz.ledger.views.${userId}`;

export function loadUserViews(userId: string): SavedView[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(key(userId)) ?? '[]') as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (v): v is SavedView => typeof v?.id === 'string' && typeof v?.query === 'string' && typeof v?.name === 'string',
    );
  } catch {
    return [];
  }
}

export function storeUserViews(userId: string, views: SavedView[]): void {
  localStorage.setItem(key(userId), JSON.stringify(views.map(({ id, name, query }) => ({ id, name, query }))));
}
