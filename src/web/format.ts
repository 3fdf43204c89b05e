import type { Lang } from './i18n/catalogue';

const SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: '¥', GBP: '£' };

// Making an Intl formatter costs far more than using one (a board renders hundreds of amounts): keep them.
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Amounts as a sales person reads them: ¥12.5万 in zh-CN, ¥125,000 in en (minor units in). */
export function formatMoneyShort(minor: number, currency: string, lang: Lang): string {
  const symbol = SYMBOLS[currency] ?? `${currency} `;
  const major = minor / 100;
  if (lang === 'zh-CN') {
    if (Math.abs(major) >= 100_000_000) return `${symbol}${trim(major / 100_000_000)}亿`;
    if (Math.abs(major) >= 10_000) return `${symbol}${trim(major / 10_000)}万`;
    return `${symbol}${numberFormat('zh-CN', {}).format(Math.round(major))}`;
  }
  return `${symbol}${numberFormat('en-US', {}).format(Math.round(major))}`;
}

function trim(value: number): string {
  return numberFormat('zh-CN', { maximumFractionDigits: 1 }).format(Math.round(value * 10) / 10);
}

/** The exact amount, for tooltips and forms. */
export function formatMoneyExact(minor: number, currency: string, lang: Lang): string {
  return numberFormat(lang === 'en' ? 'en-US' : 'zh-CN', {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
  }).format(minor / 100);
}

export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

type T = (
  key: 'time.justNow' | 'time.minutesAgo' | 'time.hoursAgo' | 'time.daysAgo' | 'time.yesterday',
  vars?: Record<string, number>,
) => string;

/** "3天前 / 3 days ago" (exact time belongs in a tooltip). */
export function relativeTime(iso: string, now: Date, t: T): string {
  const seconds = Math.max(0, (now.getTime() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return t('time.justNow');
  if (seconds < 3600) return t('time.minutesAgo', { n: Math.floor(seconds / 60) });
  if (seconds < 86_400) return t('time.hoursAgo', { n: Math.floor(seconds / 3600) });
  const days = Math.floor(seconds / 86_400);
  return days === 1 ? t('time.yesterday') : t('time.daysAgo', { n: days });
}

/** Today's date (YYYY-MM-DD) in the browser's zone. */
export function todayIso(now: Date = new Date()): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
