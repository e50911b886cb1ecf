import { useState } from 'react';
import { setTheme, storedTheme, type ThemePreference } from '../../lib/theme.ts';

/** The stored theme preference and a setter that applies and remembers it. */
export function useThemePreference() {
  const [preference, setPreference] = useState<ThemePreference>(storedTheme);
  const choose = (next: ThemePreference) => {
    setTheme(next);
    setPreference(next);
  };
  return { preference, choose };
}
