import { accounts } from './messages/accounts';
import { audit } from './messages/audit';
import { board } from './messages/board';
import { collection } from './messages/collection';
import { common } from './messages/common';
import { deal } from './messages/deal';
import { followup } from './messages/followup';
import { ledger } from './messages/ledger';
import { notifications } from './messages/notifications';
import { reports } from './messages/reports';
import { review } from './messages/review';
import { settings } from './messages/settings';
import { tasks } from './messages/tasks';

/**
 * The message catalogue: one per language, assembled from the feature files (each keeps zh-CN and en
 * side by side so a key is never added in one language only; a test checks both have the same keys).
 */
export const CATALOGUE_PARTS = [
  common,
  ledger,
  followup,
  accounts,
  settings,
  board,
  deal,
  notifications,
  review,
  reports,
  tasks,
  collection,
  audit,
] as const;

export type Lang = 'zh-CN' | 'en';
type KeysOf<P> = P extends { 'zh-CN': infer M } ? keyof M & string : never;
export type MessageKey = KeysOf<(typeof CATALOGUE_PARTS)[number]>;

function merge(lang: Lang): Record<string, string> {
  return Object.assign({}, ...CATALOGUE_PARTS.map((part) => part[lang]));
}

export const catalogue = { 'zh-CN': merge('zh-CN'), en: merge('en') } as Record<Lang, Record<MessageKey, string>>;
