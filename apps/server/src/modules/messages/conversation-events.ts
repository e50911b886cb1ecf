import type {
  Message,
  ReadMark,
  RoomChanged,
  RoomMember,
  RoomRemovedReason,
  RoomSummary,
} from '@messenger/shared';

/**
 * What the conversation services announce after a change has committed. Implemented by the realtime
 * Broadcaster; services know nothing of sockets.
 */
export interface ConversationEvents {
  messageCreated(roomId: string, message: Message): void;
  messageUpdated(roomId: string, message: Message): void;
  /** Users are now members: subscribe their connections and give each their room summary. */
  membersJoined(roomId: string, summaries: { userId: string; room: RoomSummary }[]): void;
  /** A user is no longer a member: unsubscribe their connections at once and tell them. */
  memberRemoved(roomId: string, userId: string, reason: RoomRemovedReason): void;
  membersChanged(roomId: string, members: RoomMember[]): void;
  /** A notice went with its deleted message (PIN-7). */
  pinRemoved(roomId: string, pinId: string): void;
  /** Retention removed the room's messages up to `untilSeq` for good (RET-1). */
  messagesPurged(roomId: string, untilSeq: number): void;
  /** A room's shared details changed (ADM-1): every member hears them as they are now. */
  roomChanged(change: RoomChanged): void;
  /** Read watermarks moved (the broadcaster batches these). */
  readMoved(roomId: string, mark: ReadMark): void;
}
