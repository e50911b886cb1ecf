import { fastifyCookie } from '@fastify/cookie';
import { PROTOCOL_VERSION, SESSION_COOKIE, type HandshakeErrorData } from '@messenger/shared';
import type { IncomingMessage } from 'node:http';
import type { SessionsService } from '../modules/sessions/sessions.service.ts';
import { AppError } from '../http/app-error.ts';
import { type Broadcaster, type IoServer, sessionRoom, userRoom } from './broadcaster.ts';

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
 * in its user and session rooms.
 */
export function installGateway(
  io: IoServer,
  sessions: SessionsService,
  broadcaster: Broadcaster,
  allowedOrigins: string[],
): void {
  const allowed = new Set(allowedOrigins);
  io.use(async (socket, next) => {
    if (!originAllowed(socket.request, allowed)) return next(refuse({ code: 'csrf.bad_origin' }));
    const version = (socket.handshake.auth as { protocolVersion?: unknown }).protocolVersion;
    if (version !== PROTOCOL_VERSION) {
      return next(refuse({ code: 'protocol.version_mismatch', serverProtocolVersion: PROTOCOL_VERSION }));
    }
    const cookies = fastifyCookie.parse(socket.request.headers.cookie ?? '');
    try {
      const { user, session } = await sessions.authenticate(cookies[SESSION_COOKIE]);
      socket.data.userId = user.id;
      socket.data.sessionId = session.id;
      next();
    } catch (err) {
      next(refuse({ code: err instanceof AppError ? err.code : 'server.internal' }));
    }
  });

  io.on('connection', (socket) => {
    void socket.join([userRoom(socket.data.userId), sessionRoom(socket.data.sessionId)]);
    socket.on('system:ping', (ack) => {
      if (typeof ack === 'function') ack({ now: new Date().toISOString() });
    });
    broadcaster.hello(socket);
  });
}
