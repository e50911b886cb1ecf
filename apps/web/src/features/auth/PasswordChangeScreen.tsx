import type { SelfUser } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { BrandMark } from '../../ui/BrandMark.tsx';
import { Field } from '../../ui/Field.tsx';
import { LanguagePicker } from '../settings/LanguagePicker.tsx';
import { useRequiredPasswordChange } from './useRequiredPasswordChange.ts';

export interface PasswordChangeScreenProps {
  api: ApiClient;
  user: SelfUser;
  /** The new password is set: the messenger opens. */
  onChanged: (user: SelfUser) => void;
  onLogout: () => void;
}

/** Right after a sign-in with an administrator's temporary password: nothing else until a new one (ACCT-8). */
export function PasswordChangeScreen({ api, user, onChanged, onLogout }: PasswordChangeScreenProps) {
  const { t } = useTranslation();
  const form = useRequiredPasswordChange(api, onChanged);
  return (
    <main className="auth-screen">
      <div className="auth-card" data-testid="password-change-required">
        <header className="auth-card__brand">
          <BrandMark />
          <h1 className="auth-card__name">{t('app.name')}</h1>
        </header>
        <form className="auth-form" aria-labelledby="forced-password-title" {...form.formProps}>
          <div className="auth-form__intro">
            <h2 className="auth-form__title" id="forced-password-title">
              {t('people.forcedTitle')}
            </h2>
            <p className="auth-form__hint">{t('people.forcedHint')}</p>
          </div>
          <input type="text" name="username" autoComplete="username" value={user.username} hidden readOnly />
          <Field
            label={t('people.forcedCurrent')}
            type="password"
            autoComplete="current-password"
            autoFocus
            {...form.field('current')}
          />
          <Field
            label={t('people.forcedNext')}
            hint={t('auth.newPasswordHint')}
            type="password"
            autoComplete="new-password"
            {...form.field('next')}
          />
          <Field
            label={t('people.forcedConfirm')}
            type="password"
            autoComplete="new-password"
            {...form.field('confirm')}
          />
          {form.formError ? <Alert tone="error">{form.formError}</Alert> : null}
          <button type="submit" className="button button--primary button--block" disabled={form.pending}>
            {form.pending ? t('auth.pending') : t('people.forcedSubmit')}
          </button>
        </form>
        <button type="button" className="link-button auth-card__back" onClick={onLogout}>
          {t('people.forcedLogout')}
        </button>
      </div>
      <LanguagePicker variant="compact" />
    </main>
  );
}
