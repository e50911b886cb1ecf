import { useEffect, useSyncExternalStore } from 'react';
import type { DeviceStatus, E2eClient, RoomStatus } from './e2eClient.ts';
import { useE2e } from './E2eContext.tsx';

/** Where an encrypted room stands for this browser: the device's state first, then the room's. */
export type E2eRoomState =
  | { state: 'ready'; warning?: string }
  | { state: 'starting' | 'syncing' | 'waiting' | 'elsewhere' | 'claiming' | 'unsupported' }
  | { state: 'failed'; code: string };

const NONE = () => () => {};

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
export function useE2eRoom(
  roomId: string,
  encrypted: boolean,
): { room: E2eRoomState; claim: () => void } | null {
  const e2e = useE2e();
  const client: E2eClient | undefined = encrypted ? e2e?.client : undefined;
  const device = useSyncExternalStore(client?.subscribe ?? NONE, () => client?.getStatus());
  const room = useSyncExternalStore(client?.subscribe ?? NONE, () => client?.roomStatus(roomId));
  useEffect(() => {
    if (client) void client.syncRoom(roomId);
  }, [client, roomId]);
  if (!encrypted) return null;
  if (!client || !device) return { room: { state: 'failed', code: 'device.stopped' }, claim: () => {} };
  return { room: roomState(device, room), claim: () => void client.claim() };
}
