import type { Presence } from '@messenger/shared';
import type { StateStore } from '../state/index.ts';
import { signal } from './ack.ts';
import { type Broadcaster, type IoServer, type IoSocket, userRoom } from './broadcaster.ts';

const KEY = (userId: string): string => `presence:${userId}`;
const TTL_MS = 7 * 86400_000;

/** What presence needs from the rest of the server. */
export interface PresenceDeps {
  io: IoServer;
  store: StateStore;
  broadcaster: Broadcaster;
  roomIdsOf(userId: string): Promise<string[]>;
  statusMessageOf(userId: string): Promise<string>;
  setStatusMessage(userId: string, statusMessage: string): Promise<void>;
  log(err: unknown): void;
}

/**
 * Presence from a user's connections on every process: online if any is active, away if all are idle,
 * offline if none. Pushed only when it changes, only to rooms shared with the user (PRES-1).
 */
export class PresenceTracker {
  private readonly d: PresenceDeps;
  /** Recomputations started and not finished: a shutdown waits for them before Redis clients close. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(deps: PresenceDeps) {
    this.d = deps;
  }

  /** Current presence of users, as last computed (offline when unknown). */
  async current(userIds: string[]): Promise<Map<string, Presence>> {
    const out = new Map<string, Presence>();
    for (const id of userIds)
      out.set(id, ((await this.d.store.get(KEY(id))) as Presence | null) ?? 'offline');
    return out;
  }

  /** Recomputes a user's presence and announces a change. */
  async refresh(userId: string, force = false): Promise<void> {
    const sockets = await this.d.io.in(userRoom(userId)).fetchSockets();
    const presence: Presence =
      sockets.length === 0 ? 'offline' : sockets.some((s) => !s.data.away) ? 'online' : 'away';
    const before = await this.d.store.get(KEY(userId));
    if (before === presence && !force) return;
    await this.d.store.set(KEY(userId), presence, TTL_MS);
    this.d.broadcaster.presence(
      await this.d.roomIdsOf(userId),
      userId,
      presence,
      await this.d.statusMessageOf(userId),
    );
  }

  /**
   * Resolves once the presence work started so far has ended: the shutdown awaits it after disconnecting the
   * sockets, so a "went offline" write and its broadcast do not reach a Redis client already closed.
   */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Wires a socket: counts it now, on idle/active changes and when it goes. */
  register(socket: IoSocket): void {
    const userId = socket.data.userId;
    const refresh = (force = false) => this.track(this.refresh(userId, force).catch(this.d.log));
    socket.on(
      'presence:set',
      signal(socket, 'presence:set', ({ away, statusMessage }) => {
        if (away !== undefined) socket.data.away = away;
        if (statusMessage === undefined) return refresh();
        const status = statusMessage.normalize('NFC').trim();
        this.track(
          this.d
            .setStatusMessage(userId, status)
            .then(() => refresh(true))
            .catch(this.d.log),
        );
      }),
    );
    socket.on('disconnect', () => refresh());
    refresh();
  }
}
