import { randomBytes } from 'node:crypto';
import type { RetentionReport, RetentionRoom } from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { StateStore } from '../../state/index.ts';
import type { Timeline, TimelineChange } from '../timeline/timeline.ts';
import type { RetentionRepository, RetentionRoomRow } from './retention.repository.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the job runs (RET-1). */
export const RETENTION_EVERY_MS = 60 * 60 * 1000;
/**
 * Messages removed per transaction: short transactions (SQLite has one writer, and a message sent meanwhile
 * waits for the batch in progress), and the event loop gets a turn between them. bench:retention measured
 * 100,000 messages in 5-8 s at 100-500 per batch on a busy machine; 200 keeps each batch near 10 ms.
 */
const BATCH = 200;
/**
 * Held while a run goes on, by whichever process runs it, under the run's own random token; renewed after every
 * batch, so a dead process lets go, and a run that finds it lost (stalled past the TTL, then claimed by another
 * run) stops.
 */
const RUNNING_KEY = 'retention:running';
const RUNNING_TTL_MS = 10 * 60 * 1000;

export interface RetentionServiceDeps {
  uow: UnitOfWork;
  repo: RetentionRepository;
  timeline: Pick<Timeline, 'purge' | 'publish'>;
  /** Shared by every process with Redis: the job's hourly lease and the lock of a run in progress. */
  store: StateStore;
  /** The server's default retention in days (0: keep forever); rooms' own settings win. */
  defaultRetentionDays: () => Promise<number>;
  now: () => number;
  /** Messages per transaction (tests make it small to cross batches). */
  batchSize?: number;
  /** The job's period (its lease lasts one period). */
  intervalMs?: number;
  /** Where a run that lost its lock or was stopped says so. */
  log: { warn(obj: object, msg: string): void };
}

/** One run in progress: its lock's token, and whether it must stop after the batch it has committed. */
interface Run {
  token: string;
  halted: boolean;
}

/** A room with what is due in it, where its due messages end, and the retention that made them due. */
interface DueRoom extends RetentionRoom {
  untilSeq: number;
  /** The room's own retention when the run planned it (null: the default). */
  retentionDays: number | null;
}

/**
 * Retention (RET-1, RET-3): removes, for good, the messages older than their room's retention (the room's own
 * days, else the server's default; 0 or a legal hold: never) through the timeline's purge, a few hundred per
 * transaction. One run at a time across every process (a lock in the state store); the hourly job runs on the
 * one process that claims the hour. Each batch locks its room's row and stops the room when it was put under
 * legal hold or its retention changed since the run planned it (the hold wins). A run that removed something
 * is audited once (`retention.run`, counts per room) when it ends.
 */
export class RetentionService {
  private readonly d: RetentionServiceDeps;
  private readonly batchSize: number;
  private readonly intervalMs: number;
  /** Set by `stop()`: the run in progress ends after its current batch, and no new one starts. */
  private stopping = false;
  /** This process's runs in progress (one, but for a run that lost its lock and has yet to notice). */
  private readonly runs = new Set<Promise<unknown>>();

  constructor(deps: RetentionServiceDeps) {
    this.d = deps;
    this.batchSize = deps.batchSize ?? BATCH;
    this.intervalMs = deps.intervalMs ?? RETENTION_EVERY_MS;
  }

  /** What a run would remove now; `days` previews another server default. Removes nothing (RET-3). */
  async preview(days?: number): Promise<RetentionReport> {
    const now = this.d.now();
    const defaultDays = days ?? (await this.d.defaultRetentionDays());
    return report(now, defaultDays, (await this.dueRooms(now, defaultDays)).map(withoutSeq));
  }

  /**
   * Runs retention now for a server admin (RET-3), audited as theirs even when nothing was due; refused with
   * `retention.running` while a run goes on anywhere.
   */
  async runNow(actorId: string): Promise<RetentionReport> {
    if (this.stopping) throw new AppError('server.unavailable');
    const report = await this.locked(actorId);
    if (!report) throw new AppError('retention.running');
    return report;
  }

  /** The hourly job: only the process that claims this period runs, and not while another run goes on. */
  async tick(): Promise<RetentionReport | null> {
    if (this.stopping) return null;
    const period = Math.floor(this.d.now() / this.intervalMs);
    if (!(await this.d.store.claim(`retention:lease:${period}`, this.intervalMs))) return null;
    return this.locked(null);
  }

  /**
   * Stops retention for the server's shutdown: a run in progress stops after the batch it is removing (that
   * batch commits, and the run is audited with what it removed), no new run starts; resolves once the run
   * in progress has ended, so the database may close then.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.runs);
  }

  /**
   * Runs once under the run lock with a token of its own; null when another run holds the lock. Known to
   * `stop()` from before its claim, so that a shutdown waits for a run that was just starting too.
   */
  private async locked(actorId: string | null): Promise<RetentionReport | null> {
    const going = (async () => {
      const run: Run = { token: randomBytes(16).toString('base64url'), halted: false };
      if (!(await this.d.store.claim(RUNNING_KEY, RUNNING_TTL_MS, run.token))) return null;
      try {
        return await this.run(actorId, run);
      } finally {
        // Only our own lock: a run that lost it leaves the new holder's alone.
        await this.d.store.release(RUNNING_KEY, run.token);
      }
    })();
    this.runs.add(going);
    try {
      return await going;
    } finally {
      this.runs.delete(going);
    }
  }

