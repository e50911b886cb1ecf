import type { LoginBody, RegisterBody } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../ui/Alert.tsx';
import { BrandMark } from '../../ui/BrandMark.tsx';
import { tabPanelProps, Tabs } from '../../ui/Tabs.tsx';
import { LanguagePicker } from '../settings/LanguagePicker.tsx';
import { LoginView } from './LoginView.tsx';
import type { SignedOutNotice } from './notices.ts';
import { RegisterView } from './RegisterView.tsx';

export interface AuthScreenProps {
  registrationOpen: boolean;
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
  const shown: Mode = props.registrationOpen ? mode : 'login';

  return (
    <main className="auth-screen">
      <div className="auth-card">
        <header className="auth-card__brand">
          <BrandMark />
          <h1 className="auth-card__name">{t('app.name')}</h1>
        </header>
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
        {props.registrationOpen ? (
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
        <div {...(props.registrationOpen ? tabPanelProps('auth', shown) : {})} className="auth-card__panel">
          {shown === 'login' ? (
            <LoginView onLogin={props.onLogin} initialUsername={props.lastUsername} autoFocus={!switched} />
          ) : (
            <RegisterView onRegister={props.onRegister} />
          )}
        </div>
        {props.registrationOpen ? null : (
          <p className="auth-card__footnote">{t('auth.registrationClosed')}</p>
        )}
      </div>
      <LanguagePicker variant="compact" />
    </main>
  );
}
