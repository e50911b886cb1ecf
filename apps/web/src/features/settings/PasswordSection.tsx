import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Field } from '../../ui/Field.tsx';
import { usePasswordForm } from './usePasswordForm.ts';

/** Change password: current, new, confirm; on success says how many other devices were signed out. */
export function PasswordSection({ api, username }: { api: ApiClient; username: string }) {
  const { t } = useTranslation();
  const form = usePasswordForm(api);
  return (
    <section className="settings-section" aria-labelledby="settings-password-title">
      <h3 id="settings-password-title" className="settings-section__title">
        {t('settings.passwordTitle')}
      </h3>
      <p className="settings-section__hint">{t('settings.passwordHint')}</p>
      <form className="settings-form" aria-labelledby="settings-password-title" {...form.formProps}>
        {/* Lets password managers tie the new password to the account without a visible field. */}
        <input type="text" name="username" autoComplete="username" value={username} hidden readOnly />
        <Field
          label={t('settings.currentPassword')}
          type="password"
          autoComplete="current-password"
          {...form.field('current')}
        />
        <Field
          label={t('settings.newPassword')}
          hint={t('auth.newPasswordHint')}
          type="password"
          autoComplete="new-password"
          {...form.field('next')}
        />
        <Field
          label={t('settings.confirmNewPassword')}
          type="password"
          autoComplete="new-password"
          {...form.field('confirm')}
        />
        {form.formError ? <Alert tone="error">{form.formError}</Alert> : null}
        {form.revoked !== null ? (
          <Alert tone="success" testId="password-changed">
            {form.revoked === 0
              ? t('settings.passwordChangedNone')
              : t('settings.passwordChanged', { count: form.revoked })}
          </Alert>
        ) : null}
        <div className="settings-form__actions">
          <button type="submit" className="button button--primary" disabled={form.pending}>
            {t('settings.passwordSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