  private async run(actorId: string | null, run: Run): Promise<RetentionReport> {
    const now = this.d.now();
    const defaultDays = await this.d.defaultRetentionDays();
    const done: RetentionRoom[] = [];
    for (const room of await this.dueRooms(now, defaultDays)) {
      if (run.halted || this.stopping) break;
      const removed = await this.purgeRoom(room, run);
      if (removed.messages > 0) done.push({ ...withoutSeq(room), ...removed });
    }
    const result = report(now, defaultDays, done);
    // One entry per run that removed something; an admin's run is on record even when nothing was due.
    if (done.length > 0 || actorId !== null) {
      const entry = auditOf(actorId, result);
      await this.d.uow.transaction((tx) => tx.audit.record(entry, this.d.now()));
    }
    return result;
  }

  /**
   * Removes one room's due messages, oldest first, `batchSize` per transaction, yielding to the event loop
   * between batches. Each batch first locks the room's row: a room put under legal hold, given another
   * retention or deleted since the run planned it is left as it is from then on. After each committed batch
   * the run's lock is renewed; a lost lock or `stop()` halts the run there.
   */
  private async purgeRoom(room: DueRoom, run: Run): Promise<Counts> {
    let after = 0;
    const counts: Counts = { messages: 0, files: 0 };
    for (;;) {
      const keys = await this.d.repo.batch(room.roomId, after, room.untilSeq, this.batchSize);
      if (keys.length === 0) return counts;
      after = keys[keys.length - 1]!.seq;
      const change: TimelineChange | null = await this.d.uow.transaction(async (tx) => {
        const now = await tx.rooms.lockRetention(room.roomId);
        if (!now || now.legal_hold !== 0 || now.retention_days !== room.retentionDays) return null;
        const purged = await this.d.timeline.purge(tx, keys);
        // An encrypted room's history entries of epochs no message left needs go with them (E2E-66).
        if (now.e2e) await tx.e2eBackup.shredHistoryKeys(room.roomId);
        return purged;
      });
      if (!change) return counts;
      counts.messages += keys.length;
      counts.files += change.fileIds?.length ?? 0;
      // Committed: the bytes go now, and the room's members hear of it.
      await this.d.timeline.publish(change);
      if (!(await this.keepGoing(room, run, counts))) return counts;
      if (after >= room.untilSeq) return counts;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * After a committed batch: whether the run goes on. It stops when the server is stopping, or when its lock
   * was lost (it stalled past the TTL and another run claimed the lock: two runs must not purge at once);
   * otherwise the lock stays its own however long the run takes.
   */
  private async keepGoing(room: DueRoom, run: Run, counts: Counts): Promise<boolean> {
    const at = { roomId: room.roomId, removed: counts.messages };
    if (this.stopping) {
      this.d.log.warn(at, 'retention run stopped by shutdown after a committed batch');
    } else if (!(await this.d.store.renew(RUNNING_KEY, run.token, RUNNING_TTL_MS))) {
      this.d.log.warn(at, 'retention run lost its lock to another run; stopped after a committed batch');
    } else {
      return true;
    }
    run.halted = true;
    return false;
  }

  /** Rooms with messages due at `now`, what is due in each, most messages first. */
  private async dueRooms(now: number, defaultDays: number): Promise<DueRoom[]> {
    const out: DueRoom[] = [];
    for (const room of await this.d.repo.roomsWithRetention(defaultDays)) {
      const range = await this.d.repo.dueRange(room.id, now - daysOf(room, defaultDays) * DAY_MS);
      if (!range) continue;
      out.push({
        roomId: room.id,
        name: room.name,
        messages: range.messages,
        files: range.files,
        oldest: new Date(range.oldest).toISOString(),
        untilSeq: range.untilSeq,
        retentionDays: room.retention_days,
      });
    }
    return out.sort((a, b) => b.messages - a.messages || a.roomId.localeCompare(b.roomId));
  }
}

interface Counts {
  messages: number;
  files: number;
}

interface AuditEntry {
  actorId: string | null;
  action: 'retention.run';
  detail: Record<string, unknown>;
}

/** The room's retention in days: its own, else the default. */
function daysOf(room: RetentionRoomRow, defaultDays: number): number {
  return room.retention_days ?? defaultDays;
}

/** A due room as reported (where its removal ends is the run's own business). */
function withoutSeq({ untilSeq: _, retentionDays: __, ...room }: DueRoom): RetentionRoom {
  return room;
}

/** The report of a preview or a run: the rooms as given, and their totals. */
function report(now: number, defaultDays: number, list: RetentionRoom[]): RetentionReport {
  return {
    at: new Date(now).toISOString(),
    defaultDays,
    rooms: list,
    totals: {
      rooms: list.length,
      messages: list.reduce((n, r) => n + r.messages, 0),
      files: list.reduce((n, r) => n + r.files, 0),
    },
  };
}

/** The run's one audit entry (AUDIT-1): messages removed per room, and the totals. */
function auditOf(actorId: string | null, r: RetentionReport): AuditEntry {
  const rooms = Object.fromEntries(r.rooms.map((x) => [x.roomId, x.messages]));
  const detail = { rooms, messages: r.totals.messages, files: r.totals.files, defaultDays: r.defaultDays };
  return { actorId, action: 'retention.run', detail };
}
