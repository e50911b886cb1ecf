import type { TwoFactorSetup } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useForm } from '../../lib/useForm.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Field } from '../../ui/Field.tsx';
import { cleanCode, copyText, groupSecret, validateAppCode } from './codes.ts';

export interface SetupPanelProps {
  /** The secret to connect; null while it is being made. */
  setup: TwoFactorSetup | null;
  /** Sends the first code; throws (an ApiError) when it is refused. */
  onConfirm: (code: string) => Promise<void>;
  submitLabel: string;
  /** Shown beside the submit button when set. */
  onCancel?: () => void;
}

/**
 * Connecting an authenticator app: the QR code (an SVG drawn by the server, shown as an image), the secret as
 * text for apps that cannot scan, and the first code that proves the app has it.
 */
export function SetupPanel({ setup, onConfirm, submitLabel, onCancel }: SetupPanelProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const form = useForm({
    initial: { code: '' },
    validate: validateAppCode,
    submit: ({ code }) => onConfirm(cleanCode(code)),
    fieldOf: (err) => (err.code === 'auth.two_factor_invalid' ? 'code' : null),
  });
  if (!setup)
    return (
      <p className="settings-section__status" role="status">
        {t('twoFactor.loadingSetup')}
      </p>
    );
  return (
    <div className="two-factor-setup" data-testid="two-factor-setup">
      <p className="two-factor-setup__step">{t('twoFactor.scanStep')}</p>
      <img
        className="two-factor-setup__qr"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
        alt={t('twoFactor.qrAlt')}
        width={184}
        height={184}
      />
      <div className="two-factor-setup__secret">
        <span className="two-factor-setup__secret-label" id="two-factor-secret-label">
          {t('twoFactor.secretLabel')}
        </span>
        <div className="two-factor-setup__secret-row">
          <code aria-labelledby="two-factor-secret-label" data-testid="two-factor-secret">
            {groupSecret(setup.secret)}
          </code>
          <button
            type="button"
            className="button button--small button--secondary"
            onClick={() => void copyText(setup.secret).then(setCopied)}
          >
            {copied ? t('twoFactor.copied') : t('twoFactor.copySecret')}
          </button>
        </div>
      </div>
      <form className="two-factor-setup__form" aria-label={t('twoFactor.confirmStep')} {...form.formProps}>
        <Field
          label={t('twoFactor.code')}
          hint={t('twoFactor.confirmStep')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          spellCheck={false}
          {...form.field('code')}
        />
        {form.formError ? <Alert tone="error">{form.formError}</Alert> : null}
        <div className="two-factor-setup__actions">
          <button type="submit" className="button button--primary" disabled={form.pending}>
            {submitLabel}
          </button>
          {onCancel ? (
            <button type="button" className="button button--secondary" onClick={onCancel}>
              {t('twoFactor.cancel')}
            </button>
          ) : null}
        </div>
      </form>
    </div>
  );
}
