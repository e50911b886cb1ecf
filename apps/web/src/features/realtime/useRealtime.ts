import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { isApiError, isAuthLostCode, type ApiClient } from '../../lib/api.ts';
import { connectRealtime, type RealtimeConnection, type RealtimeStatus } from '../../lib/socket.ts';
import { noticeForCode, noticeForReason, type SignedOutNotice } from '../auth/notices.ts';

/**
 * Keeps the realtime connection open while signed in. Ends the session when the server says so, asks for
 * a reload on a protocol mismatch, and after a server-side disconnect checks the session before resuming.
 */
export function useRealtime(
  api: ApiClient,
  enabled: boolean,
  onSessionEnded: (notice: SignedOutNotice | null) => void,
) {
  const [status, setStatus] = useState<RealtimeStatus>('connecting');
  const [updateRequired, setUpdateRequired] = useState(false);
  const connection = useRef<RealtimeConnection | null>(null);
  const sessionEnded = useEffectEvent(onSessionEnded);

  useEffect(() => {
    if (!enabled || updateRequired) return;
    const conn = connectRealtime({
      onStatus: setStatus,
      onSessionEnded: (reason) => sessionEnded(noticeForReason(reason)),
      onAuthRejected: (code) => sessionEnded(noticeForCode(code)),
      onVersionMismatch: () => setUpdateRequired(true),
      onServerDisconnect: () => {
        // A 401 here reaches useAuth through the API client's auth-lost listener; anything else: carry on.
        api.me().then(
          () => conn.resume(),
          (err: unknown) => {
            if (!isApiError(err) || !isAuthLostCode(err.code)) conn.resume();
          },
        );
      },
    });
    connection.current = conn;
    return () => {
      conn.close();
      connection.current = null;
    };
  }, [api, enabled, updateRequired]);

  /** Closes the connection now, before a logout, so our own logout is not reported as "signed out elsewhere". */
  const disconnect = () => connection.current?.close();

  return { status, updateRequired, disconnect };
}
