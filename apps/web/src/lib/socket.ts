import {
  PROTOCOL_VERSION,
  SERVER_EVENTS,
  type Ack,
  type AdminStatus,
  type ClientToServerEvents,
  type Message,
  type SendMessageInput,
  type SyncRoomRequest,
  type SyncRoomResult,
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
  onAuthRejected(code: ErrorCode): void;
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

/** A command's answer as the client sees it: the server's ack, or a network failure of the client's own. */
export type SocketAck<T> = Ack<T, ErrorCode | 'network.offline' | 'network.timeout'>;

/** Retry delays after a refusal that is neither auth nor version (e.g. a server error during the handshake). */
const REFUSED_RETRY_MS = [2_000, 5_000, 10_000, 30_000];

/**
 * Opens the Socket.IO connection (same origin, session cookie, protocol version in the handshake) and maps
 * its events onto `handlers`. The only module that imports socket.io-client.
 */
export function connectRealtime(handlers: RealtimeHandlers): RealtimeConnection {
  const auth: HandshakeAuth = { protocolVersion: PROTOCOL_VERSION };
  const socket: ClientSocket = io({ path: '/socket.io', auth, withCredentials: true });
  current = socket;
  // Server facts go, unread, to whoever listens on `socketEvents` (the inbound pipeline), for any connection.
  socket.onAny((event: string, payload: unknown) => {
    for (const fn of listeners.get(event) ?? []) fn(payload);
  });
  let closed = false;
  let refusals = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    closed = true;
    if (current === socket) current = null;
    clearTimeout(retryTimer);
    socket.removeAllListeners();
    socket.io.removeAllListeners();
    socket.disconnect();
  };

  handlers.onStatus('connecting');

  socket.on('connect', () => {
    refusals = 0;
    handlers.onStatus('connected');
    for (const fn of connectListeners) fn();
  });

  socket.on('session:revoked', (payload) => {
    stop();
    // The connection ends whatever the payload says; an unreadable reason reads as a revocation.
    const p = SERVER_EVENTS['session:revoked'].safeParse(payload);
    handlers.onSessionEnded(
      p.success ? p.data.reason : 'revoked',
      p.success ? p.data.code : 'auth.session_revoked',
    );
  });

  socket.on('connect_error', (err) => {
    if (closed) return;
    // A still-active socket retries by itself (network trouble); an inactive one was refused by the server.
    if (socket.active) {
      handlers.onStatus('reconnecting');
      return;
    }
    const code = (err as Error & { data?: Partial<HandshakeErrorData> }).data?.code;
    if (code === 'protocol.version_mismatch') {
      stop();
      handlers.onVersionMismatch();
    } else if (code?.startsWith('auth.')) {
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

// The open connection and the subscribers to its events: the chat layer uses these without owning the socket.
let current: ClientSocket | null = null;
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const connectListeners = new Set<() => void>();

/**
 * The server's events of whichever connection is open, by name and unvalidated: the source the inbound
 * pipeline (features/realtime/inbound.ts) reads, parses and turns into store actions.
 */
export const socketEvents = {
  on(event: string, listener: (payload: unknown) => void): void {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
  },
  off(event: string, listener: (payload: unknown) => void): void {
    listeners.get(event)?.delete(listener);
  },
};

/** How long a command waits for its acknowledgement before it counts as failed. */
const ACK_TIMEOUT_MS = 10_000;

/** An ack for a command that could not be delivered (no connection, or no answer in time). */
function offline<T>(code: 'network.offline' | 'network.timeout'): SocketAck<T> {
  return { ok: false, error: { code, message: code } };
}

/** Typed commands and event subscriptions over the current realtime connection. */
export const realtime = {
  /** Called after every (re)connect, once the server has subscribed the socket to the user's rooms. */
  onConnect(fn: () => void): () => void {
    connectListeners.add(fn);
    return () => connectListeners.delete(fn);
  },
  /** Whether a connection is up right now. */
  isConnected(): boolean {
    return current?.connected ?? false;
  },
  /** Sends a message; the ack comes after the commit. Offline: fails at once with `network.offline`. */
  sendMessage(input: SendMessageInput): Promise<SocketAck<{ message: Message }>> {
    const socket = current;
    if (!socket?.connected) return Promise.resolve(offline('network.offline'));
    return new Promise((resolve) => {
      socket.timeout(ACK_TIMEOUT_MS).emit('message:send', input, (err, result) => {
        resolve(err ? offline('network.timeout') : result);
      });
    });
  },
  /** Moves the read watermark (fire and forget: the server pushes `read:updated`). */
  markRead(roomId: string, seq: number): void {
    if (current?.connected) current.emit('room:read', { roomId, seq });
  },
  /** Changes since the given revisions (RT-3). */
  sync(rooms: SyncRoomRequest[]): Promise<SocketAck<{ rooms: SyncRoomResult[] }>> {
    const socket = current;
    if (!socket?.connected) return Promise.resolve(offline('network.offline'));
    return new Promise((resolve) => {
      socket.timeout(ACK_TIMEOUT_MS).emit('sync', { rooms }, (err, result) => {
        resolve(err ? offline('network.timeout') : result);
      });
    });
  },
  /** Typing signal; the caller throttles `start` to once every 3 s. */
  typing(roomId: string, typing: boolean): void {
    if (current?.connected) current.emit(typing ? 'typing:start' : 'typing:stop', { roomId });
  },
  /** Starts the live server status for an admin (ADMIN-4); the ack carries the status of now and the last hour. */
  subscribeAdminStatus(): Promise<SocketAck<AdminStatus>> {
    const socket = current;
    if (!socket?.connected) return Promise.resolve(offline('network.offline'));
    return new Promise((resolve) => {
      socket.timeout(ACK_TIMEOUT_MS).emit('admin:status:subscribe', {}, (err, result) => {
        resolve(err ? offline('network.timeout') : result);
      });
    });
  },
  /** Stops the live server status (fire and forget: a closed connection stops it anyway). */
  unsubscribeAdminStatus(): void {
    if (current?.connected) current.emit('admin:status:unsubscribe', {});
  },
  /** Idle/active and status message. */
  setPresence(payload: { away?: boolean; statusMessage?: string }): void {
    if (current?.connected) current.emit('presence:set', payload);
  },
};
