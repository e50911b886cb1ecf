import type { StateStore } from '../../state/index.ts';

/** Width of one counting bucket; six of them make the minute of `perMinute`. */
const BUCKET_MS = 10_000;
const BUCKETS_PER_MINUTE = 60_000 / BUCKET_MS;
const key = (bucket: number): string => `live:messages:${bucket}`;

/**
 * Messages posted per minute on the whole server (ADMIN-4): the timeline notes each committed message in
 * a 10-second bucket of the state store (in Redis every process counts into the same buckets), and the
 * rate is the sum of the last six. No table scan, however large the message table.
 */
export class MessageRate {
  private readonly store: StateStore;
  private readonly now: () => number;
  private readonly onError: (err: unknown) => void;

  constructor(d: { store: StateStore; now: () => number; onError: (err: unknown) => void }) {
    this.store = d.store;
    this.now = d.now;
    this.onError = d.onError;
  }

  /** Counts `n` messages just committed; never delays nor fails the caller. */
  note(n: number): void {
    const bucket = Math.floor(this.now() / BUCKET_MS);
    for (let i = 0; i < n; i += 1) {
      // A bucket lives a little over a minute: long enough to be summed, never read stale.
      this.store.hit(key(bucket), BUCKET_MS * (BUCKETS_PER_MINUTE + 1)).catch(this.onError);
    }
  }

  /** Messages committed during the last minute (the current, partly elapsed bucket included). */
  async perMinute(): Promise<number> {
    const current = Math.floor(this.now() / BUCKET_MS);
    const counts = await Promise.all(
      Array.from({ length: BUCKETS_PER_MINUTE }, (_, i) => this.store.get(key(current - i))),
    );
    return counts.reduce((sum, c) => sum + Number(c ?? 0), 0);
  }
}
