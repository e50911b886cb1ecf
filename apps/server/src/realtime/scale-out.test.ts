import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { PROTOCOL_VERSION } from '@messenger/shared';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStateStore } from '../state/redis-state-store.ts';
import { REDIS_URL, sqliteDatabase, type TestDatabase } from '../test/databases.ts';
import { startTestApp, type TestApp } from '../test/harness.ts';

describe.skipIf(!REDIS_URL)('AUTH-9, SEC-3 across processes (Redis)', () => {
  const database: TestDatabase = sqliteDatabase();
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { REDIS_URL: REDIS_URL!, RATE_LIMIT_LOGIN: '4/min' };
    // Both "processes" share one key prefix, unique to this run, so reruns start from zero.
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

  it('a logout on one process disconnects the session’s socket held by another process', async () => {
    const c = a.client();
    await c.register(`scale_${Date.now()}`);
    const url = `http://127.0.0.1:${(b.http.server.address() as AddressInfo).port}`;
    const socket = connect(url, {
      transports: ['websocket'],
      extraHeaders: { cookie: c.cookieHeader() },
      auth: { protocolVersion: PROTOCOL_VERSION },
      reconnection: false,
    });
    await new Promise<void>((resolve) => socket.once('server:hello', () => resolve()));
    const revoked = new Promise<{ reason: string }>((resolve) => socket.once('session:revoked', resolve));
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await c.request('POST', '/api/logout'); // handled by process A
    expect(await revoked).toMatchObject({ reason: 'logout' });
    expect(await gone).toBe('io server disconnect');
  });

  it('ACCT-1, ADM-5: an account deletion or a kick on one process reaches sockets held by another', async () => {
    const url = `http://127.0.0.1:${(b.http.server.address() as AddressInfo).port}`;
    const open = (cookie: string) => {
      const s = connect(url, {
        transports: ['websocket'],
        extraHeaders: { cookie },
        auth: { protocolVersion: PROTOCOL_VERSION },
        reconnection: false,
      });
      return new Promise<typeof s>((resolve) => s.once('server:hello', () => resolve(s)));
    };
    const owner = a.client();
    await owner.register(`own_${Date.now()}`);
    const [kicked, leaver] = [a.client(), a.client()];
    const kickedId = (await kicked.register(`kck_${Date.now()}`)).json().user.id as string;
    const leaverId = (await leaver.register(`lvr_${Date.now()}`)).json().user.id as string;
    const roomId = (
      await owner.request('POST', '/api/rooms', {
        kind: 'group',
        name: '분산',
        memberIds: [kickedId, leaverId],
      })
    ).json().room.id as string;
    const [sk, sl] = [await open(kicked.cookieHeader()), await open(leaver.cookieHeader())];
    const removed = new Promise((resolve) => sk.once('room:removed', resolve));
    await owner.request('DELETE', `/api/rooms/${roomId}/members/${kickedId}`); // process A
    expect(await removed).toEqual({ roomId, reason: 'kicked' });
    const revoked = new Promise((resolve) => sl.once('session:revoked', resolve));
    const gone = new Promise<string>((resolve) => sl.once('disconnect', resolve));
    expect((await leaver.request('DELETE', '/api/me', { password: 'password123' })).statusCode).toBe(200);
    expect(await revoked).toEqual({ reason: 'account_deleted', code: 'auth.session_revoked' });
    expect(await gone).toBe('io server disconnect');
    sk.disconnect();
  });

  it('rate limits are counted across processes', async () => {
    const name = `rl_${Date.now()}`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await (i % 2 ? a : b).client().login(name, 'wrong-password')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect((await a.http.inject('/api/config')).json().features.redis).toBe(true);
  });
});
