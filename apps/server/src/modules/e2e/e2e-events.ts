import type { E2eCiphertext } from '@messenger/shared';

/** What the MLS Delivery Service announces after commit; implemented by the realtime Broadcaster. */
export interface E2eEvents {
  /** An accepted application message, to the room's members (E2E-27). */
  e2eMessage(roomId: string, message: E2eCiphertext): void;
  /** The group moved to `epoch`, to the room's members (E2E-25). */
  e2eEpoch(roomId: string, epoch: number): void;
  /** A welcome waits for one device of `userId`, to that user's own sockets only (E2E-28). */
  e2eWelcome(userId: string, payload: { roomId: string; deviceId: string; welcomeId: string }): void;
}
