import type { SessionInfo } from '@messenger/shared';
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../lib/api.ts';
import { isApiError } from '../../lib/api.ts';

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: unknown };

/** Current session first, then the most recently active. */
function sortSessions(sessions: SessionInfo[]): SessionInfo[] {
  return [...sessions].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt),
  );
}

/** View-model of the sessions list: loads it, revokes one, and says which one went. */
export function useSessions(api: ApiClient) {
  const [sessions, setSessions] = useState<SessionInfo[]>([]);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [revoked, setRevoked] = useState<SessionInfo | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.sessions().then(
      (list) => {
        if (cancelled) return;
        setSessions(sortSessions(list));
        setLoad({ status: 'ready' });
      },
      (error: unknown) => {
        if (!cancelled) setLoad({ status: 'error', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, attempt]);

  const reload = useCallback(() => {
    setLoad({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const revoke = useCallback(
    async (session: SessionInfo) => {
      setPendingId(session.id);
      setActionError(null);
      setRevoked(null);
      try {
        await api.revokeSession(session.id);
        setSessions((prev) => prev.filter((s) => s.id !== session.id));
        setRevoked(session);
      } catch (err) {
        // Someone else signed it out first: the list was just stale.
        if (isApiError(err, 'session.not_found'))
          setSessions((prev) => prev.filter((s) => s.id !== session.id));
        else setActionError(err);
      } finally {
        setPendingId(null);
      }
    },
    [api],
  );

  return { sessions, load, pendingId, revoked, actionError, reload, revoke };
}
