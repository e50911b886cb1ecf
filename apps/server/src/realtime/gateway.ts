import { fastifyCookie } from '@fastify/cookie';
import { PROTOCOL_VERSION, SESSION_COOKIE, type HandshakeErrorData } from '@messenger/shared';
import type { IncomingMessage } from 'node:http';
import type { SessionsService } from '../modules/sessions/sessions.service.ts';
import { AppError } from '../app-error.ts';
import type { RoomsService } from '../modules/rooms/rooms.service.ts';
import { type Broadcaster, type IoServer, roomChannel, sessionRoom, userRoom } from './broadcaster.ts';
import type { PresenceTracker } from './presence.ts';
import { SessionExpiry } from './session-expiry.ts';
import type { SocketCommands } from './socket-commands.ts';
import { registerTyping } from './typing.ts';

/** What the gateway hands sockets to. */
export interface GatewayDeps {
  sessions: SessionsService;
  rooms: RoomsService;
  /** The modules' socket commands, attached to every authenticated socket. */
  socketCommands: SocketCommands;
  presence: PresenceTracker;
  broadcaster: Broadcaster;
  allowedOrigins: string[];
  /** Clock of session expiry (tests move it). */
  now: () => number;
  log(err: unknown): void;
}

/** Refuses a handshake with a code the client can act on. */
function refuse(data: HandshakeErrorData): Error & { data: HandshakeErrorData } {
  return Object.assign(new Error(data.code), { data });
}

/** Same rule as HTTP: a browser's Origin must be this host or an allowed origin (no cross-site WebSocket). */
function originAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.has(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Authenticates every socket with the session cookie and the protocol version at the handshake, and puts it
 * in its user and session rooms. Returns the session-expiry sweep for the scheduler to run.
 */
export function installGateway(io: IoServer, d: GatewayDeps): SessionExpiry {
  const allowed = new Set(d.allowedOrigins);
  const expiry = new SessionExpiry({
    io,
    sessions: d.sessions,
    broadcaster: d.broadcaster,
    now: d.now,
    log: d.log,
  });
  io.use(async (socket, next) => {
    if (!originAllowed(socket.request, allowed)) return next(refuse({ code: 'csrf.bad_origin' }));
    const version = (socket.handshake.auth as { protocolVersion?: unknown }).protocolVersion;
    if (version !== PROTOCOL_VERSION) {
      return next(refuse({ code: 'protocol.version_mismatch', serverProtocolVersion: PROTOCOL_VERSION }));
    }
    const cookies = fastifyCookie.parse(socket.request.headers.cookie ?? '');
    try {
      const { user, session } = await d.sessions.authenticate(cookies[SESSION_COOKIE]);
      // No live connection before a temporary password is replaced (ACCT-8).
      if (user.must_change_password === 1) throw new AppError('auth.password_change_required');
      socket.data.userId = user.id;
      socket.data.sessionId = session.id;
      socket.data.away = false;
      // The user's own room first, before reading their rooms: a room created while this handshake runs is
      // then either in the list below or reaches this socket through socketsJoin on the user's room.
      socket.join([userRoom(user.id), sessionRoom(session.id)]);
      const roomIds = await d.rooms.roomIdsOf(user.id);
      socket.join(roomIds.map(roomChannel));
      next();
    } catch (err) {
      next(refuse({ code: err instanceof AppError ? err.code : 'server.internal' }));
    }
  });

  io.on('connection', (socket) => {
    // The handshake's HTTP request (headers, socket, parser) is no longer needed once authenticated:
    // releasing it saves several KB per idle connection (socket.io's memory-usage advice).
    (socket.conn as unknown as { request: unknown }).request = null;
    socket.on('system:ping', (ack) => {
      if (typeof ack === 'function') ack({ now: new Date().toISOString() });
    });
    expiry.watch(socket);
    d.socketCommands.attach(socket);
    registerTyping(socket, d.broadcaster);
    d.presence.register(socket);
    d.broadcaster.hello(socket);
  });
  return expiry;
}
