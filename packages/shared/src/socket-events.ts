import { z } from 'zod';
import { ErrorCode } from './errors.ts';
import { Message, SendMessageInput } from './schemas/messages.ts';
import { RoomChanged, RoomMember, RoomRemovedReason, RoomSummary } from './schemas/rooms.ts';
import { UserUpdated } from './schemas/profile.ts';
import { UserPresence } from './schemas/users.ts';
import { PollState } from './schemas/polls.ts';
import { PinState } from './schemas/pins.ts';
import { Timestamp } from './schemas/common.ts';
import { AdminStatus } from './schemas/admin.ts';
import { E2eDeviceAdded } from './schemas/e2e.ts';
import { E2eLinkEvent } from './schemas/e2e-link.ts';

// The socket protocol: one zod schema per payload in each direction. The server validates every command
// with these at the gateway, the web client validates every event with them before its stores see it, and
// the event maps below are inferred from them, so the wire shape is written down once.

const RoomId = z.string().min(1).max(64);

/** Why the server ended a session's sockets. */
export const SessionEndReason = z.enum([
  'logout',
  'revoked',
  'password_changed',
  'expired',
  /** The user deleted their account (ACCT-1). */
  'account_deleted',
  /** A server admin deactivated the account (ACCT-4). */
  'deactivated',
  /** The administrator's policy now requires a second factor this account has not set up (AUTH-16). */
  'two_factor_required',
  /** A server admin reset the account's second factor (AUTH-16). */
  'two_factor_reset',
  /** A server admin signed the account out everywhere (ACCT-6). */
  'signed_out_by_admin',
  /** A server admin set a temporary password the account must change (ACCT-8). */
  'password_reset',
]);
export type SessionEndReason = z.infer<typeof SessionEndReason>;

/** The answer to every client command: the result, or an error with a stable code. */
export type Ack<T, C extends string = ErrorCode> =
  { ok: true; data: T } | { ok: false; error: { code: C; message: string } };

/** A member's read watermark. */
export const ReadMark = z.object({
  userId: z.string(),
  /** Highest seq the member has read in the room. */
  lastReadSeq: z.number().int(),
});
export type ReadMark = z.infer<typeof ReadMark>;

/** What the client knows of one room when it (re)connects. */
export const SyncRoomRequest = z.object({
  roomId: RoomId,
  /** Highest room revision the client has applied (0: nothing yet). */
  rev: z.number().int().min(0),
});
export type SyncRoomRequest = z.infer<typeof SyncRoomRequest>;

/** Changes of one room since the client's revision. */
export const SyncRoomResult = z.object({
  roomId: z.string(),
  /** Messages created or changed after the given revision, in revision order. */
  messages: z.array(Message),
  /** More changes than one answer carries: ask again from the last revision. */
  hasMore: z.boolean(),
  /** Every member's read watermark. */
  reads: z.array(ReadMark),
  /** The room's revision this answer brings the client to. */
  rev: z.number().int(),
});
export type SyncRoomResult = z.infer<typeof SyncRoomResult>;

/** `room:read` payload: move the caller's watermark in a room forward. */
export const ReadRoomInput = z.object({
  roomId: RoomId,
  /** The seq read up to; a lower one than the current watermark changes nothing. */
  seq: z.number().int().min(0),
});
export type ReadRoomInput = z.infer<typeof ReadRoomInput>;

/** `sync` payload: the revisions the client knows, at most 500 rooms. */
export const SyncInput = z.object({ rooms: z.array(SyncRoomRequest).max(500) });
export type SyncInput = z.infer<typeof SyncInput>;

/** `typing:start` / `typing:stop` payload. */
export const TypingInput = z.object({ roomId: RoomId });
export type TypingInput = z.infer<typeof TypingInput>;

