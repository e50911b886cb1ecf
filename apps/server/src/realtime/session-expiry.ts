import type { SessionEndReason } from '@messenger/shared';
import type { SessionsService } from '../modules/sessions/sessions.service.ts';
import type { Broadcaster, IoServer, IoSocket } from './broadcaster.ts';

/** How often this process checks the sessions of its sockets, unless configured otherwise. */
export const SESSION_SWEEP_MS = 60_000;
/** A socket's commands mark its session used at most this often (like HTTP requests do). */
const MARK_USED_MS = 60_000;

export interface SessionExpiryDeps {
  io: IoServer;
  sessions: SessionsService;
  broadcaster: Broadcaster;
  now: () => number;
  log(err: unknown): void;
}

/**
 * Ends the sockets of sessions that ended without anyone telling them: idle or absolute expiry, or a
 * revocation whose broadcast was lost (AUTH-12). Each process sweeps only its own sockets, so the cost is
 * one indexed lookup per session per sweep; the sockets hear `session:revoked` and are disconnected.
 */
export class SessionExpiry {
  private readonly d: SessionExpiryDeps;

  constructor(deps: SessionExpiryDeps) {
    this.d = deps;
  }

  /** Checks every session with a socket on this process once (the scheduler runs it periodically). */
  async sweep(): Promise<void> {
    const ids = new Set<string>();
    for (const socket of this.d.io.of('/').sockets.values()) ids.add(socket.data.sessionId);
    if (ids.size === 0) return;
    const byReason = new Map<SessionEndReason, string[]>();
    for (const { id, reason } of await this.d.sessions.endedAmong([...ids]))
      byReason.set(reason, [...(byReason.get(reason) ?? []), id]);
    for (const [reason, ended] of byReason) this.d.broadcaster.sessionsEnded(ended, reason);
  }

  /** Counts the socket's commands (not its pings) as use of its session, so an active chat does not idle out. */
  watch(socket: IoSocket): void {
    let markedAt = this.d.now();
    socket.use(([event], next) => {
      const now = this.d.now();
      if (event !== 'system:ping' && now - markedAt >= MARK_USED_MS) {
        markedAt = now;
        this.d.sessions.markUsed(socket.data.sessionId).catch(this.d.log);
      }
      next();
    });
  }
}
