import type { RoomAuditEntry } from '@messenger/shared';
import { useEffect, useState } from 'react';
import { errorText } from '../../../i18n/errorText.ts';
import { useChatStore } from '../store/ChatContext.tsx';

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string };

/** A room's admin log, newest first: the first page on opening, older ones on request (ADM-6). */
export function useRoomAudit(roomId: string) {
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
  return { entries, hasMore: cursor !== null, load, more };
}