/** `presence:set` payload: the tab's idle state, the status message, or both. */
export const PresenceInput = z.object({
  /** The tab became idle (true) or active again (false). */
  away: z.boolean().optional(),
  /** A new status message (trimmed and NFC by the server); empty clears it. */
  statusMessage: z.string().max(100).optional(),
});
export type PresenceInput = z.infer<typeof PresenceInput>;

/** `admin:status:subscribe` / `admin:status:unsubscribe` payload: nothing to say (ADMIN-4). */
export const AdminStatusSubscription = z.object({});
export type AdminStatusSubscription = z.infer<typeof AdminStatusSubscription>;

/** Acknowledged results of the commands. */
export const MessageSendResult = z.object({ message: Message });
export type MessageSendResult = z.infer<typeof MessageSendResult>;
export const ReadRoomResult = z.object({ lastReadSeq: z.number().int() });
export type ReadRoomResult = z.infer<typeof ReadRoomResult>;
export const SyncResult = z.object({ rooms: z.array(SyncRoomResult) });
export type SyncResult = z.infer<typeof SyncResult>;

/** Payload schemas of the events the server emits (facts, past tense). */
export const SERVER_EVENTS = {
  /** The socket's session ended; the client must return to the login screen. */
  'session:revoked': z.object({ reason: SessionEndReason, code: ErrorCode }),
  /** Sent once after the handshake. */
  'server:hello': z.object({ protocolVersion: z.number().int(), userId: z.string() }),
  /** A new message in one of the user's rooms. */
  'message:created': z.object({ message: Message }),
  /** A message was edited, deleted or its reactions changed. */
  'message:updated': z.object({ message: Message }),
  /**
   * Retention removed a room's messages for good, every one up to `untilSeq` (RET-1): drop them, and show
   * replies to them as replies to a removed original (RET-4).
   */
  'messages:purged': z.object({ roomId: z.string(), untilSeq: z.number().int() }),
  /** The user is now in a room (created it, was invited, or opened a direct room). */
  'room:added': z.object({ room: RoomSummary }),
  /** A room's shared details changed (name, description, image, policies, member count). */
  'room:changed': RoomChanged,
  /** The room's member list changed. */
  'room:members': z.object({ roomId: z.string(), members: z.array(RoomMember) }),
  /** The user is no longer in a room (left, kicked, account removed, or a server admin deleted the room). */
  'room:removed': z.object({ roomId: z.string(), reason: RoomRemovedReason }),
  /** Read watermarks moved (batched). */
  'read:updated': z.object({ roomId: z.string(), reads: z.array(ReadMark) }),
  /** Someone started or stopped typing. */
  'typing:updated': z.object({ roomId: z.string(), userId: z.string(), typing: z.boolean() }),
  /** A user who shares a room with the recipient changed presence or status message. */
  'presence:updated': UserPresence,
  /** A user who shares a room with the recipient (or the recipient) changed name, status message or image. */
  'user:updated': UserUpdated,
  /** A poll's counts, voters or closed state changed (same for every member; keep your own `myVotes`). */
  'poll:updated': z.object({ poll: PollState }),
  /** The recipient's own choices in a poll changed (sent to the voter's own tabs only). */
  'poll:voted': z.object({ roomId: z.string(), pollId: z.string(), myVotes: z.array(z.string()) }),
  /** A notice was pinned in a room. */
  'pin:created': z.object({ pin: PinState }),
  /** A notice was unpinned (or its message deleted). */
  'pin:removed': z.object({ roomId: z.string(), pinId: z.string() }),
  /** A member acknowledged a notice. */
  'pin:acknowledged': z.object({
    roomId: z.string(),
    pinId: z.string(),
    /** Only the acknowledger's own tabs hear `true`: who acknowledged is for the author and admins (PIN-5). */
    byMe: z.boolean(),
    ackCount: z.number().int(),
  }),
  /**
   * The recipient has not acknowledged this notice yet and is reminded of it (personal): `by` is the
   * sender's nickname, `at` when (the same reminder the notice's `myReminder` shows later, PIN-6).
   */
  'pin:reminded': z.object({ pin: PinState, by: z.string(), at: Timestamp }),
  /** A commit moved a room's group to a new epoch (E2E-25): members fetch it from the handshake log. */
  'e2e:epoch': z.object({ roomId: z.string(), epoch: z.number().int() }),
  /** A welcome is waiting for one of the recipient's devices (E2E-28); fetch it with its id. */
  'e2e:welcome': z.object({ roomId: z.string(), deviceId: z.string(), welcomeId: z.string() }),
  /**
   * A member of an E2E room registered a new device (E2E-44): the room's other devices add it to the group.
   * Sent to the channels of the user's E2E rooms; a new member of a room is announced by `room:members`.
   */
  'e2e:device-added': E2eDeviceAdded,
  /** A new device of the recipient asks to be linked (E2E-107): the recipient's other devices show it. */
  'e2e:link-requested': E2eLinkEvent,
  /** A link of the recipient moved to `stage` (E2E-107): the new device and the answering one go on. */
  'e2e:link-updated': E2eLinkEvent,
  /** The server's live status, every few seconds, to the admins who subscribed to it (ADMIN-4). */
  'admin:status': AdminStatus,
} as const;

