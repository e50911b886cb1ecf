import type { AuthProvidersResponse, ErrorCode, LoginBody, RegisterBody } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../ui/Alert.tsx';
import { BrandMark } from '../../ui/BrandMark.tsx';
import { tabPanelProps, Tabs } from '../../ui/Tabs.tsx';
import { LanguagePicker } from '../settings/LanguagePicker.tsx';
import { LoginView } from './LoginView.tsx';
import type { SignedOutNotice } from './notices.ts';
import { RegisterView } from './RegisterView.tsx';
import { SsoButtons } from './SsoButtons.tsx';
import { localFormForced, ssoErrorText } from './sso.ts';
import { currentLocale } from '../../i18n/index.ts';

export interface AuthScreenProps {
  registrationOpen: boolean;
  /** The sign-in methods that are on (AUTH-14); null until loaded (then the password form alone). */
  providers: AuthProvidersResponse | null;
  /** Why the company sign-in just failed (AUTH-15). */
  ssoError: ErrorCode | null;
  notice: SignedOutNotice | null;
  lastUsername: string;
  onDismissNotice: () => void;
  onLogin: (body: LoginBody) => Promise<void>;
  onRegister: (body: RegisterBody) => Promise<void>;
}

type Mode = 'login' | 'register';

/** The signed-out screen: log in or sign up, plus why the user was signed out, if they were. */
export function AuthScreen(props: AuthScreenProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('login');
  // Only the first form shown takes focus; after a tab switch focus stays on the tabs (arrow keys keep working).
  const [switched, setSwitched] = useState(false);
  const switchTo = (next: Mode) => {
    setSwitched(true);
    setMode(next);
  };
  const [forced] = useState(localFormForced);
  const sso = props.providers?.providers ?? [];
  const passwordForm = (props.providers?.passwordLogin ?? true) || forced;
  const signup = passwordForm && (props.providers?.signup ?? props.registrationOpen);
  const shown: Mode = signup ? mode : 'login';

  return (
    <main className="auth-screen">
      <div className="auth-card">
        <header className="auth-card__brand">
          <BrandMark />
          <h1 className="auth-card__name">{t('app.name')}</h1>
        </header>
        {props.ssoError ? (
          <Alert
            tone="error"
            testId="sso-error"
            onDismiss={props.onDismissNotice}
            dismissLabel={t('notices.dismiss')}
          >
            {ssoErrorText(props.ssoError, currentLocale() ?? 'ko')}
          </Alert>
        ) : null}
        {props.notice ? (
          <Alert
            tone="info"
            testId="signed-out-notice"
            onDismiss={props.onDismissNotice}
            dismissLabel={t('notices.dismiss')}
          >
            {t(`notices.${props.notice}`)}
          </Alert>
        ) : null}
        {sso.length > 0 && shown === 'login' ? (
          <SsoButtons providers={sso} primary={!passwordForm} autoFocus={!passwordForm} />
        ) : null}
        {signup ? (
          <Tabs
            label={t('auth.tabsLabel')}
            idPrefix="auth"
            items={[
              { id: 'login', label: t('auth.loginTab') },
              { id: 'register', label: t('auth.registerTab') },
            ]}
            value={shown}
            onChange={switchTo}
            className="auth-card__tabs"
          />
        ) : null}
        {passwordForm ? (
          <div {...(signup ? tabPanelProps('auth', shown) : {})} className="auth-card__panel">
            {shown === 'login' ? (
              <LoginView
                onLogin={props.onLogin}
                initialUsername={props.lastUsername}
                autoFocus={!switched && sso.length === 0}
                directory={props.providers?.directory ?? false}
              />
            ) : (
              <RegisterView onRegister={props.onRegister} />
            )}
          </div>
        ) : null}
        {signup || !passwordForm ? null : (
          <p className="auth-card__footnote">{t('auth.registrationClosed')}</p>
        )}
      </div>
      <LanguagePicker variant="compact" />
    </main>
  );
}
