import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useForm } from '../../lib/useForm.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Field } from '../../ui/Field.tsx';
import { cleanCode, validateAppCode, validateRecoveryCode } from './codes.ts';

/** The code step of a login: a code from the app, or (after the switch) a recovery code. */
export function CodeStep({ onVerify }: { onVerify: (code: string) => Promise<void> }) {
  const [recovery, setRecovery] = useState(false);
  // A new form per mode: the typed value and its errors belong to one kind of code.
  return recovery ? (
    <CodeForm key="recovery" recovery onVerify={onVerify} onSwitch={() => setRecovery(false)} />
  ) : (
    <CodeForm key="app" recovery={false} onVerify={onVerify} onSwitch={() => setRecovery(true)} />
  );
}

function CodeForm({
  recovery,
  onVerify,
  onSwitch,
}: {
  recovery: boolean;
  onVerify: (code: string) => Promise<void>;
  onSwitch: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm({
    initial: { code: '' },
    validate: recovery ? validateRecoveryCode : validateAppCode,
    submit: ({ code }) => onVerify(cleanCode(code)),
    fieldOf: (err) => (err.code === 'auth.two_factor_invalid' ? 'code' : null),
  });
  return (
    <form className="auth-form" aria-label={t('twoFactor.verifyTitle')} {...form.formProps}>
      <div className="auth-form__intro">
        <h2 className="auth-form__title">{t('twoFactor.verifyTitle')}</h2>
        <p className="auth-form__hint">
          {recovery ? t('twoFactor.recoveryHint') : t('twoFactor.verifyHint')}
        </p>
      </div>
      {recovery ? (
        <Field
          label={t('twoFactor.recoveryCode')}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={20}
          autoFocus
          {...form.field('code')}
        />
      ) : (
        <Field
          label={t('twoFactor.code')}
          inputMode="numeric"
          autoComplete="one-time-code"
          spellCheck={false}
          maxLength={7}
          autoFocus
          {...form.field('code')}
        />
      )}
      {form.formError ? (
        <Alert tone="error" testId="form-error">
          {form.formError}
        </Alert>
      ) : null}
      <button type="submit" className="button button--primary button--block" disabled={form.pending}>
        {form.pending ? t('auth.pending') : t('twoFactor.verifySubmit')}
      </button>
      <button type="button" className="link-button two-factor-switch" onClick={onSwitch}>
        {recovery ? t('twoFactor.useApp') : t('twoFactor.useRecovery')}
      </button>
    </form>
  );
}