/** Name of an event the server emits. */
export type ServerEventName = keyof typeof SERVER_EVENTS;
/** The payload of one server event, as its schema parses it. */
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof SERVER_EVENTS)[E]>;

/** Events the server emits, typed from their schemas. */
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerEventPayload<E>) => void;
};

/** Payload schemas of the commands the client sends; the gateway validates each before it runs. */
export const CLIENT_COMMANDS = {
  /** Sends a message; acknowledged only after it is committed. */
  'message:send': SendMessageInput,
  /** Moves the read watermark of a room forward. */
  'room:read': ReadRoomInput,
  /** Changes since known revisions, after a reconnect. */
  sync: SyncInput,
  /** The user is typing in a room (at most every 3 s). */
  'typing:start': TypingInput,
  /** The user stopped typing (sent the message, cleared the composer, left the room). */
  'typing:stop': TypingInput,
  /** The tab became idle or active again, or the status message changed. */
  'presence:set': PresenceInput,
  /** A server admin starts receiving `admin:status` (acked with the status of now and the last hour). */
  'admin:status:subscribe': AdminStatusSubscription,
  /** Stops `admin:status`. */
  'admin:status:unsubscribe': AdminStatusSubscription,
} as const;

/** Name of a command the client sends with a payload. */
export type ClientCommandName = keyof typeof CLIENT_COMMANDS;
/** What the client sends for one command (before the server's defaults and normalization). */
type Input<E extends ClientCommandName> = z.input<(typeof CLIENT_COMMANDS)[E]>;

/** Commands the client sends (imperative, with an acknowledgement), typed from their schemas. */
export interface ClientToServerEvents {
  /** Round trip used by clients to measure latency and check the connection. */
  'system:ping': (ack: (payload: { now: string }) => void) => void;
  'message:send': (payload: Input<'message:send'>, ack: (result: Ack<MessageSendResult>) => void) => void;
  'room:read': (payload: Input<'room:read'>, ack?: (result: Ack<ReadRoomResult>) => void) => void;
  sync: (payload: Input<'sync'>, ack: (result: Ack<SyncResult>) => void) => void;
  'typing:start': (payload: Input<'typing:start'>) => void;
  'typing:stop': (payload: Input<'typing:stop'>) => void;
  'presence:set': (payload: Input<'presence:set'>) => void;
  'admin:status:subscribe': (
    payload: AdminStatusSubscription,
    ack: (result: Ack<AdminStatus>) => void,
  ) => void;
  'admin:status:unsubscribe': (payload: AdminStatusSubscription, ack?: (result: Ack<null>) => void) => void;
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
