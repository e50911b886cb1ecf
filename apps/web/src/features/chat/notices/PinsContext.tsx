import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import type { Pin } from '@messenger/shared';
import type { PinStore, PinsSnapshot } from './pinStore.ts';

/** The notices store of the signed-in shell. */
export const PinsContext = createContext<PinStore | null>(null);

export function usePinStore(): PinStore {
  const store = useContext(PinsContext);
  if (!store) throw new Error('usePinStore outside PinsContext');
  return store;
}

export function usePinsSnapshot(): PinsSnapshot {
  const store = usePinStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

const NONE: Pin[] = [];

/** A room's notices (loaded when first asked for), newest first. */
export function useRoomPins(roomId: string): Pin[] {
  const store = usePinStore();
  const pins = usePinsSnapshot().byRoom[roomId];
  useEffect(() => {
    void store.loadRoom(roomId);
  }, [store, roomId]);
  return pins ?? NONE;
}
