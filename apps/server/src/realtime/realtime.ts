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
 * The Redis adapter publishes without handling the promise (a broadcast, its answer to another process's
 * request): a publish Redis refuses (the client closing at shutdown, or Redis gone past the retries) would be an
 * unhandled rejection, which ends a Node process. It is reported instead (not at all once closing), and the
 * message is lost as it would be anyway: cross-process delivery needs Redis.
 */
function guardPublish(client: Redis, report: (err: unknown) => void): void {
  type Publish = (...args: unknown[]) => Promise<number>;
  const publish = client.publish.bind(client) as Publish;
  (client as unknown as { publish: Publish }).publish = (...args) =>
    publish(...args).catch((err: unknown) => {
      report(err);
      return 0;
    });
}

/** How long a shutdown waits for Redis to answer QUIT before it cuts the connection. */
const QUIT_WAIT_MS = 2_000;

/**
 * The Socket.IO server on the HTTP server, with the Redis adapter when configured, and its broadcaster; closed
 * in two steps (sockets before the HTTP server closes, the adapter's Redis clients after).
 */
export function createIo(
  http: HttpApp,
  redisUrl: string | undefined,
): { io: IoServer; broadcaster: Broadcaster; closeSockets(): void; closeAdapter(): Promise<void> } {
  const io: IoServer = new Server(http.server, { serveClient: false, path: '/socket.io' });
  let redisClients: Redis[] = [];
  let closing = false;
  if (redisUrl) {
    const pub = new Redis(redisUrl);
    const sub = pub.duplicate();
    redisClients = [pub, sub];
    guardPublish(pub, (err) => {
      if (!closing) http.log.warn({ err }, 'a Socket.IO broadcast could not be published to Redis');
    });
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
    /**
     * QUIT, not a disconnect: Redis answers the commands already sent (a broadcast still in flight) before it
     * closes, so none is refused with "Connection is closed". A client that cannot quit (Redis unreachable)
     * is cut off after QUIT_WAIT_MS.
     */
    closeAdapter: async () => {
      closing = true;
      await Promise.all(
        redisClients.map(async (c) => {
          let timer: NodeJS.Timeout | undefined;
          const cut = new Promise<void>((resolve) => {
            timer = setTimeout(resolve, QUIT_WAIT_MS);
          });
          try {
            await Promise.race([c.quit(), cut]);
          } catch {
            // Already closed, or Redis is gone: nothing to wait for.
          } finally {
            clearTimeout(timer);
            c.disconnect();
          }
        }),
      );
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
