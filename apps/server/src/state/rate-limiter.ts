import type { RateLimitRule } from '../config.ts';
import type { StateStore } from './index.ts';
import { AppError } from '../app-error.ts';

/**
 * Fixed-window limiter over the state store, so that every process counts together when Redis is used.
 * Throws `rate.limited` with Retry-After once a key is over its rule.
 */
export class RateLimiter {
  private readonly store: StateStore;

  constructor(store: StateStore) {
    this.store = store;
  }

  /** Counts one hit for every key; throws if any of them is over the limit. */
  async consume(name: string, rule: RateLimitRule, keys: string[]): Promise<void> {
    let retryAfter = 0;
    for (const key of keys) {
      const hit = await this.store.hit(`rl:${name}:${key}`, rule.windowSeconds * 1000);
      if (hit.count > rule.max) retryAfter = Math.max(retryAfter, Math.ceil(hit.resetInMs / 1000));
    }
    if (retryAfter > 0) throw new AppError('rate.limited', { retryAfterSeconds: retryAfter });
  }
}
