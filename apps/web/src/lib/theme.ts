import { browserStorage } from './storage.ts';

/** The theme the user picks; `system` follows the operating system's light/dark setting. */
export type ThemePreference = 'light' | 'dark' | 'system';

/** The themes in the order the settings show them. */
export const THEME_PREFERENCES: readonly ThemePreference[] = ['light', 'dark', 'system'];

const STORAGE_KEY = 'mx.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The stored theme preference, `system` when none. */
export function storedTheme(): ThemePreference {
  try {
    const value = browserStorage()?.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/** The theme actually shown for a preference. */
export function resolveTheme(preference: ThemePreference, prefersDark: boolean): 'light' | 'dark' {
  if (preference === 'system') return prefersDark ? 'dark' : 'light';
  return preference;
}

let unwatch: (() => void) | null = null;

/**
 * Shows a theme by setting `data-theme` on <html> (the CSS variables hang off it), and with `system` keeps
 * following the OS setting while the page is open.
 */
export function applyTheme(preference: ThemePreference): void {
  unwatch?.();
  unwatch = null;
  const media = window.matchMedia(DARK_QUERY);
  const apply = () => {
    document.documentElement.dataset.theme = resolveTheme(preference, media.matches);
  };
  apply();
  if (preference === 'system') {
    media.addEventListener('change', apply);
    unwatch = () => media.removeEventListener('change', apply);
  }
}

/** Applies a theme and remembers it in this browser. */
export function setTheme(preference: ThemePreference): void {
  try {
    const storage = browserStorage();
    if (preference === 'system') storage?.removeItem(STORAGE_KEY);
    else storage?.setItem(STORAGE_KEY, preference);
  } catch {
    // Not persisted; still applied for this page.
  }
  applyTheme(preference);
}
