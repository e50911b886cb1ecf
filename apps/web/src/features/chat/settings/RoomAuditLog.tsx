import type { RoomAuditEntry } from '@messenger/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/errorText.ts';
import { formatDateTime } from '../../../lib/time.ts';
import { useChatStore } from '../store/ChatContext.tsx';
import { auditText } from './auditText.ts';

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string };

/** The room's recent administrative actions, newest first, with more on request (ADM-6). */
export function RoomAuditLog({ roomId }: { roomId: string }) {
  const { t, i18n } = useTranslation();
  const api = useChatStore().api.roomSettings;
  const [entries, setEntries] = useState<RoomAuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    api.audit(roomId).then(
      (r) => {
        if (cancelled) return;
        setEntries(r.entries);
        setCursor(r.nextCursor);
        setLoad({ status: 'ready' });
      },
      (err: unknown) => {
        if (!cancelled) setLoad({ status: 'error', message: errorText(err) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, roomId]);
  const more = async () => {
    if (!cursor) return;
    const r = await api.audit(roomId, cursor);
    setEntries((list) => [...list, ...r.entries]);
    setCursor(r.nextCursor);
  };
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
      {cursor ? (
        <button type="button" className="link-button" onClick={() => void more()}>
          {t('roomSettings.audit.more')}
        </button>
      ) : null}
    </div>
  );
}
