import { AdminStatus, SERVER_EVENTS } from '@messenger/shared';
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../lib/api.ts';
import { realtime, socketEvents } from '../../lib/socket.ts';

type Load =
  { status: 'loading' } | { status: 'ready'; data: AdminStatus } | { status: 'error'; error: unknown };

/** The newer of two statuses (an HTTP answer may arrive after a push taken later). */
function newer(current: Load, data: AdminStatus): Load {
  if (current.status === 'ready' && current.data.live.at > data.live.at) return current;
  return { status: 'ready', data };
}

/**
 * View-model of the server status for admins (OPS-10, ADMIN-4): read over HTTP when the tab opens, then kept
 * live by the socket's `admin:status` pushes while the tab is open (subscribed again after a reconnect).
 */
export function useAdminStatus(api: ApiClient): Load {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    const show = (data: AdminStatus) => !cancelled && setLoad((current) => newer(current, data));
    api.call('GET', '/api/admin/status', AdminStatus).then(show, (error: unknown) => {
      if (!cancelled)
        setLoad((current) => (current.status === 'ready' ? current : { status: 'error', error }));
    });
    const onPush = (payload: unknown) => {
      const parsed = SERVER_EVENTS['admin:status'].safeParse(payload);
      if (parsed.success) show(parsed.data);
    };
    const subscribe = () => {
      void realtime.subscribeAdminStatus().then((ack) => ack.ok && show(ack.data));
    };
    socketEvents.on('admin:status', onPush);
    const offConnect = realtime.onConnect(subscribe);
    if (realtime.isConnected()) subscribe();
    return () => {
      cancelled = true;
      socketEvents.off('admin:status', onPush);
      offConnect();
      realtime.unsubscribeAdminStatus();
    };
  }, [api]);
  return load;
}
