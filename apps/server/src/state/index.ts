import { MemoryStateStore } from './memory-state-store.ts';
import { RedisStateStore } from './redis-state-store.ts';
import type { StateStore } from './state-store.ts';

export type { StateStore, WindowHit } from './state-store.ts';

/** Redis when a URL is given, otherwise in process. */
export function createStateStore(redisUrl: string | undefined, prefix?: string): StateStore {
  return redisUrl ? new RedisStateStore(redisUrl, prefix) : new MemoryStateStore();
}
