import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { actors, startTestApp, type Actor, type TestApp } from '../test/harness.ts';
import { collect, next, ping, realtimeSuite } from '../test/sockets.ts';

describe('conversations in real time (real sockets)', () => {
  const rt = realtimeSuite({ env: { RATE_LIMIT_MESSAGE: '1000/min' } });
  let t: TestApp;
  beforeAll(() => {
    t = rt.app;
  });
  const sock = rt.sock;
  const group = (owner: Actor, members: Actor[]) => rt.group(owner, members);

  it('MSG-1, RT-2: the ack comes after the commit, and every member (not outsiders) receives the message', async () => {
    const [a, b, outsider] = await actors(t, 'a', 'b', 'outsider');
    const roomId = await group(a!, [b!]);
    const [sa, sb, so] = [await sock(a!), await sock(b!), await sock(outsider!)];
    const outsiderSaw = collect(so, 'message:created');
    const received = next(
      sb,
      'message:created',
      (p) => p.message.roomId === roomId && p.message.kind === 'text',
    );
    const id = uuidv7();
    const ack = await sa.timeout(5000).emitWithAck('message:send', { id, roomId, body: '안녕하세요 👋' });
    expect(ack.ok).toBe(true);
    // Committed before the ack: the row is there.
    const row = await t.db.kysely
      .selectFrom('messages')
      .select(['seq', 'body'])
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row?.body).toBe('안녕하세요 👋');
    const got = await received;
    expect(got.message).toMatchObject({ id, body: '안녕하세요 👋', sender: { id: a!.id } });
    if (ack.ok) expect(ack.data.message).toEqual(got.message);
    await ping(sb);
    expect(outsiderSaw).toEqual([]);
  });

  it('MSG-1: a retried send (same id) is acknowledged with the same message and delivered once', async () => {
    const [a, b] = await actors(t, 'a', 'b');
    const roomId = await group(a!, [b!]);
    const [sa, sb] = [await sock(a!), await sock(b!)];
    const seen = collect(sb, 'message:created');
    const id = uuidv7();
    const [r1, r2] = await Promise.all([
      sa.timeout(5000).emitWithAck('message:send', { id, roomId, body: 'once' }),
      sa.timeout(5000).emitWithAck('message:send', { id, roomId, body: 'once' }),
    ]);
    expect(r1.ok && r2.ok).toBe(true);
    if (r1.ok && r2.ok) expect(r1.data.message.seq).toBe(r2.data.message.seq);
    await ping(sb);
    await expect.poll(() => seen.filter((p) => p.message.id === id).length).toBe(1);
    expect(await t.db.kysely.selectFrom('messages').select('id').where('id', '=', id).execute()).toHaveLength(
      1,
    );
  });

  it('MSG-1: concurrent senders get strictly increasing sequences, received in order by everyone', async () => {
    const [a, b, c] = await actors(t, 'a', 'b', 'c');
    const roomId = await group(a!, [b!, c!]);
    const sockets = [await sock(a!), await sock(b!), await sock(c!)];
    const seen = collect(sockets[2]!, 'message:created');
    const acks = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        sockets[i % 2]!.timeout(5000).emitWithAck('message:send', { id: uuidv7(), roomId, body: `n${i}` }),
      ),
    );
    const seqs = acks.map((r) => (r.ok ? r.data.message.seq : -1)).sort((x, y) => x - y);
    expect(new Set(seqs).size).toBe(60);
    expect(seqs[59]! - seqs[0]!).toBe(59); // dense: no gaps
    await expect
      .poll(() => seen.filter((p) => p.message.roomId === roomId && p.message.kind === 'text').length)
      .toBe(60);
    const order = seen
      .filter((p) => p.message.roomId === roomId && p.message.kind === 'text')
      .map((p) => p.message.seq);
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it('errors come back in the ack with a code: not a member, too long, bad payload', async () => {
    const [a, b] = await actors(t, 'a', 'b');
    const roomId = await group(b!, []);
    const sa = await sock(a!);
    const notMember = await sa
      .timeout(5000)
      .emitWithAck('message:send', { id: uuidv7(), roomId, body: 'let me in' });
    expect(notMember).toMatchObject({ ok: false, error: { code: 'room.not_member' } });
    const tooLong = await sa
      .timeout(5000)
      .emitWithAck('message:send', { id: uuidv7(), roomId, body: 'x'.repeat(10_001) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'message.too_long' } });
    const bad = await sa
      .timeout(5000)
      .emitWithAck('message:send', { id: 'not-a-uuid', roomId, body: 'x' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'request.invalid_body' } });
  });

  it('ROOM-8: a kicked member stops receiving at once and is told', async () => {
    const [a, b, c] = await actors(t, 'a', 'b', 'c');
    const roomId = await group(a!, [b!, c!]);
    const [sa, sb, sc] = [await sock(a!), await sock(b!), await sock(c!)];
    const bSaw = collect(sb, 'message:created');
    const removed = next(sb, 'room:removed');
    await a!.client.request('DELETE', `/api/rooms/${roomId}/members/${b!.id}`);
    expect(await removed).toEqual({ roomId, reason: 'kicked' });
    const cGot = next(sc, 'message:created', (p) => p.message.body === 'after kick');
    await sa.timeout(5000).emitWithAck('message:send', { id: uuidv7(), roomId, body: 'after kick' });
    await cGot;
    await ping(sb);
    expect(bSaw.map((p) => p.message.body)).not.toContain('after kick');
    const retry = await sb
      .timeout(5000)
      .emitWithAck('message:send', { id: uuidv7(), roomId, body: 'still here?' });
    expect(retry).toMatchObject({ ok: false, error: { code: 'room.not_member' } });
  });

  it('ROOM-2: an invited user’s open sockets join the room at once', async () => {
    const [a, b] = await actors(t, 'a', 'b');
    const roomId = await group(a!, []);
    const sb = await sock(b!);
    const added = next(sb, 'room:added');
    await a!.client.request('POST', `/api/rooms/${roomId}/members`, { userIds: [b!.id] });
    expect((await added).room).toMatchObject({ id: roomId, myRole: 'member' });
    const got = next(sb, 'message:created', (p) => p.message.body === 'welcome');
    await a!.client.request('POST', `/api/rooms/${roomId}/messages`, { body: 'welcome' });
    expect((await got).message.body).toBe('welcome');
  });

  it('RT-3: after a disconnect the client resumes from its revision: no gap, no duplicate, edits included', async () => {
    const [a, b] = await actors(t, 'a', 'b');
    const roomId = await group(a!, [b!]);
    const sb = await sock(b!);
    const m1 = (await a!.client.request('POST', `/api/rooms/${roomId}/messages`, { body: 'before' })).json()
      .message;
    const seen = await next(sb, 'message:created', (p) => p.message.id === m1.id);
    const knownRev = seen.message.rev;
    sb.disconnect();
    const m2 = (
      await a!.client.request('POST', `/api/rooms/${roomId}/messages`, { body: 'while away 1' })
    ).json().message;
    await a!.client.request('PUT', `/api/messages/${m1.id}`, { body: 'before (edited)' });
    const m3 = (
      await a!.client.request('POST', `/api/rooms/${roomId}/messages`, { body: 'while away 2' })
    ).json().message;
    const back = await sock(b!);
    const res = await back.timeout(5000).emitWithAck('sync', { rooms: [{ roomId, rev: knownRev }] });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const room = res.data.rooms[0]!;
    expect(room.messages.map((m: { body: string }) => m.body)).toEqual([
      'while away 1',
      'before (edited)',
      'while away 2',
    ]);
    expect(room.messages.map((m: { id: string }) => m.id)).toEqual([m2.id, m1.id, m3.id]);
    expect(room.hasMore).toBe(false);
    expect(room.rev).toBe(room.messages.at(-1)!.rev);
    const again = await back.timeout(5000).emitWithAck('sync', { rooms: [{ roomId, rev: room.rev }] });
    expect(again.ok && again.data.rooms[0]!.messages).toEqual([]);
  });

  it('READ-2: watermark moves are pushed to the room in batches', async () => {
    const [a, b] = await actors(t, 'a', 'b');
    const roomId = await group(a!, [b!]);
    const [sa, sb] = [await sock(a!), await sock(b!)];
    const updates = collect(sa, 'read:updated');
    let last = 0;
    for (let i = 0; i < 5; i++) {
      const r = await sa.timeout(5000).emitWithAck('message:send', { id: uuidv7(), roomId, body: `r${i}` });
      if (r.ok) last = r.data.message.seq;
    }
    for (let s = last - 4; s <= last; s++) sb.emit('room:read', { roomId, seq: s });
    await expect
      .poll(() => updates.some((u) => u.reads.some((r) => r.userId === b!.id && r.lastReadSeq === last)))
      .toBe(true);
    const bMoves = updates.flatMap((u) => u.reads.filter((r) => r.userId === b!.id));
    expect(bMoves.length).toBeLessThan(5);
  });

  it('TYPE-1: typing is forwarded to others at most every 3 s and cleared when the typist disconnects', async () => {
    const [a, b] = await actors(t, 'a', 'b');
    const roomId = await group(a!, [b!]);
    const [sa, sb] = [await sock(a!), await sock(b!)];
    const typing = collect(sb, 'typing:updated');
    const mine = collect(sa, 'typing:updated');
    for (let i = 0; i < 5; i++) sa.emit('typing:start', { roomId });
    await expect.poll(() => typing.length).toBe(1);
    expect(typing[0]).toEqual({ roomId, userId: a!.id, typing: true });
    const cleared = next(sb, 'typing:updated', (p) => !p.typing);
    sa.disconnect();
    expect(await cleared).toEqual({ roomId, userId: a!.id, typing: false });
    expect(mine).toEqual([]);
  });

  it('PRES-1: presence goes online, away and offline, only to people who share a room', async () => {
    const [a, b, stranger] = await actors(t, 'a', 'b', 'stranger');
    await group(a!, [b!]);
    const sb = await sock(b!);
    const ss = await sock(stranger!);
    const strangerSaw = collect(ss, 'presence:updated');
    const online = next(sb, 'presence:updated', (p) => p.userId === a!.id && p.presence === 'online');
    const sa1 = await sock(a!);
    await online;
    const sa2 = await sock(a!);
    const away = next(sb, 'presence:updated', (p) => p.userId === a!.id && p.presence === 'away');
    sa1.emit('presence:set', { away: true });
    sa2.emit('presence:set', { away: true, statusMessage: '회의 중' });
    expect(await away).toMatchObject({ presence: 'away' });
    const status = await (await a!.client.request('GET', `/api/presence?userIds=${a!.id}`)).json();
    expect(status.presence[0]).toMatchObject({ presence: 'away', statusMessage: '회의 중' });
    const offline = next(sb, 'presence:updated', (p) => p.userId === a!.id && p.presence === 'offline');
    sa1.disconnect();
    sa2.disconnect();
    await offline;
    await ping(ss);
    expect(strangerSaw.filter((p) => p.userId === a!.id)).toEqual([]);
  });

  it('SEC-3: message sending is rate limited per user', async () => {
    const p = await startTestApp({ env: { RATE_LIMIT_MESSAGE: '3/min' } });
    try {
      const [a] = await actors(p, 'a');
      const roomId = (
        await a!.client.request('POST', '/api/rooms', { kind: 'group', name: 'rl', memberIds: [] })
      ).json().room.id;
      const codes = [];
      for (let i = 0; i < 4; i++)
        codes.push(
          (await a!.client.request('POST', `/api/rooms/${roomId}/messages`, { body: `x${i}` })).statusCode,
        );
      expect(codes).toEqual([200, 200, 200, 429]);
    } finally {
      await p.close();
    }
  });
});
