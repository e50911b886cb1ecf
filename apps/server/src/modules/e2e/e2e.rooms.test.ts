/**
 * End-to-end encrypted rooms in the timeline (SPEC E2E-40..E2E-44): rooms made encrypted, what they refuse,
 * envelopes sent, resent, edited and deleted as ordinary timeline messages, and the nudge of a new device.
 * The server never reads an envelope: the tests send random base64url bytes as one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { E2E_ROOM_MEMBERS_MAX, type RoomSummary } from '@messenger/shared';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, type Actor, type TestApp } from '../../test/harness.ts';
import { fakeDevice, fakeGroup, opaque } from '../../test/e2e-transport.ts';
import { collect, next, ping, realtimeSuite } from '../../test/sockets.ts';
import { unzip } from '../../test/zip.ts';

const fakeIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `nobody_${i}`);

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`E2E rooms in the timeline (${kind})`, () => {
    const rt = realtimeSuite({ kind });
    let t: TestApp;
    let admin: Actor;
    let a: Actor;
    let b: Actor;
    let outsider: Actor;
    beforeAll(async () => {
      t = rt.app;
      // The first account of a server is its administrator.
      [admin, a, b, outsider] = (await actors(t, 'admin', 'anna', 'ben', 'olga')) as [
        Actor,
        Actor,
        Actor,
        Actor,
      ];
    });

    const msk = new Map<string, string>();
    /** Registers a new device of `who` (one master key per user); its id. */
    const device = async (who: Actor): Promise<string> => {
      if (!msk.has(who.id)) msk.set(who.id, opaque(32));
      return fakeDevice(who, msk.get(who.id));
    };
    /** An encrypted group of `owner` and `members` with its MLS group at epoch 0. */
    const e2eRoom = async (owner: Actor, members: Actor[]): Promise<string> => {
      const roomId = await rt.group(owner, members, 'secret', true);
      await fakeGroup(owner, roomId);
      return roomId;
    };
    const send = (who: Actor, roomId: string, body: Record<string, unknown>) =>
      who.client.request('POST', `/api/rooms/${roomId}/e2e/messages`, { id: randomUUID(), ...body });
    const editE2e = (who: Actor, roomId: string, messageId: string, body: Record<string, unknown>) =>
      who.client.request('PUT', `/api/rooms/${roomId}/e2e/messages/${messageId}`, body);
    const roomOf = async (who: Actor, roomId: string): Promise<RoomSummary> => {
      const rooms = (await who.client.request('GET', '/api/rooms')).json().rooms as RoomSummary[];
      return rooms.find((r) => r.id === roomId)!;
    };
    const codeOf = (res: { statusCode: number; json(): { code: string } }) => [
      res.statusCode,
      res.json().code,
    ];

    it('E2E-40: a group is created encrypted for good; its flag is in the answer, the room list, room:added and the admin console', async () => {
      const sb = await rt.sock(b);
      const added = next(sb, 'room:added', (p) => p.room.e2e);
      const created = await a.client.request('POST', '/api/rooms', {
        kind: 'group',
        name: 'secret',
        memberIds: [b.id],
        encrypted: true,
      });
      expect(created.statusCode).toBe(200);
      const roomId = created.json().room.id as string;
      expect(created.json().room.e2e).toBe(true);
      expect((await added).room).toMatchObject({ id: roomId, e2e: true });
      expect((await roomOf(b, roomId)).e2e).toBe(true);
      const plain = await rt.group(a, [b], 'plain');
      expect((await roomOf(a, plain)).e2e).toBe(false);
      const console = await admin.client.request('GET', '/api/admin/rooms?q=secret');
      expect(console.json().rooms.find((r: { id: string }) => r.id === roomId)).toMatchObject({ e2e: true });
      // Nothing in the API turns it off: the settings a manager changes leave the flag alone.
      await a.client.request('PUT', `/api/rooms/${roomId}/name`, { name: 'renamed' });
      expect((await roomOf(a, roomId)).e2e).toBe(true);
    });

    it('E2E-40: the encrypted direct room with someone is a room of its own beside the standard one; each is made once', async () => {
      const [p, q] = (await actors(t, 'pia', 'quinn')) as [Actor, Actor];
      const open = async (who: Actor, peer: Actor, encrypted?: boolean) => {
        const res = await who.client.request('POST', '/api/rooms', {
          kind: 'direct',
          userId: peer.id,
          ...(encrypted === undefined ? {} : { encrypted }),
        });
        expect(res.statusCode).toBe(200);
        return res.json().room as RoomSummary;
      };
      const standard = await open(p, q);
      const secret = await open(p, q, true);
      expect(standard.e2e).toBe(false);
      expect(secret).toMatchObject({ kind: 'direct', e2e: true, peer: { id: q.id } });
      expect(secret.id).not.toBe(standard.id);
      // Either person asking again gets the same room of each kind.
      expect((await open(q, p, true)).id).toBe(secret.id);
      expect((await open(q, p, false)).id).toBe(standard.id);
      expect((await open(p, q, true)).peer?.id).toBe(q.id);
      const listed = (await q.client.request('GET', '/api/rooms')).json().rooms as RoomSummary[];
      expect(listed.filter((r) => r.kind === 'direct').map((r) => [r.e2e, r.peer?.id])).toEqual(
        expect.arrayContaining([
          [true, p.id],
          [false, p.id],
        ]),
      );
      // The admin console names both people of each, and finds the encrypted one by either person.
      const found = await admin.client.request('GET', `/api/admin/rooms?q=${q.username}`);
      const row = found.json().rooms.find((r: { id: string }) => r.id === secret.id);
      expect(row).toMatchObject({ kind: 'direct', e2e: true });
      expect(row.people.map((u: { id: string }) => u.id).sort()).toEqual([p.id, q.id].sort());
      const byFirst = await admin.client.request('GET', `/api/admin/rooms?q=${p.username}`);
      expect(byFirst.json().rooms.map((r: { id: string }) => r.id)).toEqual(
        expect.arrayContaining([secret.id, standard.id]),
      );
    });

    it(`E2E-40: an encrypted room has at most ${E2E_ROOM_MEMBERS_MAX} members, at creation and by invitation`, async () => {
      const create = (memberIds: string[], encrypted: boolean) =>
        a.client.request('POST', '/api/rooms', { kind: 'group', name: 'big', memberIds, encrypted });
      // 100 people with the creator passes the cap (and then fails on the unknown ids); 101 does not.
      expect(codeOf(await create(fakeIds(E2E_ROOM_MEMBERS_MAX - 1), true))).toEqual([404, 'user.not_found']);
      expect(codeOf(await create(fakeIds(E2E_ROOM_MEMBERS_MAX), true))).toEqual([400, 'room.e2e_too_large']);
      expect(codeOf(await create(fakeIds(E2E_ROOM_MEMBERS_MAX), false))).toEqual([404, 'user.not_found']);
      const roomId = await rt.group(a, [b], 'capped', true);
      const invite = (userIds: string[]) =>
        a.client.request('POST', `/api/rooms/${roomId}/members`, { userIds });
      expect(codeOf(await invite(fakeIds(E2E_ROOM_MEMBERS_MAX - 1)))).toEqual([400, 'room.e2e_too_large']);
      expect(codeOf(await invite(fakeIds(E2E_ROOM_MEMBERS_MAX - 2)))).toEqual([404, 'user.not_found']);
      // Already-members do not count twice.
      expect((await invite([b.id])).statusCode).toBe(200);
    });

    it('E2E-41: plaintext posts, plaintext edits, polls, notices and uploads are refused in an encrypted room; reactions are not', async () => {
      const roomId = await e2eRoom(a, [b]);
      const ad = await device(a);
      const sent = (await send(a, roomId, { epoch: 0, deviceId: ad, ciphertext: opaque() })).json().message;
      const post = await a.client.request('POST', `/api/rooms/${roomId}/messages`, {
        id: randomUUID(),
        body: 'hello in clear',
      });
      expect(codeOf(post)).toEqual([400, 'room.e2e_plaintext']);
      const sa = await rt.sock(a);
      const ack = await sa
        .timeout(5000)
        .emitWithAck('message:send', { id: randomUUID(), roomId, body: 'socket in clear' });
      expect(ack).toMatchObject({ ok: false, error: { code: 'room.e2e_plaintext' } });
      const edit = await a.client.request('PUT', `/api/messages/${sent.id}`, { body: 'edited in clear' });
      expect(codeOf(edit)).toEqual([400, 'room.e2e_plaintext']);
      const poll = await a.client.request('POST', `/api/rooms/${roomId}/polls`, {
        question: 'lunch?',
        options: ['yes', 'no'],
      });
      expect(codeOf(poll)).toEqual([400, 'room.e2e_unsupported']);
      const notice = await a.client.request('POST', `/api/rooms/${roomId}/pins`, { body: 'read me' });
      expect(codeOf(notice)).toEqual([400, 'room.e2e_unsupported']);
      const pinned = await a.client.request('POST', `/api/rooms/${roomId}/pins`, { messageId: sent.id });
      expect(codeOf(pinned)).toEqual([400, 'room.e2e_unsupported']);
      expect(codeOf(await a.client.upload(roomId, 'a.txt', Buffer.from('hello')))).toEqual([
        400,
        'room.e2e_unsupported',
      ]);
      // Nothing of those reached the timeline: the room holds its creation line and the one envelope.
      const history = (await b.client.request('GET', `/api/rooms/${roomId}/messages`)).json().messages;
      expect(history.map((m: { kind: string }) => m.kind)).toEqual(['system', 'e2e']);
      // A reaction is metadata like a read receipt: allowed.
      const reacted = await b.client.request('POST', `/api/messages/${sent.id}/reactions`, { emoji: '👍' });
      expect(reacted.statusCode).toBe(200);
      expect(reacted.json().reactions).toEqual([{ emoji: '👍', userIds: [b.id] }]);
      // The other way round: a standard room takes no envelopes.
      const plain = await rt.group(a, [b], 'plain');
      const envelope = await send(a, plain, { epoch: 0, deviceId: ad, ciphertext: opaque() });
      expect(codeOf(envelope)).toEqual([409, 'room.not_e2e']);
    });

    it("E2E-41: search never finds an encrypted room's messages, and the room list previews them without text", async () => {
      const roomId = await e2eRoom(a, [b]);
      const plain = await rt.group(a, [b], 'plain');
      const ad = await device(a);
      const word = `zebra${randomBytes(6).toString('hex')}`;
      const sent = (await send(a, roomId, { epoch: 0, deviceId: ad, ciphertext: word })).json().message;
      // The control: the same word in a standard room is found, so a miss below means something.
      await a.client.request('POST', `/api/rooms/${plain}/messages`, { id: randomUUID(), body: word });
      const hits = (await b.client.request('GET', `/api/search?q=${word}`)).json().hits as {
        message: { roomId: string };
      }[];
      expect(hits.map((h) => h.message.roomId)).toEqual([plain]);
      const inRoom = await b.client.request('GET', `/api/search?q=${word}&roomId=${roomId}`);
      expect(inRoom.json().hits).toEqual([]);
      // Nor is it indexed: no search document exists for it (the table is the dialect's, outside the types).
      const docs = await sql`select message_id from search_docs where message_id = ${sent.id}`.execute(
        t.db.kysely,
      );
      expect(docs.rows).toEqual([]);
      expect((await roomOf(b, roomId)).lastMessage).toMatchObject({ id: sent.id, kind: 'e2e', text: '' });
    });

    it("E2E-41: a compliance export of an encrypted room has its messages' metadata and no envelope", async () => {
      const roomId = await e2eRoom(a, [b]);
      const ad = await device(a);
      const ciphertext = opaque(200);
      const sent = (await send(a, roomId, { epoch: 0, deviceId: ad, ciphertext })).json().message;
      const started = await admin.client.request('POST', '/api/admin/exports', {
        scope: { roomId },
        from: '2000-01-01T00:00:00.000Z',
        to: '2100-01-01T00:00:00.000Z',
      });
      expect(started.statusCode).toBe(200);
      const id = started.json().id as string;
      await vi.waitFor(
        async () =>
          expect((await admin.client.request('GET', `/api/admin/exports/${id}`)).json().export.status).toBe(
            'done',
          ),
        { timeout: 10_000, interval: 20 },
      );
      const zip = unzip((await admin.client.request('GET', `/api/admin/exports/${id}/download`)).rawPayload);
      const lines = zip
        .get('messages.jsonl')!
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; kind: string; text: string; sender: { id: string } });
      expect(lines.find((l) => l.id === sent.id)).toMatchObject({
        kind: 'e2e',
        text: '',
        sender: { id: a.id },
      });
      expect(JSON.parse(zip.get('rooms.json')!.toString('utf8'))).toEqual([
        expect.objectContaining({ id: roomId, e2e: true }),
      ]);
      for (const [name, bytes] of zip) expect(bytes.toString('utf8').includes(ciphertext), name).toBe(false);
    });

    it('E2E-42: an envelope is a timeline message: members get message:created, a resent id returns it once, unread counts and read receipts move', async () => {
      const roomId = await e2eRoom(a, [b]);
      const ad = await device(a);
      const [sb, so] = [await rt.sock(b), await rt.sock(outsider)];
      const bSaw = collect(sb, 'message:created');
      const outsiderSaw = collect(so, 'message:created');
      const unreadBefore = (await roomOf(b, roomId)).unreadCount;
      const id = randomUUID();
      const ciphertext = opaque(500);
      const ok = await send(a, roomId, { id, epoch: 0, deviceId: ad, ciphertext });
      expect(ok.statusCode).toBe(200);
      const message = ok.json().message;
      expect(message).toMatchObject({
        id,
        roomId,
        kind: 'e2e',
        body: '',
        ciphertext,
        sender: { id: a.id },
        editedAt: null,
        deletedAt: null,
      });
      // The same id again: the stored message, not a second one and no second event.
      const again = await send(a, roomId, { id, epoch: 0, deviceId: ad, ciphertext: opaque() });
      expect(again.json().message).toEqual(message);
      const stolen = await send(b, roomId, { id, epoch: 0, deviceId: await device(b), ciphertext: opaque() });
      expect(codeOf(stolen)).toEqual([409, 'message.id_conflict']);
      await ping(sb);
      expect(bSaw.filter((e) => e.message.roomId === roomId).map((e) => e.message)).toEqual([message]);
      await ping(so);
      expect(outsiderSaw.filter((e) => e.message.roomId === roomId)).toEqual([]);
      // History pages carry it like any message.
      const history = (await b.client.request('GET', `/api/rooms/${roomId}/messages`)).json().messages;
      expect(history.at(-1)).toEqual(message);
      // Ben has one more unread; Anna, the sender, none. Once Ben reads it, "read by" names him.
      expect((await roomOf(b, roomId)).unreadCount).toBe(unreadBefore + 1);
      expect((await roomOf(a, roomId)).unreadCount).toBe(0);
      const unreadBy = (await a.client.request('GET', `/api/messages/${id}/readers`)).json();
      expect(unreadBy.unreadBy.map((u: { id: string }) => u.id)).toEqual([b.id]);
      await b.client.request('POST', `/api/rooms/${roomId}/read`, { seq: message.seq });
      expect((await roomOf(b, roomId)).unreadCount).toBe(0);
      const readers = (await a.client.request('GET', `/api/messages/${id}/readers`)).json();
      expect(readers.readBy.map((u: { id: string }) => u.id)).toEqual([b.id]);
    });

    it('E2E-42: no group yet, no device of mine, or not a member: refused with its reason', async () => {
      const roomId = await rt.group(a, [b], 'nogroup', true);
      const ad = await device(a);
      const none = await send(a, roomId, { epoch: 0, deviceId: ad, ciphertext: opaque() });
      expect(codeOf(none)).toEqual([404, 'e2e.group_not_found']);
      const withGroup = await e2eRoom(a, [b]);
      const foreign = await send(a, withGroup, { epoch: 0, deviceId: await device(b), ciphertext: opaque() });
      expect(codeOf(foreign)).toEqual([404, 'e2e.device_not_found']);
      const od = await device(outsider);
      expect(
        codeOf(await send(outsider, withGroup, { epoch: 0, deviceId: od, ciphertext: opaque() })),
      ).toEqual([404, 'room.not_found']);
      const sent = (await send(a, withGroup, { epoch: 0, deviceId: ad, ciphertext: opaque() })).json()
        .message;
      const peek = await editE2e(outsider, withGroup, sent.id, {
        epoch: 0,
        deviceId: od,
        ciphertext: opaque(),
      });
      expect(codeOf(peek)).toEqual([404, 'room.not_found']);
      expect(codeOf(await outsider.client.request('GET', `/api/rooms/${withGroup}/messages`))).toEqual([
        403,
        'room.not_member',
      ]);
    });

    it('E2E-43: its sender edits an envelope at the current epoch (message:updated, edited mark); deleting leaves a tombstone without it', async () => {
      const roomId = await e2eRoom(a, [b]);
      const [ad, bd] = [await device(a), await device(b)];
      const sb = await rt.sock(b);
      const sent = (await send(a, roomId, { epoch: 0, deviceId: ad, ciphertext: opaque() })).json().message;
      const edited = opaque(300);
      const updated = next(sb, 'message:updated', (p) => p.message.id === sent.id);
      const res = await editE2e(a, roomId, sent.id, { epoch: 0, deviceId: ad, ciphertext: edited });
      expect(res.statusCode).toBe(200);
      expect(res.json().message).toMatchObject({ id: sent.id, seq: sent.seq, ciphertext: edited, body: '' });
      expect(res.json().message.editedAt).toEqual(expect.any(String));
      expect(res.json().message.rev).toBeGreaterThan(sent.rev);
      expect((await updated).message).toEqual(res.json().message);
      // Only the sender, from their own device, at the current epoch, with a body that is no plaintext.
      const byBen = await editE2e(b, roomId, sent.id, { epoch: 0, deviceId: bd, ciphertext: opaque() });
      expect(codeOf(byBen)).toEqual([403, 'message.forbidden']);
      const bensDevice = await editE2e(a, roomId, sent.id, { epoch: 0, deviceId: bd, ciphertext: opaque() });
      expect(codeOf(bensDevice)).toEqual([404, 'e2e.device_not_found']);
      const withText = await editE2e(a, roomId, sent.id, {
        epoch: 0,
        deviceId: ad,
        ciphertext: opaque(),
        body: 'clear',
      });
      expect(codeOf(withText)).toEqual([400, 'request.invalid_body']);
      await a.client.request('POST', `/api/rooms/${roomId}/e2e/commits`, {
        epoch: 0,
        commit: opaque(),
        groupInfo: opaque(),
      });
      const stale = await editE2e(a, roomId, sent.id, { epoch: 0, deviceId: ad, ciphertext: opaque() });
      expect(codeOf(stale)).toEqual([409, 'e2e.stale_epoch']);
      const system = (await a.client.request('GET', `/api/rooms/${roomId}/messages`)).json().messages[0];
      const onSystem = await editE2e(a, roomId, system.id, { epoch: 1, deviceId: ad, ciphertext: opaque() });
      expect(codeOf(onSystem)).toEqual([403, 'message.system_immutable']);
      // Deleting works as for text: the envelope is wiped, members hear it, and it cannot be edited back.
      const deletedEvent = next(sb, 'message:updated', (p) => p.message.deletedAt !== null);
      const deleted = await a.client.request('DELETE', `/api/messages/${sent.id}`);
      expect(deleted.statusCode).toBe(200);
      expect(deleted.json().message).toMatchObject({ id: sent.id, kind: 'e2e', ciphertext: null, body: '' });
      expect((await deletedEvent).message.ciphertext).toBeNull();
      const row = await t.db.kysely
        .selectFrom('messages')
        .select('body')
        .where('id', '=', sent.id)
        .executeTakeFirstOrThrow();
      expect(row.body).toBe('');
      const afterDelete = await editE2e(a, roomId, sent.id, { epoch: 1, deviceId: ad, ciphertext: opaque() });
      expect(codeOf(afterDelete)).toEqual([409, 'message.deleted']);
    });

    it("E2E-44: a new device is announced to the members of its owner's encrypted rooms only, at registration and when its first key packages are in", async () => {
      const [u, mate, plainMate] = (await actors(t, 'newdev', 'mate', 'plainmate')) as [Actor, Actor, Actor];
      await rt.group(u, [mate], 'secret', true);
      await rt.group(u, [plainMate], 'plain');
      const [sm, sp] = [await rt.sock(mate), await rt.sock(plainMate)];
      const mateSaw = collect(sm, 'e2e:device-added');
      const plainSaw = collect(sp, 'e2e:device-added');
      msk.set(u.id, opaque(32));
      const registration = {
        deviceId: `d_${randomBytes(6).toString('hex')}`,
        cert: opaque(200),
        mskPub: msk.get(u.id),
      };
      expect((await u.client.request('POST', '/api/e2e/devices', registration)).statusCode).toBe(200);
      const { deviceId } = registration;
      await ping(sm);
      expect(mateSaw).toEqual([{ userId: u.id, deviceId }]);
      await ping(sp);
      expect(plainSaw).toEqual([]);
      // Registering the same device again is no news.
      expect((await u.client.request('POST', '/api/e2e/devices', registration)).statusCode).toBe(200);
      await ping(sm);
      expect(mateSaw).toHaveLength(1);
      // Its first key packages make it addable: announced once more, then never again for later refills.
      const upload = (lastResort: boolean) =>
        u.client.request('POST', `/api/e2e/devices/${deviceId}/key-packages`, {
          keyPackages: [
            { data: opaque(), lastResort: false },
            ...(lastResort ? [{ data: opaque(), lastResort: true }] : []),
          ],
        });
      expect((await upload(true)).statusCode).toBe(200);
      await ping(sm);
      expect(mateSaw).toEqual([
        { userId: u.id, deviceId },
        { userId: u.id, deviceId },
      ]);
      expect((await upload(false)).statusCode).toBe(200);
      await ping(sm);
      await ping(sp);
      expect(mateSaw).toHaveLength(2);
      expect(plainSaw).toEqual([]);
    });
  });
}
