import type { ErrorCode } from './errors.ts';

/** Why the server ended a session's sockets. */
export type SessionEndReason = 'logout' | 'revoked' | 'password_changed' | 'expired';

/** Events the server emits (facts, past tense). */
export interface ServerToClientEvents {
  /** The socket's session ended; the client must return to the login screen. */
  'session:revoked': (payload: { reason: SessionEndReason; code: ErrorCode }) => void;
  /** Sent once after the handshake. */
  'server:hello': (payload: { protocolVersion: number; userId: string }) => void;
}

/** Commands the client sends (imperative, with an acknowledgement). */
export interface ClientToServerEvents {
  /** Round trip used by clients to measure latency and check the connection. */
  'system:ping': (ack: (payload: { now: string }) => void) => void;
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
