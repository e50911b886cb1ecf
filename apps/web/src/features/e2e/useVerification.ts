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
 * a mark is made, or when the state of `roomId` changes (a key change found or accepted there changes the
 * marks). Empty where there is no E2E client.
 */
export function useVerification(uids: string[], roomId?: string): Verification {
  const client = useE2e()?.client;
  const device = useSyncExternalStore(client?.subscribe ?? NONE, () => client?.getStatus().state);
  const version = useSyncExternalStore(client?.subscribe ?? NONE, () => client?.getVerifiedVersion() ?? 0);
  // The client keeps one status object per room until it changes, so this is stable between changes.
  const room = useSyncExternalStore(client?.subscribe ?? NONE, () =>
    roomId ? client?.roomStatus(roomId) : undefined,
  );
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
  }, [client, device, version, key, room]);
  return view;
}
