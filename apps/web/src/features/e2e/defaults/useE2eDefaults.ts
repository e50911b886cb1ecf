import type { E2ePolicy } from '@messenger/shared';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useE2e } from '../E2eContext.tsx';

const NONE = () => () => {};

/**
 * Whether this browser can hold an E2E device: the device is not `unsupported` and did not fail to start
 * (a device still starting, held by another tab or waiting for its key counts as able).
 */
export function useE2eCapable(): boolean {
  const client = useE2e()?.client;
  const state = useSyncExternalStore(client?.subscribe ?? NONE, () => client?.getStatus().state);
  return client !== undefined && state !== 'unsupported' && state !== 'failed';
}

/**
 * The server's E2E policy (E2E-110): the one loaded at login at once, then read again, so a change an
 * administrator made since applies to the next room made here.
 */
export function useE2ePolicy(load: () => Promise<{ e2ePolicy: E2ePolicy }>, initial: E2ePolicy) {
  const [policy, setPolicy] = useState<E2ePolicy>(initial);
  const [fresh, setFresh] = useState(false);
  useEffect(() => {
    let live = true;
    void load().then(
      (c) => {
        if (!live) return;
        setPolicy(c.e2ePolicy);
        setFresh(true);
      },
      () => live && setFresh(true),
    );
    return () => {
      live = false;
    };
  }, [load]);
  return { policy, fresh };
}
