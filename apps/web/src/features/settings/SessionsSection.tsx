import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/errorText.ts';
import type { ApiClient } from '../../lib/api.ts';
import { Alert } from '../../ui/Alert.tsx';
import { deviceName } from './deviceName.ts';
import { SessionRow } from './SessionRow.tsx';
import { useNow } from './useNow.ts';
import { useSessions } from './useSessions.ts';

export interface SessionsSectionProps {
  api: ApiClient;
  onLogout: () => void;
}

/** Where the user is signed in, with a way to sign each other device out. */
export function SessionsSection({ api, onLogout }: SessionsSectionProps) {
  const { t } = useTranslation();
  const model = useSessions(api);
  const now = useNow();
  return (
    <section className="settings-section" aria-labelledby="settings-sessions-title">
      <h3 id="settings-sessions-title" className="settings-section__title">
        {t('settings.sessionsTitle')}
      </h3>
      <p className="settings-section__hint">{t('settings.sessionsHint')}</p>
      {model.load.status === 'loading' ? (
        <p className="settings-section__status" role="status">
          {t('settings.sessionsLoading')}
        </p>
      ) : null}
      {model.load.status === 'error' ? (
        <Alert tone="error">
          {errorText(model.load.error)}{' '}
          <button type="button" className="link-button" onClick={model.reload}>
            {t('app.retry')}
          </button>
        </Alert>
      ) : null}
      {model.load.status === 'ready' && model.sessions.length === 0 ? (
        <p className="settings-section__status">{t('settings.sessionsEmpty')}</p>
      ) : null}
      {model.sessions.length > 0 ? (
        <ul className="session-list" aria-label={t('settings.sessionsListLabel')} data-testid="session-list">
          {model.sessions.map((session) => (
            <SessionRow
              key={session.id}
              session={session}
              now={now}
              pending={model.pendingId === session.id}
              onRevoke={() => void model.revoke(session)}
              onLogout={onLogout}
            />
          ))}
        </ul>
      ) : null}
      <div className="settings-section__live" aria-live="polite">
        {model.revoked ? (
          <Alert tone="success">
            {t('settings.revoked', {
              browser: deviceName(model.revoked, (key, vars) => String(t(key as never, vars as never))),
            })}
          </Alert>
        ) : null}
      </div>
      {model.actionError ? <Alert tone="error">{errorText(model.actionError)}</Alert> : null}
    </section>
  );
}
