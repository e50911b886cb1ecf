import { useEffect, useState, useSyncExternalStore } from 'react';
import { useE2e } from './E2eContext.tsx';

const NONE = () => () => {};
const EMPTY: Verification = { verified: new Set(), wasVerified: new Set() };

/** Who this device verified (E2E-82), and whose verified key changed since. */
export interface Verification {
  verified: ReadonlySet<string>;
  wasVerified: ReadonlySet<string>;
}

/**
 * The verification of these people as this device knows it; asked again when the device becomes ready, when
 * a mark is made, or when a room's state changes (an accepted identity drops its old mark). Empty where
 * there is no E2E client.
 */
export function useVerification(uids: string[], roomState?: unknown): Verification {
  const client = useE2e()?.client;
  const device = useSyncExternalStore(client?.subscribe ?? NONE, () => client?.getStatus().state);
  const version = useSyncExternalStore(client?.subscribe ?? NONE, () => client?.getVerifiedVersion() ?? 0);
  const [view, setView] = useState<Verification>(EMPTY);
  const key = uids.join(',');
  useEffect(() => {
    if (!client || device !== 'ready' || key === '') return;
    let live = true;
    client.verification(key.split(',')).then(
      (v) => live && setView({ verified: new Set(v.verified), wasVerified: new Set(v.wasVerified) }),
      () => live && setView(EMPTY),
    );
    return () => {
      live = false;
    };
  }, [client, device, version, key, roomState]);
  return view;
}
