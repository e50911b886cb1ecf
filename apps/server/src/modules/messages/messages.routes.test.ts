import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`messages over HTTP (${kind})`, () => {
    let t: TestApp;
    let a: Actor;
    let b: Actor;
    let c: Actor;
    let roomId: string;
    beforeAll(async () => {
      t = await startTestApp({ kind });
      const made = await actors(t, 'anna', 'ben', 'chris');
      [a, b, c] = [made[0]!, made[1]!, made[2]!];
      roomId = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: 'team', memberIds: [b.id, c.id] })
      ).json().room.id;
    });
    afterAll(() => t.close());

    const send = async (who: Actor, body: string, extra: Record<string, unknown> = {}, room = roomId) =>
      who.client.request('POST', `/api/rooms/${room}/messages`, { body, ...extra });

    it('MSG-1: each message gets the next sequence; the same id sent again is stored once', async () => {
      const id = uuidv7();
      const first = (await send(a, 'first', { id })).json().message;
      const second = (await send(b, 'second')).json().message;
      expect(second.seq).toBe(first.seq + 1);
      const retry = await send(a, 'first', { id });
      expect(retry.statusCode).toBe(200);
      expect(retry.json().message).toEqual(first);
      const page = (await a.client.request('GET', `/api/rooms/${roomId}/messages?limit=100`)).json().messages;
      expect(page.filter((m: { id: string }) => m.id === id)).toHaveLength(1);
      // Someone else reusing the id is refused, not merged.
      expect((await send(b, 'sneaky', { id })).json().code).toBe('message.id_conflict');
    });

    it('MSG-2: 10,000 characters of Korean are stored whole; 10,001 are refused with a clear code', async () => {
      const long = '가'.repeat(10_000);
      const ok = await send(a, long);
      expect(ok.statusCode).toBe(200);
      const stored = (
        await a.client.request('GET', `/api/rooms/${roomId}/messages?around=${ok.json().message.id}&limit=1`)
      ).json().messages[0];
      expect(stored.body).toBe(long);
      const tooLong = await send(a, `${long}가`);
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.json().fields[0].message).toBe('validation.message_too_long');
      expect((await send(a, '   ')).statusCode).toBe(400);
    });

    it('MSG-3: a reply quotes a message of the same room; another room’s message is refused and nothing stored', async () => {
      const original = (await send(b, '원래 메시지')).json().message;
      const reply = (await send(a, '답장', { replyToId: original.id })).json().message;
      expect(reply.replyTo).toMatchObject({
        id: original.id,
        seq: original.seq,
        senderNickname: 'ben',
        text: '원래 메시지',
      });
      const other = (await a.client.request('POST', '/api/rooms', { kind: 'direct', userId: c.id })).json()
        .room.id;
      const foreign = (await send(a, 'elsewhere', {}, other)).json().message;
      const before = (await a.client.request('GET', `/api/rooms/${roomId}`)).json().room.lastSeq;
      const bad = await send(a, 'cross-room reply', { replyToId: foreign.id });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('message.reply_other_room');
      expect((await a.client.request('GET', `/api/rooms/${roomId}`)).json().room.lastSeq).toBe(before);
    });

    it('MSG-4, MSG-5: mentions are stored as data; text is stored as written, never HTML-escaped', async () => {
      const body = `<script>alert(1)</script> & "quotes" @${b.username} @all @nobody_here`;
      const m = (await send(a, body)).json().message;
      expect(m.body).toBe(body);
      expect(m.mentions).toEqual({ userIds: [b.id], all: true });
      const row = await t.db.kysely
        .selectFrom('messages')
        .select(['body', 'mention_all'])
        .where('id', '=', m.id)
        .executeTakeFirstOrThrow();
      expect(row.body).toBe(body);
      const mentioned = await t.db.kysely
        .selectFrom('message_mentions')
        .select('user_id')
        .where('message_id', '=', m.id)
        .execute();
      expect(mentioned.map((r) => r.user_id).sort()).toEqual([b.id, c.id].sort());
    });

    it('MSG-6: only the sender edits; the edited mark persists after a reload', async () => {
      const m = (await send(a, 'typo hre')).json().message;
      expect((await b.client.request('PUT', `/api/messages/${m.id}`, { body: 'not mine' })).json().code).toBe(
        'message.forbidden',
      );
      const edited = (await a.client.request('PUT', `/api/messages/${m.id}`, { body: 'typo here' })).json()
        .message;
      expect(edited.body).toBe('typo here');
      expect(edited.editedAt).not.toBeNull();
      expect(edited.rev).toBeGreaterThan(m.rev);
      const reloaded = (
        await b.client.request('GET', `/api/rooms/${roomId}/messages?around=${m.id}&limit=1`)
      ).json().messages[0];
      expect(reloaded).toMatchObject({ body: 'typo here', editedAt: edited.editedAt, seq: m.seq });
    });

    it('MSG-7: senders delete their own, admins anyone’s; the tombstone is the same after a reload', async () => {
      const mine = (await send(b, 'oops')).json().message;
      const theirs = (await send(c, 'off-topic')).json().message;
      expect((await b.client.request('DELETE', `/api/messages/${theirs.id}`)).json().code).toBe(
        'message.forbidden',
      );
      const gone = (await b.client.request('DELETE', `/api/messages/${mine.id}`)).json().message;
      expect(gone).toMatchObject({ body: '', seq: mine.seq });
      expect(gone.deletedAt).not.toBeNull();
      expect((await a.client.request('DELETE', `/api/messages/${theirs.id}`)).statusCode).toBe(200); // a is the owner
      const page = (
        await c.client.request('GET', `/api/rooms/${roomId}/messages?after=${mine.seq - 1}&limit=10`)
      ).json().messages;
      const tomb = page.find((m: { id: string }) => m.id === theirs.id);
      expect(tomb).toMatchObject({ body: '', reactions: [] });
      expect(tomb.deletedAt).not.toBeNull();
      const row = await t.db.kysely
        .selectFrom('messages')
        .select('body')
        .where('id', '=', theirs.id)
        .executeTakeFirstOrThrow();
      expect(row.body).toBe('');
      expect((await a.client.request('PUT', `/api/messages/${mine.id}`, { body: 'back' })).json().code).toBe(
        'message.forbidden',
      );
    });

    it('MSG-8: reactions toggle; counts and who survive a reload; only one emoji is accepted', async () => {
      const m = (await send(c, 'lunch?')).json().message;
      await a.client.request('POST', `/api/messages/${m.id}/reactions`, { emoji: '👍' });
      await b.client.request('POST', `/api/messages/${m.id}/reactions`, { emoji: '👍' });
      await b.client.request('POST', `/api/messages/${m.id}/reactions`, { emoji: '🍜' });
      const off = await b.client.request('POST', `/api/messages/${m.id}/reactions`, { emoji: '🍜' });
      expect(off.json().reactions).toEqual([{ emoji: '👍', userIds: [a.id, b.id] }]);
      const reloaded = (await c.client.request('GET', `/api/messages/${m.id}/reactions`)).json().reactions;
      expect(reloaded).toEqual([{ emoji: '👍', userIds: [a.id, b.id] }]);
      for (const emoji of ['a', '👍👍', '<img>', '']) {
        expect(
          (await a.client.request('POST', `/api/messages/${m.id}/reactions`, { emoji })).statusCode,
          emoji,
        ).toBe(400);
      }
      expect(
        (await a.client.request('POST', `/api/messages/${m.id}/reactions`, { emoji: '👨‍👩‍👧' })).statusCode,
      ).toBe(200);
    });

    it('MSG-9: history pages by sequence before, after and around a message', async () => {
      const room = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: 'paging', memberIds: [b.id] })
      ).json().room.id;
      const sent = [];
      for (let i = 1; i <= 25; i++) sent.push((await send(a, `m${i}`, {}, room)).json().message);
      const latest = (await b.client.request('GET', `/api/rooms/${room}/messages?limit=10`)).json();
      expect(latest.messages.map((m: { body: string }) => m.body)).toEqual(sent.slice(15).map((m) => m.body));
      expect(latest.hasMoreBefore).toBe(true);
      const older = (
        await b.client.request('GET', `/api/rooms/${room}/messages?before=${latest.messages[0].seq}&limit=10`)
      ).json();
      expect(older.messages.map((m: { seq: number }) => m.seq)).toEqual(sent.slice(5, 15).map((m) => m.seq));
      const oldest = (
        await b.client.request('GET', `/api/rooms/${room}/messages?before=${older.messages[0].seq}&limit=10`)
      ).json();
      expect(oldest.hasMoreBefore).toBe(false);
      expect(oldest.messages).toHaveLength(6); // 5 + the system message
      const around = (
        await b.client.request('GET', `/api/rooms/${room}/messages?around=${sent[12].id}&limit=5`)
      ).json();
      expect(around.messages.map((m: { body: string }) => m.body)).toEqual([
        'm11',
        'm12',
        'm13',
        'm14',
        'm15',
      ]);
      expect(around).toMatchObject({ hasMoreBefore: true, hasMoreAfter: true });
      const after = (
        await b.client.request('GET', `/api/rooms/${room}/messages?after=${sent[22].seq}`)
      ).json();
      expect(after.messages.map((m: { body: string }) => m.body)).toEqual(['m24', 'm25']);
      expect(after.hasMoreAfter).toBe(false);
    });

    it('READ-1: watermarks only move forward, and "read by" lists who has read a message', async () => {
      const room = (
        await a.client.request('POST', '/api/rooms', {
          kind: 'group',
          name: 'reads',
          memberIds: [b.id, c.id],
        })
      ).json().room.id;
      const m1 = (await send(a, 'read me', {}, room)).json().message;
      const m2 = (await send(a, 'and me', {}, room)).json().message;
      let readers = (await a.client.request('GET', `/api/messages/${m1.id}/readers`)).json();
      expect(readers.readBy).toEqual([]);
      expect(readers.unreadBy.map((u: { id: string }) => u.id).sort()).toEqual([b.id, c.id].sort());
      expect(
        (await b.client.request('POST', `/api/rooms/${room}/read`, { seq: m2.seq })).json().lastReadSeq,
      ).toBe(m2.seq);
      expect(
        (await b.client.request('POST', `/api/rooms/${room}/read`, { seq: m1.seq })).json().lastReadSeq,
      ).toBe(m2.seq);
      expect(
        (await c.client.request('POST', `/api/rooms/${room}/read`, { seq: 10_000 })).json().lastReadSeq,
      ).toBe(m2.seq);
      readers = (await a.client.request('GET', `/api/messages/${m1.id}/readers`)).json();
      expect(readers.readBy.map((u: { id: string }) => u.id).sort()).toEqual([b.id, c.id].sort());
      const members = (await a.client.request('GET', `/api/rooms/${room}`)).json().members;
      expect(members.map((m: { lastReadSeq: number }) => m.lastReadSeq)).toEqual([m2.seq, m2.seq, m2.seq]);
    });
  });
}
