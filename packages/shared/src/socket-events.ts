import type { ErrorCode } from './errors.ts';
import type { Message, SendMessageInput } from './schemas/messages.ts';
import type { RoomChanged, RoomMember, RoomSummary } from './schemas/rooms.ts';
import type { UserUpdated } from './schemas/profile.ts';
import type { UserPresence } from './schemas/users.ts';
import type { PollState } from './schemas/polls.ts';
import type { PinState } from './schemas/pins.ts';

/** Why the server ended a session's sockets. */
export type SessionEndReason =
  | 'logout'
  | 'revoked'
  | 'password_changed'
  | 'expired'
  /** The user deleted their account (ACCT-1). */
  | 'account_deleted'
  /** A server admin deactivated the account (ACCT-4). */
  | 'deactivated';

/** The answer to every client command: the result, or an error with a stable code. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** A member's read watermark. */
export interface ReadMark {
  userId: string;
  lastReadSeq: number;
}

/** What the client knows of one room when it (re)connects. */
export interface SyncRoomRequest {
  roomId: string;
  /** Highest room revision the client has applied (0: nothing yet). */
  rev: number;
}

/** Changes of one room since the client's revision. */
export interface SyncRoomResult {
  roomId: string;
  /** Messages created or changed after the given revision, in revision order. */
  messages: Message[];
  /** More changes than one answer carries: ask again from the last revision. */
  hasMore: boolean;
  reads: ReadMark[];
  rev: number;
}

/** Events the server emits (facts, past tense). */
export interface ServerToClientEvents {
  /** The socket's session ended; the client must return to the login screen. */
  'session:revoked': (payload: { reason: SessionEndReason; code: ErrorCode }) => void;
  /** Sent once after the handshake. */
  'server:hello': (payload: { protocolVersion: number; userId: string }) => void;
  /** A new message in one of the user's rooms. */
  'message:created': (payload: { message: Message }) => void;
  /** A message was edited, deleted or its reactions changed. */
  'message:updated': (payload: { message: Message }) => void;
  /** The user is now in a room (created it, was invited, or opened a direct room). */
  'room:added': (payload: { room: RoomSummary }) => void;
  /** A room's shared details changed (name, description, image, policies, member count). */
  'room:changed': (payload: RoomChanged) => void;
  /** The room's member list changed. */
  'room:members': (payload: { roomId: string; members: RoomMember[] }) => void;
  /** The user is no longer in a room (left, kicked, account removed). */
  'room:removed': (payload: { roomId: string; reason: 'left' | 'kicked' }) => void;
  /** Read watermarks moved (batched). */
  'read:updated': (payload: { roomId: string; reads: ReadMark[] }) => void;
  /** Someone started or stopped typing. */
  'typing:updated': (payload: { roomId: string; userId: string; typing: boolean }) => void;
  /** A user who shares a room with the recipient changed presence or status message. */
  'presence:updated': (payload: UserPresence) => void;
  /** A user who shares a room with the recipient (or the recipient) changed name, status message or image. */
  'user:updated': (payload: UserUpdated) => void;
  /** A poll's counts, voters or closed state changed (same for every member; keep your own `myVotes`). */
  'poll:updated': (payload: { poll: PollState }) => void;
  /** The recipient's own choices in a poll changed (sent to the voter's own tabs only). */
  'poll:voted': (payload: { roomId: string; pollId: string; myVotes: string[] }) => void;
  /** A notice was pinned in a room. */
  'pin:created': (payload: { pin: PinState }) => void;
  /** A notice was unpinned (or its message deleted). */
  'pin:removed': (payload: { roomId: string; pinId: string }) => void;
  /** A member acknowledged a notice. */
  'pin:acknowledged': (payload: {
    roomId: string;
    pinId: string;
    /** Only the acknowledger's own tabs hear `true`: who acknowledged is for the author and admins (PIN-5). */
    byMe: boolean;
    ackCount: number;
  }) => void;
  /**
   * The recipient has not acknowledged this notice yet and is reminded of it (personal): `by` is the
   * sender's nickname, `at` when (the same reminder the notice's `myReminder` shows later, PIN-6).
   */
  'pin:reminded': (payload: { pin: PinState; by: string; at: string }) => void;
}

/** Commands the client sends (imperative, with an acknowledgement). */
export interface ClientToServerEvents {
  /** Round trip used by clients to measure latency and check the connection. */
  'system:ping': (ack: (payload: { now: string }) => void) => void;
  /** Sends a message; acknowledged only after it is committed. */
  'message:send': (payload: SendMessageInput, ack: (result: Ack<{ message: Message }>) => void) => void;
  /** Moves the read watermark of a room forward. */
  'room:read': (
    payload: { roomId: string; seq: number },
    ack?: (result: Ack<{ lastReadSeq: number }>) => void,
  ) => void;
  /** Changes since known revisions, after a reconnect. */
  sync: (
    payload: { rooms: SyncRoomRequest[] },
    ack: (result: Ack<{ rooms: SyncRoomResult[] }>) => void,
  ) => void;
  /** The user is typing in a room (at most every 3 s). */
  'typing:start': (payload: { roomId: string }) => void;
  'typing:stop': (payload: { roomId: string }) => void;
  /** The tab became idle or active again, or the status message changed. */
  'presence:set': (payload: { away?: boolean; statusMessage?: string }) => void;
}

/** Data carried in the handshake `auth` field. */
export interface HandshakeAuth {
  protocolVersion: number;
}

/** Error `data` attached to a refused handshake (`connect_error`). */
export interface HandshakeErrorData {
  code: ErrorCode;
  serverProtocolVersion?: number;
}
