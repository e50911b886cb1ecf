import type { AdminStatus } from '@messenger/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { actors, type Actor, type TestApp } from '../test/harness.ts';
import { collect, next, ping, realtimeSuite, type ClientSocket } from '../test/sockets.ts';

/** Subscribes a socket to the live status; the ack as the server answered it. */
const subscribe = (s: ClientSocket) => s.timeout(5000).emitWithAck('admin:status:subscribe', {});
/** Resolves once `s` has received `n` more pushes. */
const pushes = (s: ClientSocket, n: number) => {
  let seen = 0;
  return next(s, 'admin:status', () => ++seen >= n);
};

describe('ADMIN-4: the live server status over the socket (real sockets)', () => {
  const rt = realtimeSuite({ build: { liveStatusMs: 40 } });
  let t: TestApp;
  let admin: Actor;
  let member: Actor;
  let other: Actor;
  let roomId: string;
  beforeAll(async () => {
    t = rt.app;
    // The first account of the server is its admin.
    [admin, member, other] = (await actors(t, 'root', 'member', 'other')) as [Actor, Actor, Actor];
    roomId = await rt.group(member, [other]);
  });

  it('ADMIN-4: a subscribed admin gets the snapshot in the ack, then pushes whose messages per minute rise as people post', async () => {
    const s = await rt.sock(admin);
    const sm = await rt.sock(member);
    const ack = await subscribe(s);
    if (!ack.ok) throw new Error(ack.error.code);
    expect(ack.data).toMatchObject({
      database: 'sqlite',
      redis: false,
      live: {
        connections: { people: 2, sockets: 2, scope: 'cluster' },
        health: { database: { kind: 'sqlite', ok: true }, stateStore: { kind: 'memory', ok: true } },
        scanQueue: 0,
      },
      history: [],
    });
    const live = ack.data.live;
    expect(live.rooms).toBeGreaterThanOrEqual(1);
    expect(live.databaseBytes).toBeGreaterThan(0);
    expect(live.memory.rssBytes).toBeGreaterThan(live.memory.heapUsedBytes);
    expect(live.uptimeSeconds).toBeGreaterThanOrEqual(0);

    // The event loop is measured while someone watches.
    const pushed = await next(s, 'admin:status', (p) => p.live.eventLoop !== null);
    expect(Object.keys(pushed.live).sort()).toEqual(Object.keys(live).sort());
    expect(pushed.live.eventLoop!.p99Ms).toBeGreaterThanOrEqual(pushed.live.eventLoop!.meanMs);
    const before = pushed.live.messagesPerMinute;
    for (const body of ['하나', '둘', '셋'])
      await member.client.request('POST', `/api/rooms/${roomId}/messages`, { body });
    const risen = await next(s, 'admin:status', (p) => p.live.messagesPerMinute >= before + 3);
    expect(risen.live.messagesPerMinute).toBe(before + 3);
    // Someone else connecting shows in the next figures.
    const so = await rt.sock(other);
    const more = await next(s, 'admin:status', (p) => p.live.connections.people === 3);
    expect(more.live.connections.sockets).toBe(3);
    so.disconnect();
    sm.disconnect();
    await s.timeout(5000).emitWithAck('admin:status:unsubscribe', {});
  });

  it('ADMIN-4: a member who is not a server admin is refused with admin.required and hears no status', async () => {
    const watcher = await rt.sock(admin);
    const sm = await rt.sock(member);
    const heard = collect(sm, 'admin:status');
    expect(await subscribe(sm)).toMatchObject({ ok: false, error: { code: 'admin.required' } });
    expect((await subscribe(watcher)).ok).toBe(true);
    await pushes(watcher, 2);
    await ping(sm);
    expect(heard).toEqual([]);
    await watcher.timeout(5000).emitWithAck('admin:status:unsubscribe', {});
  });

  it('ADMIN-4: after unsubscribe a socket receives no more pushes while another admin socket still does', async () => {
    const [a, b] = [await rt.sock(admin), await rt.sock(admin)];
    expect((await subscribe(a)).ok).toBe(true);
    expect((await subscribe(b)).ok).toBe(true);
    await next(a, 'admin:status');
    expect(await a.timeout(5000).emitWithAck('admin:status:unsubscribe', {})).toEqual({
      ok: true,
      data: null,
    });
    const heard = collect(a, 'admin:status');
    await pushes(b, 2);
    await ping(a);
    expect(heard).toEqual([]);
    await b.timeout(5000).emitWithAck('admin:status:unsubscribe', {});
  });

  it('ADMIN-4, ACCT-5: an admin whose role is removed stops receiving the status at once and cannot subscribe again', async () => {
    expect(
      (await admin.client.request('POST', `/api/admin/users/${other.id}/admin`, { admin: true })).statusCode,
    ).toBe(200);
    const [watcher, so] = [await rt.sock(admin), await rt.sock(other)];
    expect((await subscribe(so)).ok).toBe(true);
    expect((await subscribe(watcher)).ok).toBe(true);
    await next(so, 'admin:status');
    await admin.client.request('POST', `/api/admin/users/${other.id}/admin`, { admin: false });
    const heard = collect(so, 'admin:status');
    await pushes(watcher, 2);
    await ping(so);
    expect(heard).toEqual([]);
    expect(await subscribe(so)).toMatchObject({ ok: false, error: { code: 'admin.required' } });
    await watcher.timeout(5000).emitWithAck('admin:status:unsubscribe', {});
  });

  it('ADMIN-4: GET /api/admin/status carries the same figures, and the minute points of the chart', async () => {
    await t.services.liveStatus.recordMinute();
    const res = await admin.client.request('GET', '/api/admin/status');
    expect(res.statusCode).toBe(200);
    const status = res.json() as AdminStatus;
    expect(status.live.health.database.ok).toBe(true);
    expect(status.history).toHaveLength(1);
    expect(status.history[0]!.messages).toBeGreaterThanOrEqual(3);
    expect(status.history[0]).toMatchObject({ people: expect.any(Number), sockets: expect.any(Number) });
  });
});
