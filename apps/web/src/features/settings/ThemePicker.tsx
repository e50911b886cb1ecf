import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { THEME_PREFERENCES, type ThemePreference } from '../../lib/theme.ts';
import { useThemePreference } from './useThemePreference.ts';

const LABEL_KEYS = {
  light: 'settings.themeLight',
  dark: 'settings.themeDark',
  system: 'settings.themeSystem',
} as const satisfies Record<ThemePreference, string>;

/** Light / dark / system, as radio buttons with a small preview each. */
export function ThemePicker() {
  const { t } = useTranslation();
  const { preference, choose } = useThemePreference();
  const name = useId();
  return (
    <fieldset className="choice-group">
      <legend className="choice-group__legend">{t('settings.themeTitle')}</legend>
      <div className="choice-group__options">
        {THEME_PREFERENCES.map((option) => (
          <label key={option} className="choice choice--card">
            <input
              type="radio"
              name={name}
              value={option}
              checked={preference === option}
              onChange={() => choose(option)}
            />
            <span className={`theme-preview theme-preview--${option}`} aria-hidden="true">
              <span className="theme-preview__side" />
              <span className="theme-preview__main" />
            </span>
            <span className="choice__label">{t(LABEL_KEYS[option])}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
