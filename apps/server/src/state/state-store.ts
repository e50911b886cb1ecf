/** Result of counting one hit in a fixed window. */
export interface WindowHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** Milliseconds until the window resets. */
  resetInMs: number;
}

/**
 * Short-lived shared state: rate-limit counters, one-time tokens, presence. In process by default;
 * in Redis when REDIS_URL is set, so that several server processes agree.
 */
export interface StateStore {
  readonly kind: 'memory' | 'redis';
  /** Counts a hit against `key` in a fixed window of `windowMs`. */
  hit(key: string, windowMs: number): Promise<WindowHit>;
  /** Stores a value that disappears after `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  get(key: string): Promise<string | null>;
  /** Reads and removes a value in one step (one-time tokens). */
  take(key: string): Promise<string | null>;
  del(key: string): Promise<void>;
  /** Whether the backing store answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
