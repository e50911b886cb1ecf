import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { AdminStatus } from '@messenger/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStateStore } from '../state/redis-state-store.ts';
import { REDIS_URL, sqliteDatabase, type TestDatabase } from '../test/databases.ts';
import { actors, startTestApp, type TestApp } from '../test/harness.ts';
import { openSocket } from '../test/sockets.ts';

describe.skipIf(!REDIS_URL)('ADMIN-4 across processes (Redis)', () => {
  const database: TestDatabase = sqliteDatabase();
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { REDIS_URL: REDIS_URL! };
    // Both "processes" share one key prefix, unique to this run, so the message counts start from zero.
    const prefix = `mx-test:${randomBytes(4).toString('hex')}:`;
    a = await startTestApp({ database, env, build: { store: new RedisStateStore(REDIS_URL!, prefix) } });
    b = await startTestApp({ database, env, build: { store: new RedisStateStore(REDIS_URL!, prefix) } });
    await b.http.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await database.dispose();
  });

  it('ADMIN-4: one process counts the people connected to another and the messages posted through it', async () => {
    const [admin, member] = await actors(a, 'root', 'member');
    const url = `http://127.0.0.1:${(b.http.server.address() as AddressInfo).port}`;
    const socket = await openSocket(url, member!.client);
    try {
      const roomId = (
        await member!.client.request('POST', '/api/rooms', { kind: 'group', name: 'b', memberIds: [] })
      ).json().room.id as string;
      // Posted on process B (its own HTTP handler), counted on A.
      const bClient = b.client();
      await bClient.login(member!.username, 'password123');
      await bClient.request('POST', `/api/rooms/${roomId}/messages`, { body: '다른 프로세스' });
      const status = async () =>
        ((await admin!.client.request('GET', '/api/admin/status')).json() as AdminStatus).live;
      // The count is noted after the reply, without delaying it, and written within a second: it lands a
      // moment later.
      await expect
        .poll(async () => (await status()).messagesPerMinute, { interval: 100, timeout: 5000 })
        .toBe(1);
      const live = await status();
      expect(live.connections).toEqual({ people: 1, sockets: 1, scope: 'cluster' });
      expect(live.health.stateStore).toEqual({ kind: 'redis', ok: true });
    } finally {
      socket.disconnect();
      // The disconnect's presence and connection writes reach Redis before the apps close their clients
      // (a write after that is refused: "Connection is closed").
      await expect
        .poll(
          async () =>
            ((await admin!.client.request('GET', '/api/admin/status')).json() as AdminStatus).live.connections
              .sockets,
          { interval: 100, timeout: 5000 },
        )
        .toBe(0);
    }
  });
});
