import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL } from '../test/databases.ts';
import { MemoryStateStore } from './memory-state-store.ts';
import { RedisStateStore } from './redis-state-store.ts';
import type { StateStore } from './state-store.ts';

const KINDS = [
  { name: 'memory', skip: false, make: (): StateStore => new MemoryStateStore() },
  {
    name: 'redis',
    skip: !REDIS_URL,
    make: (): StateStore => new RedisStateStore(REDIS_URL!, `mx-test:${randomBytes(4).toString('hex')}:`),
  },
];

/** The same contract for every state store: what passes on memory must pass on Redis. */
for (const kind of KINDS) {
  describe.skipIf(kind.skip)(`state store contract (${kind.name})`, () => {
    let store: StateStore;
    beforeAll(() => {
      store = kind.make();
    });
    afterAll(() => store.close());

    it('counts hits in a window and reports the time left', async () => {
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await store.hit('hits:a', 60_000));
      expect(results.map((r) => r.count)).toEqual([1, 2, 3]);
      expect(results[2]!.resetInMs).toBeGreaterThan(50_000);
      expect(results[2]!.resetInMs).toBeLessThanOrEqual(60_000);
      expect((await store.hit('hits:b', 60_000)).count).toBe(1);
    });

    it('a window ends and counting starts again', async () => {
      await store.hit('hits:short', 30);
      await expect
        .poll(async () => (await store.hit('hits:short', 30)).count, { interval: 20, timeout: 2000 })
        .toBe(1);
    });

    it('concurrent hits are all counted', async () => {
      const all = await Promise.all(Array.from({ length: 50 }, () => store.hit('hits:burst', 60_000)));
      expect(all.map((r) => r.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
    });

    it('increments by n at once, in the same window as single hits, and the window ends', async () => {
      expect(await store.increment('count:a', 5, 60_000)).toMatchObject({ count: 5 });
      expect((await store.hit('count:a', 60_000)).count).toBe(6);
      const r = await store.increment('count:a', 4, 60_000);
      expect(r.count).toBe(10);
      expect(r.resetInMs).toBeGreaterThan(50_000);
      expect(r.resetInMs).toBeLessThanOrEqual(60_000);
      expect(await store.get('count:a')).toBe('10');
      const burst = await Promise.all(
        Array.from({ length: 10 }, () => store.increment('count:b', 3, 60_000)),
      );
      expect(Math.max(...burst.map((b) => b.count))).toBe(30);
      await store.increment('count:short', 7, 30);
      await expect.poll(() => store.get('count:short'), { interval: 20, timeout: 2000 }).toBeNull();
      expect((await store.increment('count:short', 2, 60_000)).count).toBe(2);
    });

    it('a claim goes to one caller of many at once, and is free again once it expired', async () => {
      const claims = await Promise.all(Array.from({ length: 10 }, () => store.claim('lease:a', 60_000)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.claim('lease:a', 60_000)).toBe(false);
      expect(await store.claim('lease:b', 60_000)).toBe(true);
      expect(await store.claim('lease:short', 20)).toBe(true);
      await expect.poll(() => store.claim('lease:short', 60_000), { interval: 10, timeout: 2000 }).toBe(true);
    });

    it('an owned lock: claimed with a token, renewed and released only by that token', async () => {
      expect(await store.claim('lock:a', 60_000, 'mine')).toBe(true);
      expect(await store.get('lock:a')).toBe('mine');
      expect(await store.claim('lock:a', 60_000, 'theirs')).toBe(false);
      // A wrong token does nothing: no renewal, no release.
      expect(await store.renew('lock:a', 'theirs', 60_000)).toBe(false);
      expect(await store.release('lock:a', 'theirs')).toBe(false);
      expect(await store.get('lock:a')).toBe('mine');
      expect(await store.renew('lock:a', 'mine', 60_000)).toBe(true);
      expect(await store.release('lock:a', 'mine')).toBe(true);
      expect(await store.get('lock:a')).toBeNull();
      // Released: a second release and a renewal report that the lock is not held.
      expect(await store.release('lock:a', 'mine')).toBe(false);
      expect(await store.renew('lock:a', 'mine', 60_000)).toBe(false);
      expect(await store.get('lock:a')).toBeNull();
      // Without a token, a claim stores '1' as before (leases nobody renews).
      expect(await store.claim('lock:plain', 60_000)).toBe(true);
      expect(await store.get('lock:plain')).toBe('1');
    });

    it('a renewal extends the lock past its first expiry', async () => {
      expect(await store.claim('lock:renewed', 150, 'mine')).toBe(true);
      expect(await store.renew('lock:renewed', 'mine', 60_000)).toBe(true);
      // A short lock claimed at the same time expires; the renewed one is still held.
      expect(await store.claim('lock:control', 150, 'x')).toBe(true);
      await expect.poll(() => store.get('lock:control'), { interval: 20, timeout: 2000 }).toBeNull();
      expect(await store.get('lock:renewed')).toBe('mine');
      expect(await store.claim('lock:renewed', 60_000, 'theirs')).toBe(false);
    });

    it('a lost lock (expired, then claimed by another) is reported by renew and release, and left to its new holder', async () => {
      expect(await store.claim('lock:lost', 20, 'first')).toBe(true);
      await expect
        .poll(() => store.claim('lock:lost', 60_000, 'second'), { interval: 10, timeout: 2000 })
        .toBe(true);
      expect(await store.renew('lock:lost', 'first', 60_000)).toBe(false);
      expect(await store.release('lock:lost', 'first')).toBe(false);
      expect(await store.get('lock:lost')).toBe('second');
      // Expired and not claimed again: renewing does not bring it back.
      expect(await store.claim('lock:gone', 20, 'only')).toBe(true);
      await expect.poll(() => store.get('lock:gone'), { interval: 10, timeout: 2000 }).toBeNull();
      expect(await store.renew('lock:gone', 'only', 60_000)).toBe(false);
      expect(await store.get('lock:gone')).toBeNull();
    });

    it('of concurrent releases and renewals, only the holder’s act', async () => {
      expect(await store.claim('lock:race', 60_000, 'holder')).toBe(true);
      const tokens = ['holder', ...Array.from({ length: 9 }, (_, i) => `other-${i}`)];
      const renewed = await Promise.all(tokens.map((t) => store.renew('lock:race', t, 60_000)));
      expect(renewed).toEqual([true, ...Array.from({ length: 9 }, () => false)]);
      const released = await Promise.all(tokens.reverse().map((t) => store.release('lock:race', t)));
      expect(released.filter(Boolean)).toHaveLength(1);
      expect(released.at(-1)).toBe(true);
      expect(await store.get('lock:race')).toBeNull();
    });

    it('values expire, and take() hands a value out only once', async () => {
      await store.set('token:x', 'value', 60_000);
      expect(await store.get('token:x')).toBe('value');
      const taken = await Promise.all([store.take('token:x'), store.take('token:x')]);
      expect(taken.filter((v) => v === 'value')).toHaveLength(1);
      expect(await store.get('token:x')).toBeNull();
      await store.set('token:y', 'short', 20);
      await expect.poll(() => store.get('token:y'), { interval: 10, timeout: 2000 }).toBeNull();
      await store.set('token:z', 'v', 60_000);
      await store.del('token:z');
      expect(await store.get('token:z')).toBeNull();
      expect(await store.ping()).toBe(true);
    });
  });
}
