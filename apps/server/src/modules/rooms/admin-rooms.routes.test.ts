import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';
import { listen, next, openSocket } from '../../test/sockets.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`rooms in the admin console (${kind})`, () => {
    let t: TestApp;
    let admin: Actor;
    beforeAll(async () => {
      t = await startTestApp({ kind });
      // The first account of a server is its administrator.
      [admin] = (await actors(t, 'admin')) as [Actor];
    });
    afterAll(() => t.close());

    async function group(owner: Actor, members: Actor[], name: string) {
      const res = await owner.client.request('POST', '/api/rooms', {
        kind: 'group',
        name,
        memberIds: members.map((m) => m.id),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().room.id as string;
    }
    const post = (a: Actor, roomId: string, body: string) =>
      a.client.request('POST', `/api/rooms/${roomId}/messages`, { id: uuidv7(), body });
    const history = async (a: Actor, roomId: string) =>
      (await a.client.request('GET', `/api/rooms/${roomId}/messages`)).json().messages as { body: string }[];
    const auditActions = async (roomId: string) =>
      (
        (await admin.client.request('GET', `/api/admin/audit?roomId=${roomId}`)).json().entries as {
          action: string;
          actor: { id: string } | null;
          detail: Record<string, unknown>;
        }[]
      ).map((e) => ({ action: e.action, actor: e.actor?.id, detail: e.detail }));

    it('ADMIN-2: only server admins reach the rooms console; everyone else gets 403 admin.required', async () => {
      const [o] = await actors(t, 'owner');
      const id = await group(o!, [], '남의 방');
      for (const [method, url, body] of [
        ['GET', '/api/admin/rooms', undefined],
        ['GET', `/api/admin/rooms/${id}/members`, undefined],
        ['POST', `/api/admin/rooms/${id}/archive`, { archived: true }],
        ['POST', `/api/admin/rooms/${id}/legal-hold`, { hold: true }],
        ['PUT', `/api/admin/rooms/${id}/retention`, { days: 30 }],
        ['DELETE', `/api/admin/rooms/${id}`, undefined],
      ] as const) {
        const res = await o!.client.request(method, url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().code).toBe('admin.required');
      }
      expect((await t.client().request('GET', '/api/admin/rooms')).statusCode).toBe(401);
    });

    it('ADMIN-2: the list has every group and direct room, latest activity first, searchable and paged', async () => {
      const [o, p] = await actors(t, 'owner', 'peer');
      const quiet = await group(o!, [p!], '조용한방_목록');
      const busy = await group(o!, [p!], '바쁜방_목록');
      const direct = (await o!.client.request('POST', '/api/rooms', { kind: 'direct', userId: p!.id })).json()
        .room.id as string;
      expect((await post(o!, busy, '안녕')).statusCode).toBe(200);
      expect((await post(p!, direct, '1:1 안녕')).statusCode).toBe(200);

      const found = (await admin.client.request('GET', '/api/admin/rooms?q=_목록')).json();
      expect(found.rooms.map((r: { id: string }) => r.id)).toEqual([busy, quiet]);
      expect(found.rooms[0]).toMatchObject({
        kind: 'group',
        name: '바쁜방_목록',
        memberCount: 2,
        archivedAt: null,
        legalHold: false,
        retentionDays: null,
        people: [],
      });
      expect(found.rooms[0].lastSeq).toBeGreaterThan(found.rooms[1].lastSeq);

      // A direct room is found by either person's name and shows both.
      const byPeer = (await admin.client.request('GET', `/api/admin/rooms?q=${p!.username}`)).json().rooms;
      expect(byPeer).toHaveLength(1);
      expect(byPeer[0]).toMatchObject({ id: direct, kind: 'direct', name: null, memberCount: 2 });
      expect(byPeer[0].people.map((u: { id: string }) => u.id).sort()).toEqual([o!.id, p!.id].sort());

      // Pages by cursor cover the list once, in order.
      const first = (await admin.client.request('GET', '/api/admin/rooms?q=_목록&limit=1')).json();
      expect(first.rooms.map((r: { id: string }) => r.id)).toEqual([busy]);
      const second = (
        await admin.client.request('GET', `/api/admin/rooms?q=_목록&limit=1&cursor=${first.nextCursor}`)
      ).json();
      expect(second.rooms.map((r: { id: string }) => r.id)).toEqual([quiet]);
      expect(second.nextCursor).toBeNull();

      for (const query of ['limit=0', 'limit=201', 'cursor=nonsense'])
        expect((await admin.client.request('GET', `/api/admin/rooms?${query}`)).json().code).toBe(
          'request.invalid_query',
        );

      const members = (await admin.client.request('GET', `/api/admin/rooms/${quiet}/members`)).json().members;
      expect(members.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role])).toEqual([
        [o!.id, 'owner'],
        [p!.id, 'member'],
      ]);
      expect(typeof members[0].joinedAt).toBe('string');
      const missing = await admin.client.request('GET', `/api/admin/rooms/${uuidv7()}/members`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('room.not_found');
    });

    it('ADMIN-2: an archived room refuses every write with room.archived, is still read and searched, and members hear it live', async () => {
      const [o, m] = await actors(t, 'owner', 'member');
      const id = await group(o!, [m!], '보관할방');
      const kept = (await post(m!, id, '보관 전 검색어하나')).json().message as { id: string };
      const url = await listen(t);
      const socket = await openSocket(url, m!.client);
      try {
        const changed = next(socket, 'room:changed', (c) => c.roomId === id && c.archivedAt !== null);
        const res = await admin.client.request('POST', `/api/admin/rooms/${id}/archive`, { archived: true });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().room.archivedAt).not.toBeNull();
        expect((await changed).archivedAt).toBe(res.json().room.archivedAt);
        // The socket send is refused the same way as the HTTP one.
        const ack = await socket
          .timeout(5000)
          .emitWithAck('message:send', { roomId: id, id: uuidv7(), body: '소켓' });
        expect(ack).toMatchObject({ ok: false, error: { code: 'room.archived' } });
      } finally {
        socket.disconnect();
      }
      const summary = (await m!.client.request('GET', `/api/rooms/${id}`)).json().room;
      expect(summary.archivedAt).not.toBeNull();

      const refused = await post(m!, id, '보관 후');
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'room.archived', error: expect.any(String) });
      for (const [who, method, path, body] of [
        [m!, 'PUT', `/api/messages/${kept.id}`, { body: '고침' }],
        [m!, 'DELETE', `/api/messages/${kept.id}`, undefined],
        [m!, 'POST', `/api/messages/${kept.id}/reactions`, { emoji: '👍' }],
        [m!, 'POST', `/api/rooms/${id}/polls`, { question: '점심?', options: ['밥', '면'] }],
        [m!, 'POST', `/api/rooms/${id}/pins`, { messageId: kept.id }],
        [o!, 'PATCH', `/api/rooms/${id}`, { description: '바꿈' }],
        [o!, 'POST', `/api/rooms/${id}/members`, { userIds: [admin.id] }],
      ] as const) {
        const r = await who.client.request(method, path, body);
        expect(r.json().code, `${method} ${path}`).toBe('room.archived');
      }
      const upload = await m!.client.upload(
        id,
        'a.png',
        await sharp({ create: { width: 4, height: 4, channels: 3, background: '#36c' } })
          .png()
          .toBuffer(),
      );
      expect(upload.json().code).toBe('room.archived');

      // Reading and search keep working.
      expect((await history(m!, id)).map((x) => x.body)).toContain('보관 전 검색어하나');
      const search = await m!.client.request('GET', `/api/search?q=${encodeURIComponent('검색어하나')}`);
      expect(search.statusCode, search.body).toBe(200);
      expect(JSON.stringify(search.json())).toContain(kept.id);

      // Reopened, the room takes posts again.
      const reopened = await admin.client.request('POST', `/api/admin/rooms/${id}/archive`, {
        archived: false,
      });
      expect(reopened.json().room.archivedAt).toBeNull();
      expect((await post(m!, id, '다시 열림')).statusCode).toBe(200);

      expect(await auditActions(id)).toEqual(
        expect.arrayContaining([
          { action: 'room.archived', actor: admin.id, detail: {} },
          { action: 'room.unarchived', actor: admin.id, detail: {} },
        ]),
      );
    });

    it('ADMIN-2, RET-2: deletion is refused under legal hold; released, the room goes with its files and members hear it', async () => {
      const [o, m] = await actors(t, 'owner', 'member');
      const id = await group(o!, [m!], '보존방');
      const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c63' } })
        .png()
        .toBuffer();
      const up = (await m!.client.upload(id, '증거.png', png)).json();
      const sent = await m!.client.request('POST', `/api/rooms/${id}/messages`, {
        id: uuidv7(),
        body: '파일',
        uploadTokens: [up.uploadToken],
      });
      expect(sent.statusCode, sent.body).toBe(200);
      const fileId = sent.json().message.files[0].id as string;
      const stored = () =>
        existsSync(path.join(t.config.dataDir, 'files', 'objects', fileId.slice(0, 2), fileId));

      const held = await admin.client.request('POST', `/api/admin/rooms/${id}/legal-hold`, { hold: true });
      expect(held.json().room.legalHold).toBe(true);
      const refused = await admin.client.request('DELETE', `/api/admin/rooms/${id}`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'room.legal_hold', error: expect.any(String) });
      expect((await history(m!, id)).map((x) => x.body)).toContain('파일');
      expect(stored()).toBe(true);

      const retention = await admin.client.request('PUT', `/api/admin/rooms/${id}/retention`, { days: 0 });
      expect(retention.json().room.retentionDays).toBe(0);
      for (const days of [-1, 1.5, 'x', 36_501])
        expect(
          (await admin.client.request('PUT', `/api/admin/rooms/${id}/retention`, { days })).json().code,
        ).toBe('request.invalid_body');
      await admin.client.request('PUT', `/api/admin/rooms/${id}/retention`, { days: null });

      await admin.client.request('POST', `/api/admin/rooms/${id}/legal-hold`, { hold: false });
      const url = await listen(t);
      const socket = await openSocket(url, m!.client);
      try {
        const removed = next(socket, 'room:removed', (r) => r.roomId === id);
        const res = await admin.client.request('DELETE', `/api/admin/rooms/${id}`);
        expect(res.statusCode, res.body).toBe(200);
        expect(await removed).toEqual({ roomId: id, reason: 'deleted' });
      } finally {
        socket.disconnect();
      }
      expect((await m!.client.request('GET', `/api/rooms/${id}`)).json().code).toBe('room.not_found');
      expect(
        (await m!.client.request('GET', '/api/rooms')).json().rooms.map((r: { id: string }) => r.id),
      ).not.toContain(id);
      expect(stored()).toBe(false);
      expect((await admin.client.request('DELETE', `/api/admin/rooms/${id}`)).statusCode).toBe(404);

      expect(await auditActions(id)).toEqual([
        {
          action: 'room.deleted',
          actor: admin.id,
          detail: expect.objectContaining({ kind: 'group', name: '보존방', members: 2 }),
        },
        { action: 'room.legal_hold_released', actor: admin.id, detail: {} },
        { action: 'room.retention_changed', actor: admin.id, detail: { from: 0, to: null } },
        { action: 'room.retention_changed', actor: admin.id, detail: { from: null, to: 0 } },
        { action: 'room.legal_hold_set', actor: admin.id, detail: {} },
      ]);
    });
  });
}
