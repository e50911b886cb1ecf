import type { AdminStatus, LiveStatus, LiveStatusPoint } from '@messenger/shared';
import { stat } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AppError } from '../../app-error.ts';
import type { AppConfig } from '../../config.ts';
import { kindOf, sqliteFile } from '../../db/snapshot.ts';
import { lastBackup } from '../../ops/backup-schedule.ts';
import type { StateStore } from '../../state/index.ts';
import { VERSION } from '../../version.ts';
import type { UserRow } from '../users/users.repository.ts';
import type { LiveStatusRepository } from './live-status.repository.ts';
import type { MessageRate } from './message-rate.ts';

/** Who is connected, and whether every process was asked. */
export type Connections = LiveStatus['connections'];

/** Points of the chart: one a minute for an hour. */
export const HISTORY_POINTS = 60;
/** The event-loop histogram's timer, in milliseconds; every value it records includes one such period. */
const LOOP_RESOLUTION_MS = 20;
/** The upload folder is walked at most this often; its size in between is the last one measured. */
const UPLOADS_EVERY_MS = 60_000;

export interface LiveStatusDeps {
  repo: LiveStatusRepository;
  users: { findById(id: string): Promise<UserRow | undefined> };
  store: StateStore;
  config: AppConfig;
  /** The last migration this build knows (applied at start). */
  schemaVersion: string;
  /** The served certificate's end and days left, when HTTPS is on. */
  certificate(): AdminStatus['tls'];
  rate: MessageRate;
  /** Bytes under DATA_DIR/files (a walk of the folder). */
  uploadsBytes(): Promise<number>;
  /** Uploads this process is still scanning. */
  scansPending(): number;
  /** People and sockets connected (across processes when the adapter can tell). */
  connections(): Promise<Connections>;
  now: () => number;
}

/**
 * The server's status for its admins (OPS-10, ADMIN-4): what is configured, the figures of this moment
 * (connections, messages per minute, sizes, memory, event-loop delay, health) and the last hour, one
 * point a minute. The same snapshot answers HTTP and the socket.
 */
export class LiveStatusService {
  private readonly d: LiveStatusDeps;
  private readonly startedAt: number;
  private readonly history: LiveStatusPoint[] = [];
  private readonly loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  private uploads: { bytes: number; at: number } | null = null;
  private uploadsWalk: Promise<number> | null = null;

  constructor(deps: LiveStatusDeps) {
    this.d = deps;
    this.startedAt = deps.now();
  }

  /** Throws `admin.required` unless the user is a server admin now (checked at every subscription). */
  async requireAdmin(userId: string): Promise<void> {
    const user = await this.d.users.findById(userId);
    if (user?.is_admin !== 1 || user.deactivated_at !== null) throw new AppError('admin.required');
  }

  /** Measures the event loop while someone watches (the histogram's timer costs nothing otherwise). */
  sampling(on: boolean): void {
    if (on) this.loop.enable();
    else this.loop.disable();
    this.loop.reset();
  }

  /** Notes the minute that just ended for the chart; the oldest point beyond an hour is dropped. */
  async recordMinute(): Promise<void> {
    const [messages, connections] = await Promise.all([this.d.rate.perMinute(), this.d.connections()]);
    this.history.push({
      at: new Date(this.d.now()).toISOString(),
      messages,
      people: connections.people,
      sockets: connections.sockets,
    });
    if (this.history.length > HISTORY_POINTS) this.history.splice(0, this.history.length - HISTORY_POINTS);
  }

  /**
   * Everything the status shows, as of now. The event-loop figures cover the time since the last push;
   * `endLoopWindow` (the sampler's push) starts the next window, any other snapshot leaves it running.
   */
  async snapshot(opts: { endLoopWindow?: boolean } = {}): Promise<AdminStatus> {
    const { config } = this.d;
    const [live, last] = await Promise.all([
      this.live(opts.endLoopWindow ?? false),
      lastBackup(this.d.store, config),
    ]);
    return {
      version: VERSION,
      schemaVersion: this.d.schemaVersion,
      database: kindOf(config.databaseUrl),
      redis: this.d.store.kind === 'redis',
      startedAt: new Date(this.startedAt).toISOString(),
      tls: this.d.certificate(),
      backup: { schedule: config.backupSchedule ?? null, keep: config.backupKeep, last },
      live,
      history: [...this.history],
    };
  }

  /** Writes what this process still holds (the message counts) before the state store closes. */
  async close(): Promise<void> {
    await this.d.rate.close();
  }

  private async live(endLoopWindow: boolean): Promise<LiveStatus> {
    const d = this.d;
    const [connections, messagesPerMinute, databaseOk, storeOk, uploadsBytes] = await Promise.all([
      d.connections(),
      d.rate.perMinute(),
      d.repo.ping(),
      d.store.ping(),
      this.uploadsBytes(),
    ]);
    // A database that does not answer has no count or size to give.
    const rooms = databaseOk ? await d.repo.rooms() : 0;
    const databaseBytes = databaseOk ? await this.databaseBytes() : null;
    const memory = process.memoryUsage();
    const eventLoop = this.eventLoop(endLoopWindow);
    return {
      at: new Date(d.now()).toISOString(),
      connections,
      messagesPerMinute,
      rooms,
      databaseBytes,
      uploadsBytes,
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
      eventLoop,
      uptimeSeconds: Math.floor(process.uptime()),
      health: {
        database: { kind: kindOf(d.config.databaseUrl), ok: databaseOk },
        stateStore: { kind: d.store.kind, ok: storeOk },
      },
      scanQueue: d.scansPending(),
    };
  }

  /**
   * Mean and 99th percentile since the last push (null when nothing was measured: nobody watched); `reset`
   * starts a new window.
   */
  private eventLoop(reset: boolean): LiveStatus['eventLoop'] {
    // The histogram measures from one tick of its timer to the next: the delay is what exceeds the period.
    const ms = (ns: number) =>
      Number.isFinite(ns) ? Math.max(0, Math.round((ns / 1e6 - LOOP_RESOLUTION_MS) * 100) / 100) : 0;
    const figures =
      this.loop.count > 0 ? { meanMs: ms(this.loop.mean), p99Ms: ms(this.loop.percentile(99)) } : null;
    if (reset) this.loop.reset();
    return figures;
  }

  /** SQLite: the pages the database counts plus its write-ahead log; PostgreSQL: pg_database_size. */
  private async databaseBytes(): Promise<number> {
    const bytes = await this.d.repo.databaseBytes();
    if (kindOf(this.d.config.databaseUrl) !== 'sqlite') return bytes;
    const wal = await stat(`${sqliteFile(this.d.config.databaseUrl)}-wal`).catch(() => null);
    return bytes + (wal?.size ?? 0);
  }

  /** The upload folder's size, walked again only when the last walk is a minute old (one walk at a time). */
  private async uploadsBytes(): Promise<number | null> {
    const now = this.d.now();
    if (this.uploads && now - this.uploads.at < UPLOADS_EVERY_MS) return this.uploads.bytes;
    this.uploadsWalk ??= this.d.uploadsBytes().finally(() => (this.uploadsWalk = null));
    try {
      const bytes = await this.uploadsWalk;
      this.uploads = { bytes, at: now };
      return bytes;
    } catch {
      return this.uploads?.bytes ?? null;
    }
  }
}
