import type { StateStore } from '../../state/index.ts';

/** Width of one counting bucket; six of them make the minute of `perMinute`. */
const BUCKET_MS = 10_000;
const BUCKETS_PER_MINUTE = 60_000 / BUCKET_MS;
/** A bucket lives a little over a minute: long enough to be summed, never read stale. */
const BUCKET_TTL_MS = BUCKET_MS * (BUCKETS_PER_MINUTE + 1);
/** How long counts wait in process before they are written: the rate lags by at most this. */
const FLUSH_MS = 1_000;
const key = (bucket: number): string => `live:messages:${bucket}`;

/**
 * Messages posted per minute on the whole server (ADMIN-4): the timeline notes each committed message in
 * a 10-second bucket of the state store (in Redis every process counts into the same buckets), and the
 * rate is the sum of the last six. No table scan, however large the message table. Each process adds up
 * its own counts and writes them at most once a second, one increment per bucket: the store's load does
 * not grow with the number of messages.
 */
export class MessageRate {
  private readonly store: StateStore;
  private readonly now: () => number;
  private readonly onError: (err: unknown) => void;
  /** Messages counted here and not yet written, by bucket. */
  private readonly pending = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(d: { store: StateStore; now: () => number; onError: (err: unknown) => void }) {
    this.store = d.store;
    this.now = d.now;
    this.onError = d.onError;
  }

  /** Counts `n` messages just committed; never delays nor fails the caller. */
  note(n: number): void {
    if (n <= 0) return;
    const bucket = Math.floor(this.now() / BUCKET_MS);
    this.pending.set(bucket, (this.pending.get(bucket) ?? 0) + n);
    // After close nothing waits any more: what still commits is written at once.
    if (this.closed) void this.flush();
    else
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, FLUSH_MS).unref();
  }

  /** Messages committed during the last minute (the current, partly elapsed bucket included). */
  async perMinute(): Promise<number> {
    const current = Math.floor(this.now() / BUCKET_MS);
    const counts = await Promise.all(
      Array.from({ length: BUCKETS_PER_MINUTE }, (_, i) => this.store.get(key(current - i))),
    );
    return counts.reduce((sum, c) => sum + Number(c ?? 0), 0);
  }

  /** Writes the counts still held (shutdown, before the state store closes). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** One increment per bucket with what accumulated; a failed write is reported, never thrown. */
  private async flush(): Promise<void> {
    const counts = [...this.pending];
    this.pending.clear();
    await Promise.all(
      counts.map(([bucket, n]) => this.store.increment(key(bucket), n, BUCKET_TTL_MS).catch(this.onError)),
    );
  }
}
