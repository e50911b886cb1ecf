import {
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type ErrorCode,
  type HandshakeAuth,
  type HandshakeErrorData,
  type ServerToClientEvents,
  type SessionEndReason,
} from '@messenger/shared';
import { io, type Socket } from 'socket.io-client';

/** Where the realtime connection stands, for the UI's connection indicator. */
export type RealtimeStatus = 'connecting' | 'connected' | 'reconnecting';

/** What the app wants to hear from the realtime connection. */
export interface RealtimeHandlers {
  onStatus(status: RealtimeStatus): void;
  /** The server ended this session (password changed elsewhere, revoked, expired). */
  onSessionEnded(reason: SessionEndReason, code: ErrorCode): void;
  /** The server speaks another protocol version: only a reload helps. */
  onVersionMismatch(): void;
  /** The handshake was refused because the session cookie is no longer valid. */
  onAuthRejected(code: string): void;
  /** The server closed the connection without saying why; the caller checks the session, then `resume()`s. */
  onServerDisconnect(): void;
}

/** A live connection to the server's realtime gateway. */
export interface RealtimeConnection {
  /** Connects again after `onServerDisconnect` when the session turned out to be fine. */
  resume(): void;
  /** Closes for good (logout, unmount). */
  close(): void;
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Retry delays after a refusal that is neither auth nor version (e.g. a server error during the handshake). */
const REFUSED_RETRY_MS = [2_000, 5_000, 10_000, 30_000];

/**
 * Opens the Socket.IO connection (same origin, session cookie, protocol version in the handshake) and maps
 * its events onto `handlers`. The only module that imports socket.io-client.
 */
export function connectRealtime(handlers: RealtimeHandlers): RealtimeConnection {
  const auth: HandshakeAuth = { protocolVersion: PROTOCOL_VERSION };
  const socket: ClientSocket = io({ path: '/socket.io', auth, withCredentials: true });
  let closed = false;
  let refusals = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    closed = true;
    clearTimeout(retryTimer);
    socket.removeAllListeners();
    socket.io.removeAllListeners();
    socket.disconnect();
  };

  handlers.onStatus('connecting');

  socket.on('connect', () => {
    refusals = 0;
    handlers.onStatus('connected');
  });

  socket.on('session:revoked', ({ reason, code }) => {
    stop();
    handlers.onSessionEnded(reason, code);
  });

  socket.on('connect_error', (err) => {
    if (closed) return;
    // A still-active socket retries by itself (network trouble); an inactive one was refused by the server.
    if (socket.active) {
      handlers.onStatus('reconnecting');
      return;
    }
    const code = (err as Error & { data?: Partial<HandshakeErrorData> }).data?.code ?? '';
    if (code === 'protocol.version_mismatch') {
      stop();
      handlers.onVersionMismatch();
    } else if (code.startsWith('auth.')) {
      stop();
      handlers.onAuthRejected(code);
    } else {
      handlers.onStatus('reconnecting');
      const delay = REFUSED_RETRY_MS[Math.min(refusals, REFUSED_RETRY_MS.length - 1)];
      refusals += 1;
      retryTimer = setTimeout(() => socket.connect(), delay);
    }
  });

  socket.on('disconnect', (reason) => {
    if (closed) return;
    handlers.onStatus('reconnecting');
    // Socket.IO does not reconnect after a server-side disconnect: the caller decides.
    if (reason === 'io server disconnect') handlers.onServerDisconnect();
  });

  return {
    resume() {
      if (!closed && !socket.connected) socket.connect();
    },
    close: stop,
  };
}
