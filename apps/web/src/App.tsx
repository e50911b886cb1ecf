import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from './i18n/index.ts';
import { ApiClient } from './lib/api.ts';
import { AuthScreen } from './features/auth/AuthScreen.tsx';
import { PasswordChangeScreen } from './features/auth/PasswordChangeScreen.tsx';
import { useAuth } from './features/auth/useAuth.ts';
import { wipeE2eDevice } from './features/e2e/device.ts';
import { notifyPrefs } from './features/chat/notify/prefs.ts';
import { TwoFactorLoginScreen } from './features/twoFactor/TwoFactorLoginScreen.tsx';
import { useRealtime } from './features/realtime/useRealtime.ts';
import { useConnectivity } from './features/install/useConnectivity.ts';
import { StatusScreen } from './ui/StatusScreen.tsx';
import { TopBanner } from './ui/TopBanner.tsx';

const api = new ApiClient({ language: currentLocale });

// The signed-in app (chat, virtual list, settings) is its own chunk: the login screen does not wait for it.
const Shell = lazy(() => import('./features/shell/Shell.tsx').then((m) => ({ default: m.Shell })));

/** The app: bootstrap, then the login screen or the shell, with the update and connection banners on top. */
export function App() {
  const { t } = useTranslation();
  const auth = useAuth(api);
  const signedIn = auth.state.status === 'authenticated';
  const realtime = useRealtime(api, signedIn, auth.endSession);
  const net = useConnectivity();

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  // What a user who never chose in the notification menu gets: the server's defaults (ADMIN-3).
  const notificationDefaults = auth.config?.notifications;
  useEffect(() => {
    if (notificationDefaults) notifyPrefs.setDefaults(notificationDefaults);
  }, [notificationDefaults]);

  const logout = () => {
    realtime.disconnect();
    void auth.logout();
  };

  return (
    <div className="app">
      {realtime.updateRequired ? (
        <TopBanner
          tone="warning"
          testId="update-banner"
          action={{ label: t('app.reload'), onClick: () => location.reload() }}
        >
          {t('app.updateAvailable')}
        </TopBanner>
      ) : !net.online ? (
        <TopBanner tone="info" testId="offline-banner">
          {t('install.offline')}
        </TopBanner>
      ) : net.updateWaiting ? (
        <TopBanner
          tone="info"
          testId="app-update-banner"
          action={{ label: t('install.update'), onClick: net.applyUpdate }}
        >
          {t('install.updateReady')}
        </TopBanner>
      ) : signedIn && realtime.status === 'reconnecting' ? (
        <TopBanner tone="info" testId="reconnecting-banner">
          {t('app.reconnecting')}
        </TopBanner>
      ) : null}
      {auth.state.status === 'loading' ? <StatusScreen busy title={t('app.loading')} /> : null}
      {auth.state.status === 'unreachable' ? (
        <StatusScreen
          title={t('app.unreachableTitle')}
          body={t('app.unreachableBody')}
          action={{ label: t('app.retry'), onClick: auth.retry }}
        />
      ) : null}
      {auth.state.status === 'anonymous' ? (
        <AuthScreen
          registrationOpen={auth.config?.registrationOpen ?? false}
          providers={auth.providers}
          ssoError={auth.ssoError}
          notice={auth.state.notice}
          lastUsername={auth.state.lastUsername}
          onDismissNotice={auth.dismissNotice}
          onLogin={auth.login}
          onRegister={auth.register}
        />
      ) : null}
      {auth.state.status === 'twoFactor' ? (
        <TwoFactorLoginScreen
          api={api}
          pending={auth.state.pending}
          username={auth.state.username}
          onSignedIn={auth.completeTwoFactor}
          onCancel={auth.cancelTwoFactor}
        />
      ) : null}
      {auth.state.status === 'passwordChange' ? (
        <PasswordChangeScreen
          api={api}
          user={auth.state.user}
          onChanged={auth.completePasswordChange}
          onLogout={logout}
        />
      ) : null}
      {auth.state.status === 'authenticated' ? (
        <Suspense fallback={<StatusScreen busy title={t('app.loading')} />}>
          <Shell
            api={api}
            user={auth.state.user}
            connection={realtime.status}
            onNicknameChanged={auth.setNickname}
            onLogout={logout}
            onAccountDeleted={() => {
              realtime.disconnect();
              // The account is gone: so is this browser's E2E device of it.
              if (auth.state.status === 'authenticated') void wipeE2eDevice(auth.state.user.id);
              auth.endSession('accountDeleted');
            }}
          />
        </Suspense>
      ) : null}
    </div>
  );
}
