import { useEffect, useState, useSyncExternalStore } from 'react';
import { socketEvents } from '../../../lib/socket.ts';
import { useE2e } from '../E2eContext.tsx';
import { LinkRequestDialog } from './LinkRequestDialog.tsx';

const NONE = () => () => {};

/**
 * Shows a new device's link request on this (ready) device as soon as the server says so (`e2e:link-requested`,
 * SPEC E2E-107), and one still open when the device becomes ready (the event came while it was starting).
 */
export function LinkRequests() {
  const client = useE2e()?.client;
  const device = useSyncExternalStore(client?.subscribe ?? NONE, () => client?.getStatus());
  const ready = device?.state === 'ready';
  const [linkId, setLinkId] = useState<string | null>(null);
  const [dismissed] = useState(() => new Set<string>());

  useEffect(() => {
    if (!client || !ready) return;
    let live = true;
    const look = () =>
      void client.linkPending().then(
        (p) => live && p && !dismissed.has(p.linkId) && setLinkId(p.linkId),
        () => undefined,
      );
    const onRequested = () => look();
    socketEvents.on('e2e:link-requested', onRequested);
    look();
    return () => {
      live = false;
      socketEvents.off('e2e:link-requested', onRequested);
    };
  }, [client, ready, dismissed]);

  return linkId ? (
    <LinkRequestDialog
      key={linkId}
      linkId={linkId}
      onClose={() => {
        dismissed.add(linkId);
        setLinkId(null);
      }}
    />
  ) : null;
}
