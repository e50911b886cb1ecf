import type { LoginBody } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../ui/Alert.tsx';
import { Field } from '../../ui/Field.tsx';
import { useLoginForm } from './useLoginForm.ts';

export interface LoginViewProps {
  onLogin: (body: LoginBody) => Promise<void>;
  initialUsername: string;
  /** Focus the first empty field on mount (not after a tab switch). */
  autoFocus: boolean;
  /** The form also takes company directory (LDAP) accounts (AUTH-13). */
  directory?: boolean;
}

/** The login form. */
export function LoginView({ onLogin, initialUsername, autoFocus, directory = false }: LoginViewProps) {
  const { t } = useTranslation();
  const form = useLoginForm(onLogin, initialUsername);
  return (
    <form className="auth-form" aria-label={t('auth.loginTab')} {...form.formProps}>
      <div className="auth-form__intro">
        <h2 className="auth-form__title">{t('auth.welcome')}</h2>
        <p className="auth-form__hint">{t(directory ? 'auth.directoryHint' : 'auth.welcomeHint')}</p>
      </div>
      <Field
        label={t('auth.username')}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        // After a sign-out the username is prefilled, so the password is the field to type in.
        autoFocus={autoFocus && initialUsername === ''}
        {...form.field('username')}
      />
      <Field
        label={t('auth.password')}
        type="password"
        autoComplete="current-password"
        autoFocus={autoFocus && initialUsername !== ''}
        {...form.field('password')}
      />
      {form.formError ? (
        <Alert tone="error" testId="form-error">
          {form.formError}
        </Alert>
      ) : null}
      <button type="submit" className="button button--primary button--block" disabled={form.pending}>
        {form.pending ? t('auth.pending') : t('auth.loginSubmit')}
      </button>
    </form>
  );
}
