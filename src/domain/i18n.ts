/** The two languages every user-facing string exists in. */
export type Lang = 'zh-CN' | 'en';

/** A message in both languages. */
export interface Text {
  zh: string;
  en: string;
}

export function pick(text: Text, lang: Lang): string {
  return lang === 'en' ? text.en : text.zh;
}

/** Picks the language from an Accept-Language header; Chinese unless English is preferred first. */
export function langFromHeader(header: string | undefined): Lang {
  if (!header) return 'zh-CN';
  const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
