import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnitOfWork } from '../../db/unit-of-work.ts';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';
import { FileStorage } from '../files/file-storage.ts';
import { Timeline } from './timeline.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`the timeline's purge (${kind})`, () => {
    let t: TestApp;
    let a: Actor;
    let b: Actor;
    let roomId: string;
    beforeAll(async () => {
      t = await startTestApp({ kind });
      [a, b] = (await actors(t, 'alice', 'bob')) as [Actor, Actor];
      roomId = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: '보관 기한', memberIds: [b.id] })
      ).json().room.id as string;
    });
    afterAll(() => t.close());

    /** A timeline of its own over the app's database, recording what it announces. */
    const ownTimeline = () => {
      const announced: string[] = [];
      const storage = new FileStorage(t.config.dataDir);
      const timeline = new Timeline({
        uow: new UnitOfWork(t.db.kysely),
        events: {
          messageCreated: (_room, m) => announced.push(`created:${m.id}`),
          messageUpdated: (_room, m) => announced.push(`updated:${m.id}`),
          pinRemoved: (_room, pinId) => announced.push(`pin:${pinId}`),
          messagesPurged: (_room, untilSeq) => announced.push(`purged:${untilSeq}`),
        },
        removeFiles: async (ids) => {
          for (const id of ids) await storage.remove(id);
        },
        newId: uuidv7,
      });
      return { timeline, announced, storage };
    };
    const count = async (table: string, column: string, ids: string[]) => {
      const list = sql.join(ids.map((id) => sql`${id}`));
      const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}
        where ${sql.ref(column)} in (${list})`.execute(t.db.kysely);
      return Number(r.rows[0]!.n);
    };

    /** A message with everything that can hang on one: a file, a mention, a reaction, a notice; and a poll. */
    const busyMessages = async () => {
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a6' } })
        .png()
        .toBuffer();
      const up = (await a.client.upload(roomId, '보고서.png', png)).json();
      const message = (
        await a.client.request('POST', `/api/rooms/${roomId}/messages`, {
          id: uuidv7(),
          body: `@${b.username} 분기 보고서`,
          uploadTokens: [up.uploadToken],
        })
      ).json().message as { id: string };
      await b.client.request('POST', `/api/messages/${message.id}/reactions`, { emoji: '👍' });
      const pin = (
        await a.client.request('POST', `/api/rooms/${roomId}/pins`, { messageId: message.id })
      ).json().pin as { id: string };
      const poll = (
        await a.client.request('POST', `/api/rooms/${roomId}/polls`, {
          question: '분기 회식?',
          options: ['예', '아니오'],
        })
      ).json().poll as { id: string; messageId: string };
      await b.client.request('POST', `/api/polls/${poll.id}/vote`, {
        optionId: (await pollOption(poll.id))!,
      });
      const reply = (
        await b.client.request('POST', `/api/rooms/${roomId}/messages`, {
          id: uuidv7(),
          body: '확인했습니다',
          replyToId: message.id,
        })
      ).json().message as { id: string };
      return { message, fileId: up.file.id as string, pin, poll, reply };
    };
    const pollOption = async (pollId: string) =>
      ((await a.client.request('GET', `/api/polls/${pollId}`)).json().poll.options as { id: string }[])[0]
        ?.id;
    const rows = (ids: string[]) => new UnitOfWork(t.db.kysely).repos.messages.findMany(ids);

    it('purges messages with their files, mentions, reactions, notices, polls and search documents; bytes after the commit', async () => {
      const { message, fileId, pin, poll, reply } = await busyMessages();
      const ids = [message.id, poll.messageId];
      const { timeline, announced, storage } = ownTimeline();
      expect(await count('message_mentions', 'message_id', ids)).toBe(1);
      expect(await count('reactions', 'message_id', ids)).toBe(1);
      expect(await count('poll_votes', 'poll_id', [poll.id])).toBe(1);
      expect(await count('search_docs', 'message_id', ids)).toBe(1);

      const uow = new UnitOfWork(t.db.kysely);
      const seqs = new Map((await rows(ids)).map((r) => [r.id, r.seq]));
      const change = await uow.transaction(async (tx) => {
        const change = await timeline.purge(tx, await tx.messages.findMany(ids));
        // Inside the transaction the rows are gone, the bytes are not.
        expect(existsSync(storage.objectPath(fileId))).toBe(true);
        return change;
      });
      expect(change).toMatchObject({ fileIds: [fileId], pinsRemoved: [{ id: pin.id, room_id: roomId }] });
      expect(existsSync(storage.objectPath(fileId))).toBe(true);
      await timeline.publish(change);
      expect(existsSync(storage.objectPath(fileId))).toBe(false);
      // The room hears how far its timeline was removed: the poll, the later of the two.
      const untilSeq = Math.max(...ids.map((id) => seqs.get(id)!));
      expect(announced).toEqual([`pin:${pin.id}`, `purged:${untilSeq}`]);

      expect(await rows(ids)).toEqual([]);
      for (const [table, column] of [
        ['message_mentions', 'message_id'],
        ['reactions', 'message_id'],
        ['pins', 'message_id'],
        ['polls', 'message_id'],
        ['search_docs', 'message_id'],
        ['files', 'message_id'],
      ] as const)
        expect(await count(table, column, ids), table).toBe(0);
      expect(await count('poll_options', 'poll_id', [poll.id])).toBe(0);
      expect(await count('poll_votes', 'poll_id', [poll.id])).toBe(0);
      expect((await a.client.request('GET', `/uploads/${fileId}`)).statusCode).toBe(404);
      const found = (await a.client.request('GET', `/api/search?q=${encodeURIComponent('보고서')}`)).json()
        .hits;
      expect(found).toEqual([]);
      // What is left reads as before; the reply to a purged message has lost its quote, nothing else.
      const history = await a.client.request('GET', `/api/rooms/${roomId}/messages`);
      expect(history.statusCode).toBe(200);
      const left = history.json().messages as { id: string; replyTo: unknown }[];
      expect(left.map((m) => m.id)).not.toContain(message.id);
      expect(left.find((m) => m.id === reply.id)).toMatchObject({ replyTo: null, replyToRemoved: true });
    });

    it('a purge rolled back leaves every row and every byte', async () => {
      const { message, fileId, pin, poll } = await busyMessages();
      const ids = [message.id, poll.messageId];
      const { timeline, storage } = ownTimeline();
      const before = await a.client.request('GET', `/api/rooms/${roomId}/messages`);
      const uow = new UnitOfWork(t.db.kysely);
      await expect(
        uow.transaction(async (tx) => {
          await timeline.purge(tx, await tx.messages.findMany(ids));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await rows(ids)).map((r) => r.id).sort()).toEqual([...ids].sort());
      expect(existsSync(storage.objectPath(fileId))).toBe(true);
      expect((await a.client.request('GET', `/api/rooms/${roomId}/messages`)).json()).toEqual(before.json());
      expect((await a.client.request('GET', `/api/rooms/${roomId}/pins`)).json().pins).toContainEqual(
        expect.objectContaining({ id: pin.id }),
      );
      expect((await a.client.request('GET', `/api/polls/${poll.id}`)).statusCode).toBe(200);
      expect(await count('search_docs', 'message_id', ids)).toBe(1);
    });
  });
}
