import type { LoginPending, SelfUser, TwoFactorSetup } from '@messenger/shared';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/errorText.ts';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { BrandMark } from '../../ui/BrandMark.tsx';
import { LanguagePicker } from '../settings/LanguagePicker.tsx';
import { CodeStep } from './CodeStep.tsx';
import { RecoveryCodesView } from './RecoveryCodesView.tsx';
import { SetupPanel } from './SetupPanel.tsx';
import { twoFactorApi } from './twoFactorApi.ts';

export interface TwoFactorLoginScreenProps {
  api: ApiClient;
  pending: LoginPending['twoFactor'];
  username: string;
  /** The second factor passed (or was set up and its codes saved): the messenger opens. */
  onSignedIn: (user: SelfUser) => void;
  /** Back to the username and password. */
  onCancel: () => void;
}

/** The step after the password (AUTH-16): a code, or setting up the app when the server requires it. */
export function TwoFactorLoginScreen({
  api,
  pending,
  username,
  onSignedIn,
  onCancel,
}: TwoFactorLoginScreenProps) {
  const { t } = useTranslation();
  // Once enrolment gave the session, there is no going back: only the recovery codes, then the chat.
  const [enrolled, setEnrolled] = useState(false);
  return (
    <main className="auth-screen">
      <div className="auth-card" data-testid="two-factor-login">
        <header className="auth-card__brand">
          <BrandMark />
          <h1 className="auth-card__name">{t('app.name')}</h1>
        </header>
        {pending.step === 'verify' ? (
          <CodeStep
            onVerify={async (code) => onSignedIn(await api.loginTwoFactor(pending.challenge, code))}
          />
        ) : (
          <EnrollStep
            api={api}
            challenge={pending.challenge}
            username={username}
            onEnrolled={() => setEnrolled(true)}
            onSignedIn={onSignedIn}
          />
        )}
        {enrolled ? null : (
          <button type="button" className="link-button auth-card__back" onClick={onCancel}>
            {t('twoFactor.back')}
          </button>
        )}
      </div>
      <LanguagePicker variant="compact" />
    </main>
  );
}

/** Enrolment required at login: scan, confirm with a first code, then the recovery codes before the chat. */
function EnrollStep({
  api,
  challenge,
  username,
  onEnrolled,
  onSignedIn,
}: {
  api: ApiClient;
  challenge: string;
  username: string;
  onEnrolled: () => void;
  onSignedIn: (user: SelfUser) => void;
}) {
  const { t } = useTranslation();
  const calls = useMemo(() => twoFactorApi(api), [api]);
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [done, setDone] = useState<{ user: SelfUser; codes: string[] } | null>(null);

  useEffect(() => {
    let cancelled = false;
    calls.loginSetup(challenge).then(
      (s) => !cancelled && setSetup(s),
      (err: unknown) => !cancelled && setLoadError(err),
    );
    return () => {
      cancelled = true;
    };
  }, [calls, challenge]);

  if (done)
    return (
      <RecoveryCodesView
        codes={done.codes}
        username={username}
        doneLabel={t('twoFactor.continue')}
        onDone={() => onSignedIn(done.user)}
      />
    );
  return (
    <div className="auth-form">
      <div className="auth-form__intro">
        <h2 className="auth-form__title">{t('twoFactor.enrollTitle')}</h2>
        <p className="auth-form__hint">{t('twoFactor.enrollHint')}</p>
      </div>
      {loadError ? (
        <Alert tone="error">{errorText(loadError)}</Alert>
      ) : (
        <SetupPanel
          setup={setup}
          submitLabel={t('twoFactor.enrollSubmit')}
          onConfirm={async (code) => {
            const r = await api.loginTwoFactorEnroll(challenge, code);
            setDone({ user: r.user, codes: r.recoveryCodes });
            onEnrolled();
          }}
        />
      )}
    </div>
  );
}
