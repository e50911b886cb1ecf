import type { Locale } from '@messenger/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../../i18n/index.ts';
import { LOCALES } from '../../i18n/locale.ts';

export interface LanguagePickerProps {
  /** `compact` is the small switch under the login card. */
  variant?: 'full' | 'compact';
}

/** Radio buttons for the UI language; the choice is remembered in this browser. */
export function LanguagePicker({ variant = 'full' }: LanguagePickerProps) {
  const { t, i18n } = useTranslation();
  const name = useId();
  // useTranslation re-renders this component when the language changes.
  const current: Locale = i18n.resolvedLanguage === 'ko' ? 'ko' : 'en';
  return (
    <fieldset className={`choice-group choice-group--${variant}`}>
      <legend className={variant === 'compact' ? 'visually-hidden' : 'choice-group__legend'}>
        {t('settings.languageTitle')}
      </legend>
      <div className="choice-group__options">
        {LOCALES.map((locale) => (
          <label key={locale} className="choice" lang={locale}>
            <input
              type="radio"
              name={name}
              value={locale}
              checked={current === locale}
              onChange={() => changeLanguage(locale)}
            />
            <span className="choice__label">{t(`language.${locale}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
