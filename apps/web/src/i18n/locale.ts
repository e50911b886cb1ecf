import type { Locale } from '@messenger/shared';

/** The UI languages, in the order the language switcher shows them. */
export const LOCALES: readonly Locale[] = ['ko', 'en'];

const STORAGE_KEY = 'mx.language';

/**
 * Korean when the browser lists Korean before English (navigator.languages order), English otherwise;
 * the same rule the server applies to Accept-Language.
 */
export function pickLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (primary === 'ko' || primary === 'en') return primary;
  }
  return 'en';
}

/** Whether a value is one of the UI languages. */
export function isLocale(value: unknown): value is Locale {
  return value === 'ko' || value === 'en';
}

/** The language the user chose in settings, if any. */
export function storedLocale(storage: Pick<Storage, 'getItem'> | undefined): Locale | null {
  try {
    const value = storage?.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    // Storage can throw (privacy mode, disabled cookies): behave as if nothing was stored.
    return null;
  }
}

/** Remembers the user's language choice. */
export function storeLocale(storage: Pick<Storage, 'setItem'> | undefined, locale: Locale): void {
  try {
    storage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Not persisted; the choice still applies until the tab closes.
  }
}

/** The language to start with: the stored choice, else the browser preference. */
export function initialLocale(
  storage: Pick<Storage, 'getItem'> | undefined,
  languages: readonly string[],
): Locale {
  return storedLocale(storage) ?? pickLocale(languages);
}
