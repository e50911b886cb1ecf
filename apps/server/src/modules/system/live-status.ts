import type { AdminStatus } from '@messenger/shared';
import type { Broadcaster, IoSocket } from '../../realtime/broadcaster.ts';
import type { LiveStatusService } from './live-status.service.ts';

/** How often subscribed admins receive the live status (ADMIN-4). */
export const LIVE_STATUS_EVERY_MS = 5_000;
/** How often a point of the last hour's chart is taken, watched or not (ADMIN-4). */
export const LIVE_HISTORY_EVERY_MS = 60_000;

export interface LiveStatusSamplerDeps {
  live: LiveStatusService;
  broadcaster: Pick<Broadcaster, 'adminStatus' | 'adminStatusWatchers' | 'watchAdminStatus'>;
  everyMs: number;
  log(err: unknown): void;
}

/**
 * Pushes the live status to the admins who subscribed (ADMIN-4): it samples every `everyMs` while at least
 * one socket of this process watches, and stops (no timer, no event-loop histogram) when none is left.
 */
export class LiveStatusSampler {
  private readonly d: LiveStatusSamplerDeps;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(deps: LiveStatusSamplerDeps) {
    this.d = deps;
  }

  /**
   * Subscribes a socket of a server admin (checked now) and answers the status of this moment. The socket
   * joins before the check that counts: a demotion committed meanwhile either finds it joined (and removes
   * it) or is seen by the check. A first check keeps one who never was an admin from joining at all, even
   * for the moment of a push. Whatever fails, the socket leaves: an error ack never leaves it subscribed.
   */
  async subscribe(socket: IoSocket): Promise<AdminStatus> {
    const userId = socket.data.userId;
    await this.d.live.requireAdmin(userId);
    this.d.broadcaster.watchAdminStatus(socket, true);
    try {
      await this.d.live.requireAdmin(userId);
      this.start();
      return await this.d.live.snapshot();
    } catch (err) {
      this.d.broadcaster.watchAdminStatus(socket, false);
      throw err;
    }
  }

  /** Unsubscribes a socket; the sampling stops at its next turn if nobody else watches. */
  unsubscribe(socket: IoSocket): void {
    this.d.broadcaster.watchAdminStatus(socket, false);
  }

  /** Stops sampling, waits for a push under way and writes the message counts still held (shutdown). */
  async stop(): Promise<void> {
    this.idle();
    await this.running;
    await this.d.live.close();
  }

  /** No timer and no event-loop histogram while nobody watches. */
  private idle(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.d.live.sampling(false);
  }

  private start(): void {
    if (this.timer) return;
    this.d.live.sampling(true);
    this.timer = setInterval(() => this.push(), this.d.everyMs);
    this.timer.unref();
  }

  /** One push; skipped while the previous one still runs (a slow database never piles them up). */
  private push(): void {
    if (this.running) return;
    if (this.d.broadcaster.adminStatusWatchers() === 0) {
      this.idle();
      return;
    }
    // Only the pushes end the event-loop window: other snapshots (HTTP, a subscription's ack) only read it.
    this.running = this.d.live
      .snapshot({ endLoopWindow: true })
      .then((status) => this.d.broadcaster.adminStatus(status))
      .catch(this.d.log)
      .finally(() => (this.running = null));
  }
}
