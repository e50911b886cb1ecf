import type { PinState } from '@messenger/shared';

/** What the pins service announces after commit; implemented by the realtime Broadcaster. */
export interface PinEvents {
  pinCreated(roomId: string, pin: PinState): void;
  pinRemoved(roomId: string, pinId: string): void;
  /** The count to the room; `byMe` only to the acknowledger's own tabs (PIN-5, PIN-9). */
  pinAcknowledged(roomId: string, pinId: string, userId: string, ackCount: number): void;
  /** A personal reminder to each of these users, sent at `at` (ISO) (PIN-6). */
  pinReminded(userIds: string[], pin: PinState, byNickname: string, at: string): void;
}
