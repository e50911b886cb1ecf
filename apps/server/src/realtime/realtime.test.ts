import { describe, expect, it } from 'vitest';
import { REDIS_URL } from '../test/databases.ts';
import { startTestApp } from '../test/harness.ts';

describe.skipIf(!REDIS_URL)('the Socket.IO Redis adapter at shutdown (RT-4)', () => {
  it('RT-4: a publish after the adapter closed is dropped quietly, not a rejection nobody handles that would end the process', async () => {
    const t = await startTestApp({ env: { REDIS_URL: REDIS_URL! } });
    // The client the adapter publishes through (a broadcast, an answer to another process's request): the
    // adapter never handles the promise, so it must not reject.
    const pub = (
      t.io.of('/').adapter as unknown as { pubClient: { publish(c: string, m: string): Promise<number> } }
    ).pubClient;
    expect(await pub.publish('mx-test:nobody', 'while open')).toBe(0);
    await t.close();
    // Late work of a closing process still publishes: the refused publish answers 0 instead of rejecting.
    await expect(pub.publish('mx-test:nobody', 'after close')).resolves.toBe(0);
  });
});
