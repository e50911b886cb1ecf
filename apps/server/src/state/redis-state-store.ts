import { Redis } from 'ioredis';
import type { StateStore, WindowHit } from './state-store.ts';

// INCRBY and PEXPIRE in one atomic step, so a window never lives forever: a key without an expiry (the
// one just created) gets the window's.
const HIT_SCRIPT = `
local c = redis.call('INCRBY', KEYS[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {c, redis.call('PTTL', KEYS[1])}
`;

// An owned lock's renewal and release: compare the stored token and act in one atomic step, so a holder whose
// lock expired and was claimed by another never extends or deletes the new holder's.
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** State shared by every server process through Redis. */
export class RedisStateStore implements StateStore {
  readonly kind = 'redis';
  readonly client: Redis;
  private readonly prefix: string;

  /** `prefix` namespaces every key (tests use a random one). */
  constructor(url: string, prefix = 'mx:') {
    this.prefix = prefix;
    this.client = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  }

  async hit(key: string, windowMs: number): Promise<WindowHit> {
    return this.increment(key, 1, windowMs);
  }

  async increment(key: string, n: number, windowMs: number): Promise<WindowHit> {
    const [count, ttl] = (await this.client.eval(HIT_SCRIPT, 1, this.prefix + key, windowMs, n)) as [
      number,
      number,
    ];
    return { count, resetInMs: ttl > 0 ? ttl : windowMs };
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.client.set(this.prefix + key, value, 'PX', ttlMs);
  }

  async get(key: string): Promise<string | null> {
    return this.client.get(this.prefix + key);
  }

  async claim(key: string, ttlMs: number, token = '1'): Promise<boolean> {
    return (await this.client.set(this.prefix + key, token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.client.eval(RENEW_SCRIPT, 1, this.prefix + key, token, ttlMs)) === 1;
  }

  async release(key: string, token: string): Promise<boolean> {
    return (await this.client.eval(RELEASE_SCRIPT, 1, this.prefix + key, token)) === 1;
  }

  async take(key: string): Promise<string | null> {
    return this.client.getdel(this.prefix + key);
  }

  async del(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
