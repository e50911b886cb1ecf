import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`rooms and membership (${kind})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ kind });
    });
    afterAll(() => t.close());

    async function group(owner: Actor, members: Actor[], name = '주간회의') {
      const res = await owner.client.request('POST', '/api/rooms', {
        kind: 'group',
        name,
        memberIds: members.map((m) => m.id),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { room: { id: string }; members: { user: { id: string }; role: string }[] };
    }
    const history = async (a: Actor, roomId: string) =>
      (await a.client.request('GET', `/api/rooms/${roomId}/messages`)).json().messages as {
        kind: string;
        system: { type: string } | null;
        body: string;
        id: string;
      }[];

    it('ROOM-1: one direct room per pair; asking again, from either side, returns it', async () => {
      const [a, b] = await actors(t, 'alice', 'bob');
      const first = await a!.client.request('POST', '/api/rooms', { kind: 'direct', userId: b!.id });
      expect(first.statusCode).toBe(200);
      const room = first.json().room;
      expect(room).toMatchObject({
        kind: 'direct',
        name: null,
        memberCount: 2,
        peer: { id: b!.id, nickname: 'bob' },
      });
      const again = await a!.client.request('POST', '/api/rooms', { kind: 'direct', userId: b!.id });
      const reverse = await b!.client.request('POST', '/api/rooms', { kind: 'direct', userId: a!.id });
      expect(again.json().room.id).toBe(room.id);
      expect(reverse.json().room.id).toBe(room.id);
      expect(reverse.json().room.peer.id).toBe(a!.id);
      expect(
        (await a!.client.request('POST', '/api/rooms', { kind: 'direct', userId: a!.id })).json().code,
      ).toBe('room.self_direct');
      expect(
        (await a!.client.request('POST', '/api/rooms', { kind: 'direct', userId: 'nobody' })).json().code,
      ).toBe('user.not_found');
    });

    it('ROOM-2, ROOM-6: a group has its creator as owner, and a system message that users cannot edit or delete', async () => {
      const [o, m1, m2] = await actors(t, 'owner', 'm1', 'm2');
      const g = await group(o!, [m1!, m2!], '  주간 회의  ');
      expect(g.members.map((m) => [m.user.id, m.role])).toEqual([
        [o!.id, 'owner'],
        [m1!.id, 'member'],
        [m2!.id, 'member'],
      ]);
      const msgs = await history(m1!, g.room.id);
      expect(msgs).toHaveLength(1);
      expect(msgs[0]).toMatchObject({
        kind: 'system',
        system: {
          type: 'room_created',
          actor: { id: o!.id, nickname: 'owner' },
          targets: [
            { id: m1!.id, nickname: 'm1' },
            { id: m2!.id, nickname: 'm2' },
          ],
          value: '주간 회의',
        },
      });
      for (const actor of [o!, m1!]) {
        expect(
          (await actor.client.request('PUT', `/api/messages/${msgs[0]!.id}`, { body: 'hacked' })).json().code,
        ).toBe('message.system_immutable');
        expect((await actor.client.request('DELETE', `/api/messages/${msgs[0]!.id}`)).json().code).toBe(
          'message.system_immutable',
        );
      }
    });

    it('ROOM-3: admins invite several at once, kick and rename; members cannot', async () => {
      const [o, m1, m2, m3] = await actors(t, 'owner', 'm1', 'm2', 'm3');
      const g = await group(o!, [m1!]);
      const id = g.room.id;
      expect(
        (await m1!.client.request('POST', `/api/rooms/${id}/members`, { userIds: [m2!.id] })).json().code,
      ).toBe('room.admin_required');
      const inv = await o!.client.request('POST', `/api/rooms/${id}/members`, {
        userIds: [m2!.id, m3!.id, m1!.id],
      });
      expect(inv.json().members).toHaveLength(4);
      expect((await m1!.client.request('DELETE', `/api/rooms/${id}/members/${m2!.id}`)).json().code).toBe(
        'room.admin_required',
      );
      expect((await m1!.client.request('PUT', `/api/rooms/${id}/name`, { name: 'x' })).json().code).toBe(
        'room.admin_required',
      );
      expect((await o!.client.request('DELETE', `/api/rooms/${id}/members/${m2!.id}`)).statusCode).toBe(200);
      expect((await m2!.client.request('GET', `/api/rooms/${id}/messages`)).json().code).toBe(
        'room.not_member',
      );
      expect((await o!.client.request('PUT', `/api/rooms/${id}/name`, { name: '새 이름' })).statusCode).toBe(
        200,
      );
      const types = (await history(o!, id)).map((m) => m.system?.type);
      expect(types).toEqual(['room_created', 'joined', 'kicked', 'renamed']);
      expect((await m1!.client.request('GET', `/api/rooms/${id}`)).json().room.name).toBe('새 이름');
    });

    it('ROOM-3: every room-scoped action refuses a non-member', async () => {
      const [o, m1, outsider] = await actors(t, 'owner', 'm1', 'outsider');
      const g = await group(o!, [m1!]);
      const id = g.room.id;
      const msg = (
        await o!.client.request('POST', `/api/rooms/${id}/messages`, { body: 'secret plan' })
      ).json().message;
      const calls: [string, string, unknown?][] = [
        ['GET', `/api/rooms/${id}`],
        ['GET', `/api/rooms/${id}/messages`],
        ['POST', `/api/rooms/${id}/messages`, { body: 'hi' }],
        ['POST', `/api/rooms/${id}/members`, { userIds: [outsider!.id] }],
        ['DELETE', `/api/rooms/${id}/members/${m1!.id}`],
        ['POST', `/api/rooms/${id}/leave`],
        ['PUT', `/api/rooms/${id}/name`, { name: 'mine now' }],
        ['PUT', `/api/rooms/${id}/members/${m1!.id}/role`, { role: 'admin' }],
        ['POST', `/api/rooms/${id}/transfer`, { userId: outsider!.id }],
        ['PUT', `/api/rooms/${id}/settings`, { pinned: true }],
        ['POST', `/api/rooms/${id}/read`, { seq: 5 }],
        ['PUT', `/api/messages/${msg.id}`, { body: 'edit' }],
        ['DELETE', `/api/messages/${msg.id}`],
        ['GET', `/api/messages/${msg.id}/reactions`],
        ['POST', `/api/messages/${msg.id}/reactions`, { emoji: '👍' }],
        ['GET', `/api/messages/${msg.id}/readers`],
      ];
      for (const [method, url, body] of calls) {
        const res = await outsider!.client.request(method as 'GET', url, body);
        expect([403, 404], `${method} ${url}`).toContain(res.statusCode);
        expect(['room.not_member', 'message.not_found'], `${method} ${url}`).toContain(res.json().code);
        expect(res.body).not.toContain('secret plan');
      }
      expect((await o!.client.request('GET', `/api/rooms/${id}`)).json().members).toHaveLength(2);
      expect((await history(o!, id)).at(-1)!.body).toBe('secret plan');
    });

    it('ROOM-4: the owner promotes, demotes and transfers ownership; an admin cannot kick another admin', async () => {
      const [o, a1, a2] = await actors(t, 'owner', 'a1', 'a2');
      const id = (await group(o!, [a1!, a2!])).room.id;
      expect(
        (await a1!.client.request('PUT', `/api/rooms/${id}/members/${a2!.id}/role`, { role: 'admin' })).json()
          .code,
      ).toBe('room.owner_required');
      await o!.client.request('PUT', `/api/rooms/${id}/members/${a1!.id}/role`, { role: 'admin' });
      await o!.client.request('PUT', `/api/rooms/${id}/members/${a2!.id}/role`, { role: 'admin' });
      expect((await a1!.client.request('DELETE', `/api/rooms/${id}/members/${a2!.id}`)).json().code).toBe(
        'room.owner_required',
      );
      expect((await a1!.client.request('DELETE', `/api/rooms/${id}/members/${o!.id}`)).json().code).toBe(
        'room.cannot_target_owner',
      );
      const t2 = await o!.client.request('POST', `/api/rooms/${id}/transfer`, { userId: a2!.id });
      const roles = Object.fromEntries(
        t2.json().members.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role]),
      );
      expect(roles).toEqual({ [o!.id]: 'admin', [a1!.id]: 'admin', [a2!.id]: 'owner' });
      const demoted = await a2!.client.request('PUT', `/api/rooms/${id}/members/${a1!.id}/role`, {
        role: 'member',
      });
      expect(demoted.json().members.find((m: { user: { id: string } }) => m.user.id === a1!.id).role).toBe(
        'member',
      );
    });

    it('ROOM-5: when the owner leaves, the longest-standing admin (else member) becomes owner', async () => {
      const [o, m1, m2, m3] = await actors(t, 'owner', 'm1', 'm2', 'm3');
      const id = (await group(o!, [m1!, m2!, m3!])).room.id;
      await o!.client.request('PUT', `/api/rooms/${id}/members/${m3!.id}/role`, { role: 'admin' });
      expect((await o!.client.request('POST', `/api/rooms/${id}/leave`)).statusCode).toBe(200);
      const members = (await m1!.client.request('GET', `/api/rooms/${id}`)).json().members;
      expect(members.find((m: { role: string }) => m.role === 'owner').user.id).toBe(m3!.id);
      await m3!.client.request('POST', `/api/rooms/${id}/leave`);
      const after = (await m1!.client.request('GET', `/api/rooms/${id}`)).json().members;
      expect(after.find((m: { role: string }) => m.role === 'owner').user.id).toBe(m1!.id);
      expect(
        (await history(m1!, id)).map((m) => m.system?.type).filter((x) => x === 'owner_transferred'),
      ).toHaveLength(2);
    });

    it('ROOM-6: system messages name their people, so a newcomer who never met them reads who did what', async () => {
      const [o, left, kicked, late] = await actors(t, '정우성', '한지민', '오세훈', '윤서연');
      const id = (await group(o!, [left!, kicked!])).room.id;
      await left!.client.request('POST', `/api/rooms/${id}/leave`);
      await o!.client.request('DELETE', `/api/rooms/${id}/members/${kicked!.id}`);
      await o!.client.request('POST', `/api/rooms/${id}/members`, { userIds: [late!.id] });
      await o!.client.request('PUT', `/api/rooms/${id}/name`, { name: '새 이름' });
      // The newcomer's history is all it knows of the room: the names must be in it.
      const seen = (await history(late!, id)).map((m) => m.system);
      const me = { id: o!.id, nickname: '정우성' };
      expect(seen).toEqual([
        {
          type: 'room_created',
          actor: me,
          targets: [
            { id: left!.id, nickname: '한지민' },
            { id: kicked!.id, nickname: '오세훈' },
          ],
          value: '주간회의',
        },
        {
          type: 'left',
          actor: { id: left!.id, nickname: '한지민' },
          targets: [{ id: left!.id, nickname: '한지민' }],
          value: null,
        },
        { type: 'kicked', actor: me, targets: [{ id: kicked!.id, nickname: '오세훈' }], value: null },
        { type: 'joined', actor: me, targets: [{ id: late!.id, nickname: '윤서연' }], value: null },
        { type: 'renamed', actor: me, targets: [], value: '새 이름' },
      ]);
    });

    it('ROOM-7: the room list has unread counts, mention markers, previews; pinned first, then latest activity', async () => {
      const [a, b, c] = await actors(t, 'reader', 'writer', 'third');
      const g1 = (await group(b!, [a!, c!], 'first')).room.id;
      const g2 = (await group(b!, [a!], 'second')).room.id;
      await b!.client.request('POST', `/api/rooms/${g1}/messages`, { body: 'one' });
      await b!.client.request('POST', `/api/rooms/${g1}/messages`, { body: `hey @${a!.username} look` });
      await c!.client.request('POST', `/api/rooms/${g1}/messages`, { body: 'three' });
      await b!.client.request('POST', `/api/rooms/${g2}/messages`, { body: '최신 메시지 <b>&amp;</b>' });
      let rooms = (await a!.client.request('GET', '/api/rooms')).json().rooms;
      expect(rooms.map((r: { id: string }) => r.id)).toEqual([g2, g1]);
      const r1 = rooms.find((r: { id: string }) => r.id === g1);
      expect(r1).toMatchObject({ unreadCount: 3, mentioned: true, memberCount: 3, myRole: 'member' });
      expect(rooms[0].lastMessage).toMatchObject({
        text: '최신 메시지 <b>&amp;</b>',
        senderNickname: 'writer',
      });
      // The writer's own messages are not unread for them.
      expect(
        (await b!.client.request('GET', '/api/rooms')).json().rooms.find((r: { id: string }) => r.id === g1)
          .unreadCount,
      ).toBe(1);

      await a!.client.request('PUT', `/api/rooms/${g1}/settings`, { pinned: true, muted: true });
      await a!.client.request('POST', `/api/rooms/${g1}/read`, { seq: r1.lastSeq });
      rooms = (await a!.client.request('GET', '/api/rooms')).json().rooms;
      expect(rooms[0]).toMatchObject({ id: g1, pinned: true, muted: true, unreadCount: 0, mentioned: false });
    });

    it('the user directory pages and searches by username or Korean nickname', async () => {
      const made = await actors(t, '김철수', '김영희', '박민수');
      const me = made[0]!;
      const res = await me.client.request('GET', `/api/users?q=${encodeURIComponent('김')}&limit=50`);
      const names = res.json().users.map((u: { nickname: string }) => u.nickname);
      expect(names).toContain('김영희');
      expect(names).not.toContain('김철수'); // the caller is left out
      expect(names).not.toContain('박민수');
      const p1 = (await me.client.request('GET', '/api/users?limit=3')).json();
      expect(p1.users.length).toBeLessThanOrEqual(3);
      expect(p1.nextCursor).toBeTruthy();
      const p2 = (await me.client.request('GET', `/api/users?limit=3&cursor=${p1.nextCursor}`)).json();
      const ids1 = p1.users.map((u: { id: string }) => u.id);
      expect(p2.users.every((u: { id: string }) => !ids1.includes(u.id))).toBe(true);
      expect((await me.client.request('GET', '/api/users?q=%25')).json().users).toEqual([]);
      expect((await me.client.request('GET', '/api/users?limit=1000')).statusCode).toBe(400);
    });
  });
}
