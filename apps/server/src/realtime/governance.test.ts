import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { actors, type Actor, type TestApp } from '../test/harness.ts';
import { collect, next, openSocket, ping, realtimeSuite, type ClientSocket } from '../test/sockets.ts';

describe('room administration and accounts in real time (real sockets)', () => {
  const rt = realtimeSuite();
  let t: TestApp;
  let url: string;
  beforeAll(() => {
    ({ app: t, url } = rt);
  });
  const sock = rt.sock;
  const group = (owner: Actor, members: Actor[]) => rt.group(owner, members, '운영팀');
  const gone = (s: ClientSocket) => new Promise<void>((resolve) => s.once('disconnect', () => resolve()));

  it('ADM-1: a settings change reaches every member as room:changed with every field; outsiders hear nothing', async () => {
    const [o, m, outsider] = await actors(t, 'owner', 'member', 'outsider');
    const roomId = await group(o!, [m!]);
    const [sm, so] = [await sock(m!), await sock(outsider!)];
    const outsiderSaw = collect(so, 'room:changed');
    const changed = next(sm, 'room:changed', (p) => p.roomId === roomId && p.postPolicy === 'admins');
    const res = await o!.client.request('PATCH', `/api/rooms/${roomId}`, {
      description: '주간 공지',
      postPolicy: 'admins',
      invitePolicy: 'everyone',
    });
    expect(res.statusCode).toBe(200);
    expect(await changed).toEqual({
      roomId,
      name: '운영팀',
      description: '주간 공지',
      memberCount: 2,
      imageUrl: null,
      invitePolicy: 'everyone',
      postPolicy: 'admins',
      archivedAt: null,
    });
    await ping(so);
    expect(outsiderSaw).toEqual([]);
  });

  it('ADM-4: a member’s message:send in an admins-only room is refused with room.post_forbidden', async () => {
    const [o, m] = await actors(t, 'owner', 'member');
    const roomId = await group(o!, [m!]);
    await o!.client.request('PATCH', `/api/rooms/${roomId}`, { postPolicy: 'admins' });
    const [sm, sOwner] = [await sock(m!), await sock(o!)];
    const ack = await sm.timeout(5000).emitWithAck('message:send', { id: uuidv7(), roomId, body: '질문' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'room.post_forbidden' } });
    const ok = await sOwner.timeout(5000).emitWithAck('message:send', { id: uuidv7(), roomId, body: '공지' });
    expect(ok.ok).toBe(true);
  });

  it('ADM-5, ROOM-8: a kicked member loses the room at once: told, then hears nothing and cannot send', async () => {
    const [o, m] = await actors(t, 'owner', 'member');
    const roomId = await group(o!, [m!]);
    const sm = await sock(m!);
    const removed = next(sm, 'room:removed', (p) => p.roomId === roomId);
    await o!.client.request('DELETE', `/api/rooms/${roomId}/members/${m!.id}`);
    expect(await removed).toEqual({ roomId, reason: 'kicked' });
    const after = collect(sm, 'message:created');
    await o!.client.request('POST', `/api/rooms/${roomId}/messages`, { id: uuidv7(), body: '비밀' });
    const ack = await sm.timeout(5000).emitWithAck('message:send', { id: uuidv7(), roomId, body: '저요' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'room.not_member' } });
    await ping(sm);
    expect(after).toEqual([]);
  });

  it('ACCT-1, ACCT-3: deleting an account ends its sockets at once; others see a deleted user and a closed DM', async () => {
    const [u, peer, owner] = await actors(t, 'leaver', 'peer', 'owner');
    const roomId = await group(owner!, [u!, peer!]);
    const dm = (await peer!.client.request('POST', '/api/rooms', { kind: 'direct', userId: u!.id })).json()
      .room.id as string;
    const [su1, su2, sp] = [await sock(u!), await sock(u!), await sock(peer!)];
    const revoked = [next(su1, 'session:revoked'), next(su2, 'session:revoked')];
    const disconnected = [gone(su1), gone(su2)];
    const updated = next(sp, 'user:updated', (p) => p.user.id === u!.id);
    const closed = next(sp, 'room:changed', (p) => p.roomId === dm && p.postPolicy === 'closed');
    const members = next(sp, 'room:members', (p) => p.roomId === roomId);
    const res = await u!.client.request('DELETE', '/api/me', { password: 'password123' });
    expect(res.statusCode).toBe(200);
    for (const r of await Promise.all(revoked))
      expect(r).toEqual({ reason: 'account_deleted', code: 'auth.session_revoked' });
    await Promise.all(disconnected);
    expect((await updated).user).toMatchObject({ id: u!.id, deleted: true, nickname: '' });
    expect((await closed).postPolicy).toBe('closed');
    expect((await members).members.map((m) => m.user.id)).not.toContain(u!.id);
  });

  it('ACCT-4: deactivation ends the user’s sockets with auth.account_deactivated', async () => {
    const [admin] = await actors(t, 'admin');
    await t.db.kysely.updateTable('users').set({ is_admin: 1 }).where('id', '=', admin!.id).execute();
    const [u] = await actors(t, 'user');
    const su = await sock(u!);
    const revoked = next(su, 'session:revoked');
    const disconnected = gone(su);
    await admin!.client.request('POST', `/api/admin/users/${u!.id}/deactivate`);
    expect(await revoked).toEqual({ reason: 'deactivated', code: 'auth.account_deactivated' });
    await disconnected;
    await expect(openSocket(url, u!.client)).rejects.toMatchObject({
      data: { code: 'auth.session_revoked' },
    });
  });
});
