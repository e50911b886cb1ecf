import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { HttpApp } from '../http/types.ts';
import type { RoomsService } from '../modules/rooms/rooms.service.ts';
import type { SessionsService } from '../modules/sessions/sessions.service.ts';
import type { UsersService } from '../modules/users/users.service.ts';
import type { StateStore } from '../state/index.ts';
import { Broadcaster, type IoServer } from './broadcaster.ts';
import { installGateway } from './gateway.ts';
import { PresenceTracker } from './presence.ts';
import type { SessionExpiry } from './session-expiry.ts';
import type { SocketCommands } from './socket-commands.ts';

/**
 * The Socket.IO server on the HTTP server, with the Redis adapter when configured, and its broadcaster; closed
 * in two steps (sockets before the HTTP server closes, the adapter's Redis clients after).
 */
export function createIo(
  http: HttpApp,
  redisUrl: string | undefined,
): { io: IoServer; broadcaster: Broadcaster; closeSockets(): void; closeAdapter(): void } {
  const io: IoServer = new Server(http.server, { serveClient: false, path: '/socket.io' });
  let redisClients: Redis[] = [];
  if (redisUrl) {
    const pub = new Redis(redisUrl);
    const sub = pub.duplicate();
    redisClients = [pub, sub];
    io.adapter(createAdapter(pub, sub));
  }
  const broadcaster = new Broadcaster(io);
  return {
    io,
    broadcaster,
    /** Sends the pending read marks, then disconnects every local socket and stops accepting new ones. */
    closeSockets: () => {
      broadcaster.flushReads();
      io.local.disconnectSockets(true);
      io.engine.close();
    },
    closeAdapter: () => {
      for (const c of redisClients) c.disconnect();
    },
  };
}

export interface SocketsDeps {
  io: IoServer;
  broadcaster: Broadcaster;
  store: StateStore;
  sessions: SessionsService;
  rooms: RoomsService;
  users: UsersService;
  socketCommands: SocketCommands;
  allowedOrigins: string[];
  now: () => number;
  log(err: unknown): void;
}

/** Presence and the gateway on the Socket.IO server; returns the tracker and the session-expiry sweep. */
export function attachSockets(d: SocketsDeps): { presence: PresenceTracker; sessionExpiry: SessionExpiry } {
  const presence = new PresenceTracker({
    io: d.io,
    store: d.store,
    broadcaster: d.broadcaster,
    roomIdsOf: (userId) => d.rooms.roomIdsOf(userId),
    statusMessageOf: (userId) => d.users.statusMessage(userId),
    setStatusMessage: (userId, statusMessage) => d.users.setStatusMessage(userId, statusMessage, d.now()),
    log: d.log,
  });
  const sessionExpiry = installGateway(d.io, { ...d, presence });
  return { presence, sessionExpiry };
}
