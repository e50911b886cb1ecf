import type { Locale } from '@messenger/shared';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { browserStorage } from '../lib/storage.ts';
import { initialLocale, storeLocale } from './locale.ts';
import { en, ko } from './resources.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
  }
}

/** Starts i18next synchronously (the resources are bundled) in the preferred language. */
export function setupI18n(): typeof i18n {
  const lng = initialLocale(browserStorage(), navigator.languages ?? [navigator.language]);
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng,
    fallbackLng: 'en',
    supportedLngs: ['ko', 'en'],
    initAsync: false,
    // React escapes by itself.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  i18n.on('languageChanged', (next) => {
    document.documentElement.lang = next;
  });
  return i18n;
}

/** Switches the UI language and remembers the choice in this browser. */
export function changeLanguage(locale: Locale): void {
  storeLocale(browserStorage(), locale);
  void i18n.changeLanguage(locale);
}

/** The current UI language. */
export function currentLocale(): Locale {
  return i18n.resolvedLanguage === 'ko' ? 'ko' : 'en';
}

export { i18n };

/** Translates a key computed at runtime (an error code, a schema message); null when there is no such key. */
export function translateKey(key: string, options?: Record<string, unknown>): string | null {
  // Runtime keys cannot be checked against the typed resources, hence the cast.
  return i18n.exists(key) ? String(i18n.t(key as never, options as never)) : null;
}
