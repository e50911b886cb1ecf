import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/time.ts';
import { auditText } from './auditText.ts';
import { useRoomAudit } from './useRoomAudit.ts';

/** The room's recent administrative actions, newest first, with more on request (ADM-6). */
export function RoomAuditLog({ roomId }: { roomId: string }) {
  const { t, i18n } = useTranslation();
  const { entries, hasMore, load, more } = useRoomAudit(roomId);
  return (
    <div className="room-audit" data-testid="room-audit">
      {load.status === 'loading' ? <p className="field__hint">{t('roomSettings.audit.loading')}</p> : null}
      {load.status === 'error' ? <p className="field__error">{load.message}</p> : null}
      {load.status === 'ready' && entries.length === 0 ? (
        <p className="field__hint">{t('roomSettings.audit.empty')}</p>
      ) : null}
      <ol className="room-audit__list">
        {entries.map((e) => (
          <li key={e.id} className="room-audit__item" data-testid="room-audit-entry">
            <span>{auditText(e, (key, vars) => String(t(key as never, vars as never)))}</span>
            <time className="room-audit__time" dateTime={e.at}>
              {formatDateTime(e.at, i18n.language)}
            </time>
          </li>
        ))}
      </ol>
      {hasMore ? (
        <button type="button" className="link-button" onClick={() => void more()}>
          {t('roomSettings.audit.more')}
        </button>
      ) : null}
    </div>
  );
}
