import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type ErrorCode,
  type ServerToClientEvents,
  type SessionEndReason,
} from '@messenger/shared';
import type { Server, Socket } from 'socket.io';
import type { SessionEndedListener } from '../modules/sessions/sessions.service.ts';

/** Data the gateway attaches to an authenticated socket. */
export interface SocketData {
  userId: string;
  sessionId: string;
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Socket.IO room of every socket of one session. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
/** Socket.IO room of every socket of one user. */
export const userRoom = (userId: string): string => `user:${userId}`;

const REASON_CODES: Record<SessionEndReason, ErrorCode> = {
  logout: 'auth.session_revoked',
  revoked: 'auth.session_revoked',
  password_changed: 'auth.session_revoked',
  expired: 'auth.session_expired',
};

/** The one place that emits to clients. Works across processes when the Redis adapter is installed. */
export class Broadcaster implements SessionEndedListener {
  private readonly io: IoServer;

  constructor(io: IoServer) {
    this.io = io;
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

/** Lets services be built before the Socket.IO server exists. */
export class DeferredSessionListener implements SessionEndedListener {
  target: SessionEndedListener | undefined;

  sessionsEnded(sessionIds: string[], reason: SessionEndReason): void {
    this.target?.sessionsEnded(sessionIds, reason);
  }
}
