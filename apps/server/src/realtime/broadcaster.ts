import {
  PROTOCOL_VERSION,
  type AdminStatus,
  type E2eDeviceAdded,
  type E2eLinkEvent,
  type ClientToServerEvents,
  type ErrorCode,
  type Message,
  type PinState,
  type PollState,
  type Presence,
  type ReadMark,
  type RoomChanged,
  type RoomMember,
  type RoomRemovedReason,
  type RoomSummary,
  type ServerToClientEvents,
  type SessionEndReason,
  type UserUpdated,
} from '@messenger/shared';
import type { ConversationEvents } from '../modules/messages/conversation-events.ts';
import type { PinEvents } from '../modules/pins/pin-events.ts';
import type { E2eEvents } from '../modules/e2e/e2e-events.ts';
import type { PollEvents } from '../modules/polls/poll-events.ts';
import type { Server, Socket } from 'socket.io';
import type { SessionEndedListener } from '../modules/sessions/sessions.service.ts';

/** Data the gateway attaches to an authenticated socket. */
export interface SocketData {
  userId: string;
  sessionId: string;
  /** The tab reported itself idle. */
  away: boolean;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Socket.IO room of every socket of one session. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
/** Socket.IO room of every socket of one user. */
export const userRoom = (userId: string): string => `user:${userId}`;
/** Socket.IO room of every socket of every member of a conversation. */
export const roomChannel = (roomId: string): string => `room:${roomId}`;

/** Socket.IO room of the sockets of admins watching the live status (ADMIN-4). */
export const ADMIN_STATUS_ROOM = 'admins:status';

/** Watermark moves are sent at most this often per room, batched (READ-2). */
const READ_BATCH_MS = 200;

const REASON_CODES: Record<SessionEndReason, ErrorCode> = {
  logout: 'auth.session_revoked',
  revoked: 'auth.session_revoked',
  password_changed: 'auth.session_revoked',
  expired: 'auth.session_expired',
  account_deleted: 'auth.session_revoked',
  deactivated: 'auth.account_deactivated',
  two_factor_required: 'auth.session_revoked',
  two_factor_reset: 'auth.session_revoked',
  signed_out_by_admin: 'auth.session_revoked',
  password_reset: 'auth.session_revoked',
};

/** The one place that emits to clients. Works across processes when the Redis adapter is installed. */
export class Broadcaster
  implements SessionEndedListener, ConversationEvents, PollEvents, PinEvents, E2eEvents
{
  private readonly io: IoServer;
  private readonly pendingReads = new Map<string, Map<string, number>>();
  private readTimer: NodeJS.Timeout | undefined;

  constructor(io: IoServer) {
    this.io = io;
  }

  /** A profile changed: everyone sharing a room with the user, and the user's own tabs (FILE-12). */
  userUpdated(roomIds: string[], payload: UserUpdated): void {
    this.io.to([...roomIds.map(roomChannel), userRoom(payload.user.id)]).emit('user:updated', payload);
  }

  messageCreated(roomId: string, message: Message): void {
    this.io.to(roomChannel(roomId)).emit('message:created', { message });
  }

  messageUpdated(roomId: string, message: Message): void {
    this.io.to(roomChannel(roomId)).emit('message:updated', { message });
  }

  membersJoined(roomId: string, summaries: { userId: string; room: RoomSummary }[]): void {
    for (const { userId, room } of summaries) {
      this.io.in(userRoom(userId)).socketsJoin(roomChannel(roomId));
      this.io.to(userRoom(userId)).emit('room:added', { room });
    }
  }

  memberRemoved(roomId: string, userId: string, reason: RoomRemovedReason): void {
    this.io.in(userRoom(userId)).socketsLeave(roomChannel(roomId));
    this.io.to(userRoom(userId)).emit('room:removed', { roomId, reason });
  }

  membersChanged(roomId: string, members: RoomMember[]): void {
    this.io.to(roomChannel(roomId)).emit('room:members', { roomId, members });
  }

  roomChanged(change: RoomChanged): void {
    this.io.to(roomChannel(change.roomId)).emit('room:changed', change);
  }

  pollUpdated(roomId: string, poll: PollState): void {
    this.io.to(roomChannel(roomId)).emit('poll:updated', { poll });
  }

  pollVoted(userId: string, roomId: string, pollId: string, myVotes: string[]): void {
    this.io.to(userRoom(userId)).emit('poll:voted', { roomId, pollId, myVotes });
  }

  e2eEpoch(roomId: string, epoch: number): void {
    this.io.to(roomChannel(roomId)).emit('e2e:epoch', { roomId, epoch });
  }

  e2eWelcome(userId: string, payload: { roomId: string; deviceId: string; welcomeId: string }): void {
    this.io.to(userRoom(userId)).emit('e2e:welcome', payload);
  }

  e2eDeviceAdded(roomIds: string[], payload: E2eDeviceAdded): void {
    // One emit to all the channels: a socket in several of them hears it once.
    if (roomIds.length > 0) this.io.to(roomIds.map(roomChannel)).emit('e2e:device-added', payload);
  }

  e2eLinkRequested(userId: string, payload: E2eLinkEvent): void {
    this.io.to(userRoom(userId)).emit('e2e:link-requested', payload);
  }

  e2eLinkUpdated(userId: string, payload: E2eLinkEvent): void {
    this.io.to(userRoom(userId)).emit('e2e:link-updated', payload);
  }

  pinCreated(roomId: string, pin: PinState): void {
    this.io.to(roomChannel(roomId)).emit('pin:created', { pin });
  }

  messagesPurged(roomId: string, untilSeq: number): void {
    this.io.to(roomChannel(roomId)).emit('messages:purged', { roomId, untilSeq });
  }

  pinRemoved(roomId: string, pinId: string): void {
    this.io.to(roomChannel(roomId)).emit('pin:removed', { roomId, pinId });
  }

  pinAcknowledged(roomId: string, pinId: string, userId: string, ackCount: number): void {
    const mine = userRoom(userId);
    this.io
      .to(roomChannel(roomId))
      .except(mine)
      .emit('pin:acknowledged', { roomId, pinId, byMe: false, ackCount });
    this.io.to(mine).emit('pin:acknowledged', { roomId, pinId, byMe: true, ackCount });
  }

  pinReminded(userIds: string[], pin: PinState, byNickname: string, at: string): void {
    if (userIds.length === 0) return;
    this.io.to(userIds.map(userRoom)).emit('pin:reminded', { pin, by: byNickname, at });
  }

  readMoved(roomId: string, mark: ReadMark): void {
    const room = this.pendingReads.get(roomId) ?? new Map<string, number>();
    room.set(mark.userId, Math.max(room.get(mark.userId) ?? 0, mark.lastReadSeq));
    this.pendingReads.set(roomId, room);
    this.readTimer ??= setTimeout(() => this.flushReads(), READ_BATCH_MS);
  }

  /** Sends the batched watermark moves, one event per room. */
  flushReads(): void {
    clearTimeout(this.readTimer);
    this.readTimer = undefined;
    for (const [roomId, marks] of this.pendingReads) {
      const reads = [...marks].map(([userId, lastReadSeq]) => ({ userId, lastReadSeq }));
      this.io.to(roomChannel(roomId)).emit('read:updated', { roomId, reads });
    }
    this.pendingReads.clear();
  }

  typing(roomId: string, userId: string, typing: boolean, except?: IoSocket): void {
    const target = except ? except.to(roomChannel(roomId)) : this.io.to(roomChannel(roomId));
    target.emit('typing:updated', { roomId, userId, typing });
  }

  presence(roomIds: string[], userId: string, presence: Presence, statusMessage: string): void {
    if (roomIds.length === 0) return;
    // One event per socket even when it shares several rooms with the user.
    this.io.to(roomIds.map(roomChannel)).emit('presence:updated', { userId, presence, statusMessage });
  }

  /** Adds a socket to (or removes it from) the watchers of the live status (ADMIN-4). */
  watchAdminStatus(socket: IoSocket, watch: boolean): void {
    if (watch) void socket.join(ADMIN_STATUS_ROOM);
    else void socket.leave(ADMIN_STATUS_ROOM);
  }

  /** Sockets of this process watching the live status: its sampler runs only while there are some. */
  adminStatusWatchers(): number {
    return this.io.of('/').adapter.rooms.get(ADMIN_STATUS_ROOM)?.size ?? 0;
  }

  /** The live status to this process's watchers (every process samples for its own, ADMIN-4). */
  adminStatus(status: AdminStatus): void {
    this.io.local.to(ADMIN_STATUS_ROOM).emit('admin:status', status);
  }

  /** A user who is no longer a server admin stops receiving the live status, on every process (ACCT-5). */
  adminRevoked(userId: string): void {
    this.io.in(userRoom(userId)).socketsLeave(ADMIN_STATUS_ROOM);
  }

  /** Greets a freshly authenticated socket. */
  hello(socket: IoSocket): void {
    socket.emit('server:hello', { protocolVersion: PROTOCOL_VERSION, userId: socket.data.userId });
  }

  /** Tells the sockets of ended sessions why, then disconnects them (SPEC AUTH-9). */
  sessionsEnded(sessionIds: string[], reason: SessionEndReason): void {
    for (const id of sessionIds) {
      this.io.to(sessionRoom(id)).emit('session:revoked', { reason, code: REASON_CODES[reason] });
      this.io.in(sessionRoom(id)).disconnectSockets(true);
    }
  }
}
