import type { E2eDeviceAdded, E2eLinkEvent } from '@messenger/shared';

/**
 * What the MLS Delivery Service announces after commit; implemented by the realtime Broadcaster. Application
 * messages are timeline messages: they go out as `message:created` and `message:updated` (E2E-42).
 */
export interface E2eEvents {
  /** The group moved to `epoch`, to the room's members (E2E-25). */
  e2eEpoch(roomId: string, epoch: number): void;
  /** A welcome waits for one device of `userId`, to that user's own sockets only (E2E-28). */
  e2eWelcome(userId: string, payload: { roomId: string; deviceId: string; welcomeId: string }): void;
  /** A user registered a new device, to the members of that user's encrypted rooms (E2E-44). */
  e2eDeviceAdded(roomIds: string[], payload: E2eDeviceAdded): void;
  /** A new device of `userId` opened a link, to that user's own sockets only (E2E-107). */
  e2eLinkRequested(userId: string, payload: E2eLinkEvent): void;
  /** A link of `userId` moved to another stage, to that user's own sockets only (E2E-107). */
  e2eLinkUpdated(userId: string, payload: E2eLinkEvent): void;
}
