import { useEffect, useSyncExternalStore } from 'react';
import type { DeviceStatus, E2eClient, RoomStatus } from './e2eClient.ts';
import { useE2e } from './E2eContext.tsx';

/** Where an encrypted room stands for this browser: the device's state first, then the room's. */
export type E2eRoomState =
  | { state: 'ready'; warning?: string }
  | {
      state: 'starting' | 'syncing' | 'waiting' | 'elsewhere' | 'claiming' | 'unsupported' | 'reset-needed';
    }
  | { state: 'failed'; code: string };

const NONE = () => () => {};

/** An encrypted room's state and what the person can do about it. */
export interface E2eRoomHandle {
  room: E2eRoomState;
  /** "Use here": take the device from the tab that holds it. */
  claim: () => void;
  /** "Set up here": a new security identity in this browser (E2E-45). */
  reset: () => void;
  /** "Enter recovery key": this browser with the same identity (E2E-68); rejects with the failure's code. */
  recover: (recoveryKey: string) => Promise<void>;
  /** Who changed their security identity (when the room waits on `e2e.identity_changed`). */
  changedIdentities: () => Promise<string[]>;
  /** Accept one person's new identity; the room syncs again. */
  accept: (uid: string) => Promise<void>;
}

/** The combined state (pure: the device decides unless it is ready). */
export function roomState(device: DeviceStatus, room: RoomStatus | undefined): E2eRoomState {
  if (device.state === 'failed') return { state: 'failed', code: device.code };
  if (device.state !== 'ready') return { state: device.state };
  if (!room || room.state === 'syncing') return { state: 'syncing' };
  return room;
}

/**
 * An encrypted room's state, synced with the server when the room opens (SPEC E2E-38: joins, creates the group,
 * adds member devices); null for a standard room. `claim` is the "use here" of a device held by another tab.
 */
export function useE2eRoom(roomId: string, encrypted: boolean): E2eRoomHandle | null {
  const e2e = useE2e();
  const client: E2eClient | undefined = encrypted ? e2e?.client : undefined;
  const device = useSyncExternalStore(client?.subscribe ?? NONE, () => client?.getStatus());
  const room = useSyncExternalStore(client?.subscribe ?? NONE, () => client?.roomStatus(roomId));
  useEffect(() => {
    if (client) void client.syncRoom(roomId);
  }, [client, roomId]);
  if (!encrypted) return null;
  if (!client || !device)
    return {
      room: { state: 'failed', code: 'device.stopped' },
      claim: () => {},
      reset: () => {},
      recover: async () => {},
      changedIdentities: async () => [],
      accept: async () => {},
    };
  return {
    room: roomState(device, room),
    claim: () => void client.claim(),
    reset: () => void client.resetIdentity(),
    recover: (recoveryKey) => client.recover(recoveryKey),
    changedIdentities: () => client.identityChanges(),
    accept: (uid) => client.acceptIdentity(uid, roomId),
  };
}
