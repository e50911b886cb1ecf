import type { StateStore, WindowHit } from './state-store.ts';

interface Entry {
  value: string;
  expiresAt: number;
}

/** In-process state store for a single server process. */
export class MemoryStateStore implements StateStore {
  readonly kind = 'memory';
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
    // Expired entries are dropped lazily on read; the sweep bounds memory for keys never read again.
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e && e.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= t) this.entries.delete(k);
  }

  async hit(key: string, windowMs: number): Promise<WindowHit> {
    return this.increment(key, 1, windowMs);
  }

  async increment(key: string, n: number, windowMs: number): Promise<WindowHit> {
    const e = this.live(key);
    if (!e) {
      this.entries.set(key, { value: String(n), expiresAt: this.now() + windowMs });
      return { count: n, resetInMs: windowMs };
    }
    const count = Number(e.value) + n;
    e.value = String(count);
    return { count, resetInMs: e.expiresAt - this.now() };
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async claim(key: string, ttlMs: number, token = '1'): Promise<boolean> {
    if (this.live(key)) return false;
    this.entries.set(key, { value: token, expiresAt: this.now() + ttlMs });
    return true;
  }

  // Compare then act with no await between: one step in a single process.
  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    const e = this.live(key);
    if (e?.value !== token) return false;
    e.expiresAt = this.now() + ttlMs;
    return true;
  }

  async release(key: string, token: string): Promise<boolean> {
    if (this.live(key)?.value !== token) return false;
    this.entries.delete(key);
    return true;
  }

  async take(key: string): Promise<string | null> {
    const v = this.live(key)?.value ?? null;
    this.entries.delete(key);
    return v;
  }

  async del(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
  }
}
