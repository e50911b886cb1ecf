import type { SessionInfo } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative } from '../../lib/time.ts';
import { deviceName, isMobile } from './deviceName.ts';

export interface SessionRowProps {
  session: SessionInfo;
  now: number;
  pending: boolean;
  onRevoke: () => void;
  onLogout: () => void;
}

/** One signed-in device: browser and platform, IP, last activity, and Revoke (or Log out for this device). */
export function SessionRow({ session, now, pending, onRevoke, onLogout }: SessionRowProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'en';
  const when = (iso: string) => formatRelative(iso, now, locale) ?? t('time.justNow');
  const device = deviceName(session, (key, vars) => String(t(key as never, vars as never)));
  return (
    <li className="session" data-testid="session-row" data-current={session.current}>
      <span className="session__icon" aria-hidden="true">
        {isMobile(session) ? <PhoneIcon /> : <DesktopIcon />}
      </span>
      <div className="session__details">
        <p className="session__title">
          <span className="session__browser">{device}</span>
          {session.current ? <span className="badge">{t('settings.thisDevice')}</span> : null}
        </p>
        <p className="session__meta">
          <span>{t('settings.ipAddress', { ip: session.ip })}</span>
          <span className="session__sep" aria-hidden="true">
            ·
          </span>
          <time dateTime={session.lastSeenAt} title={formatDateTime(session.lastSeenAt, locale)}>
            {t('settings.lastSeen', { when: when(session.lastSeenAt) })}
          </time>
        </p>
      </div>
      {session.current ? (
        <button type="button" className="button button--secondary button--small" onClick={onLogout}>
          {t('settings.logoutHere')}
        </button>
      ) : (
        <button
          type="button"
          className="button button--danger-quiet button--small"
          aria-label={t('settings.revokeLabel', { browser: device })}
          disabled={pending}
          onClick={onRevoke}
        >
          {t('settings.revoke')}
        </button>
      )}
    </li>
  );
}

function DesktopIcon() {
  return (
    <svg viewBox="0 0 24 24" focusable="false">
      <rect x="3" y="4.5" width="18" height="12" rx="2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M9 20h6M12 16.5V20" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

function PhoneIcon() {
  return (
    <svg viewBox="0 0 24 24" focusable="false">
      <rect x="7" y="3" width="10" height="18" rx="2.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M11 17.5h2" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
