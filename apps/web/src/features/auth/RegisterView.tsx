import type { RegisterBody } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../ui/Alert.tsx';
import { Field } from '../../ui/Field.tsx';
import { useRegisterForm } from './useRegisterForm.ts';

export interface RegisterViewProps {
  onRegister: (body: RegisterBody) => Promise<void>;
}

/** The sign-up form; a successful sign-up is also a login. */
export function RegisterView({ onRegister }: RegisterViewProps) {
  const { t } = useTranslation();
  const form = useRegisterForm(onRegister);
  return (
    <form className="auth-form" aria-label={t('auth.registerTab')} {...form.formProps}>
      <div className="auth-form__intro">
        <h2 className="auth-form__title">{t('auth.createTitle')}</h2>
        <p className="auth-form__hint">{t('auth.createHint')}</p>
      </div>
      <Field
        label={t('auth.username')}
        hint={t('auth.usernameHint')}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        {...form.field('username')}
      />
      <Field
        label={t('auth.nickname')}
        hint={t('auth.nicknameHint')}
        autoComplete="nickname"
        {...form.field('nickname')}
      />
      <Field
        label={t('auth.password')}
        hint={t('auth.newPasswordHint')}
        type="password"
        autoComplete="new-password"
        {...form.field('password')}
      />
      <Field
        label={t('auth.confirmPassword')}
        type="password"
        autoComplete="new-password"
        {...form.field('confirm')}
      />
      {form.formError ? (
        <Alert tone="error" testId="form-error">
          {form.formError}
        </Alert>
      ) : null}
      <button type="submit" className="button button--primary button--block" disabled={form.pending}>
        {form.pending ? t('auth.pending') : t('auth.registerSubmit')}
      </button>
    </form>
  );
}
