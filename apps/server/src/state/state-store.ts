/** Result of counting one hit in a fixed window. */
export interface WindowHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

/**
 * Short-lived shared state: rate-limit counters, one-time tokens, presence, leases. In process by default;
 * in Redis when REDIS_URL is set, so that several server processes agree.
 */
export interface StateStore {
  readonly kind: 'memory' | 'redis';
  /** Counts a hit against `key` in a fixed window of `windowMs`. */
  hit(key: string, windowMs: number): Promise<WindowHit>;
  /** Counts `n` hits at once against `key` (one round trip however many): `hit` for a batch of them. */
  increment(key: string, n: number, windowMs: number): Promise<WindowHit>;
  /** Stores a value that disappears after `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | null>;
  /**
   * Sets `key` for `ttlMs` unless it is already set, in one step: true for the one caller that set it. A
   * lease: of several processes asking at once, exactly one gets it until it expires. `token` (default `'1'`)
   * is the value stored: an owned lock passes a random one, so that only its holder renews or releases it.
   */
  claim(key: string, ttlMs: number, token?: string): Promise<boolean>;
  /**
   * Gives the lock `key` another `ttlMs` if it still holds `token`, in one step: false when it expired or is
   * held by someone else (the caller lost it and must stop acting as its holder).
   */
  renew(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Removes the lock `key` if it still holds `token`, in one step: false (and nothing done) otherwise. */
  release(key: string, token: string): Promise<boolean>;
  /** Reads and removes a value in one step (one-time tokens). */
  take(key: string): Promise<string | null>;
  del(key: string): Promise<void>;
  /** Whether the backing store answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
