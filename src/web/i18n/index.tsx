import type { Locale } from 'antd/es/locale';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from 'react';
import { setApiLanguage } from '../api-client';
import type { Lang, MessageKey } from './catalogue';

export type { Lang, MessageKey };

const STORAGE_KEY = 'tz.lang';

/** The language chosen before (this browser), else the browser's own. */
export function initialLanguage(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'zh-CN' || stored === 'en') return stored;
  return (navigator.languages?.[0] ?? navigator.language ?? 'zh-CN').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** What one language needs on screen: the app's messages, antd's texts and dayjs's calendar words. */
export interface LanguagePack {
  lang: Lang;
  messages: Record<MessageKey, string>;
  antdLocale: Locale;
  /** Makes this language dayjs's (date pickers' month and week names). */
  applyToDates(): void;
}

// Each language is a chunk of its own: only the language on screen is downloaded, the other on a switch.
// dayjs comes with them: the first screen (the ledger) shows no date picker.
const LOADERS: Record<Lang, () => Promise<LanguagePack>> = {
  'zh-CN': async () => {
    const [messages, antd, dayjs] = await Promise.all([
      import('virtual:tz-messages/zh-CN'),
      import('antd/es/locale/zh_CN'),
      import('dayjs'),
      import('dayjs/locale/zh-cn'),
    ]);
    return {
      lang: 'zh-CN',
      messages: messages.default as Record<MessageKey, string>,
      antdLocale: antd.default,
      applyToDates: () => void dayjs.default.locale('zh-cn'),
    };
  },
  en: async () => {
    const [messages, antd, dayjs] = await Promise.all([
      import('virtual:tz-messages/en'),
      import('antd/es/locale/en_US'),
      import('dayjs'),
    ]);
    return {
      lang: 'en',
      messages: messages.default as Record<MessageKey, string>,
      antdLocale: antd.default,
      applyToDates: () => void dayjs.default.locale('en'),
    };
  },
};

/** Loads a language's pack (a second call for the same language reuses the first download). */
export function loadLanguage(lang: Lang): Promise<LanguagePack> {
  return LOADERS[lang]();
}

/** Makes a loaded language current outside React: API requests, the page's lang attribute, dates. */
function applyLanguage(pack: LanguagePack): void {
  setApiLanguage(pack.lang);
  document.documentElement.lang = pack.lang;
  pack.applyToDates();
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  /** antd's texts for the language on screen (ConfigProvider). */
  antdLocale: Locale;
}

const I18nContext = createContext<I18nValue | null>(null);

/** Provides the language loaded before the first render (`initial`); a switch loads the other one first. */
export function I18nProvider({ initial, children }: { initial: LanguagePack; children: ReactNode }) {
  const [pack, setPack] = useState<LanguagePack>(() => {
    applyLanguage(initial);
    return initial;
  });
  const requested = useRef(initial.lang);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    requested.current = next;
    void loadLanguage(next).then(
      (loaded) => {
        // A quicker second switch wins over a slower first one.
        if (requested.current !== loaded.lang) return;
        applyLanguage(loaded);
        setPack(loaded);
      },
      () => undefined,
    ); // not downloadable now (offline, never loaded before): the page keeps its language
  }, []);
  const { lang, messages, antdLocale } = pack;
  const t = useCallback<Translate>(
    (key, vars) => {
      let text: string = messages[key] ?? key;
      if (vars) for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, String(value));
      return text;
    },
    [messages],
  );
  const value = useMemo(() => ({ lang, setLang, t, antdLocale }), [lang, setLang, t, antdLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
