import { parseQuery } from '@messenger/shared';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type Db } from '../../db/database.ts';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import { messageTokens } from './search-index.ts';
import { SearchRepository, type SearchFilter } from './search.repository.ts';

const DAY = 24 * 60 * 60_000;
const T0 = Date.UTC(2030, 0, 1, 9);

/**
 * The contract of the two search strategies (SQLite FTS5, PostgreSQL tsvector): the same cases, through the
 * repository the server uses, on each database. Rows come from small factories; documents are written in
 * the message's transaction, as the server does.
 */
for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`search repository contract (${kind})`, () => {
    let database: TestDatabase;
    let db: Db;
    let search: SearchRepository;
    const seqs = new Map<string, number>();
    let clock = T0;

    const user = async (username: string) => {
      const id = uuidv7();
      await db.kysely
        .insertInto('users')
        .values({
          id,
          username,
          username_lower: username,
          nickname: username,
          password_hash: 'x',
          is_admin: 0,
          status_message: '',
          created_at: T0,
          updated_at: T0,
        })
        .execute();
      return id;
    };
    const room = async (name: string, memberIds: string[]) => {
      const id = uuidv7();
      await db.kysely
        .insertInto('rooms')
        .values({
          id,
          kind: 'group',
          name,
          description: '',
          direct_key: null,
          created_by: memberIds[0]!,
          created_at: T0,
          last_seq: 0,
          last_rev: 0,
          last_activity_at: T0,
        })
        .execute();
      await db.kysely
        .insertInto('room_members')
        .values(
          memberIds.map((userId) => ({
            room_id: id,
            user_id: userId,
            role: 'member' as const,
            joined_at: T0,
            last_read_seq: 0,
            pinned: 0,
            muted: 0,
          })),
        )
        .execute();
      return id;
    };
    /** A text message and its document, in one transaction; sent a minute after the last unless `at`. */
    const send = async (roomId: string, senderId: string, body: string, at = (clock += 60_000)) => {
      const id = uuidv7();
      const seq = (seqs.get(roomId) ?? 0) + 1;
      seqs.set(roomId, seq);
      await db.kysely.transaction().execute(async (trx) => {
        await trx
          .insertInto('messages')
          .values({
            id,
            room_id: roomId,
            seq,
            rev: seq,
            kind: 'text',
            sender_id: senderId,
            body,
            reply_to_id: null,
            mention_all: 0,
            mention_user_ids: '[]',
            system_event: null,
            created_at: at,
            edited_at: null,
            deleted_at: null,
            deleted_by: null,
          })
          .execute();
        await new SearchRepository(trx).put({
          messageId: id,
          roomId,
          createdAt: at,
          tokens: messageTokens(body, []),
        });
      });
      return { id, roomId, at };
    };
    const edit = (m: { id: string; roomId: string; at: number }, body: string) =>
      db.kysely.transaction().execute(async (trx) => {
        await trx.updateTable('messages').set({ body }).where('id', '=', m.id).execute();
        await new SearchRepository(trx).put({
          messageId: m.id,
          roomId: m.roomId,
          createdAt: m.at,
          tokens: messageTokens(body, []),
        });
      });
    const find = async (userId: string, text: string, filter: Partial<SearchFilter> = {}) =>
      (await search.search({ userId, terms: parseQuery(text), limit: 50, offset: 0, ...filter })).map(
        (r) => r.id,
      );

    let anna: string;
    let ben: string;
    let chris: string;
    let team: string;
    let secret: string;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
      db = openDatabase(database.url);
      await migrateToLatest(db);
      search = new SearchRepository(db.kysely);
      [anna, ben, chris] = [await user('anna'), await user('ben'), await user('chris')];
      team = await room('개발팀', [anna, ben]);
      secret = await room('비밀방', [ben, chris]);
    });
    afterAll(async () => {
      await db.close();
      await database.dispose();
    });

    it('SRCH-1, SRCH-4: words, syllables inside words, phrases in order, prefixes; all terms must match', async () => {
      const m = await send(team, anna, '주간회의록 공유합니다. Please review the Q3 Roadmap');
      const n = await send(team, ben, 'Kubernetes deployment 완료');
      expect(await find(anna, '회의')).toEqual([m.id]);
      expect(await find(anna, '록')).toEqual([m.id]);
      expect(await find(anna, 'roadmap q3')).toEqual([m.id]);
      expect(await find(anna, '"review the"')).toEqual([m.id]);
      expect(await find(anna, '"the review"')).toEqual([]);
      expect(await find(anna, '회의 예산')).toEqual([]);
      expect(await find(anna, 'road')).toEqual([]);
      expect(await find(anna, 'kube*')).toEqual([n.id]);
      expect(await find(anna, 'DEPLOY* 완료')).toEqual([n.id]);
    });

    it('SRCH-2: a document put again has only its new words; a removed one is found by nothing', async () => {
      const m = await send(team, anna, '원래문구 수정전');
      await edit(m, '바뀐문구 수정후');
      expect(await find(anna, '원래문구')).toEqual([]);
      expect(await find(anna, '바뀐문구')).toEqual([m.id]);
      await db.kysely.transaction().execute((trx) => new SearchRepository(trx).remove(m.id));
      expect(await find(anna, '바뀐문구')).toEqual([]);
    });

    it('SRCH-2: a text without words is found by nothing; given words later, it ranks by when it was sent', async () => {
      const first = await send(team, anna, '!!!');
      const second = await send(team, ben, '순서시험 두번째');
      expect(await find(anna, '순서시험')).toEqual([second.id]);
      await edit(first, '순서시험 첫번째');
      expect(await find(anna, '순서시험')).toEqual([second.id, first.id]);
      await edit(first, '???');
      expect(await find(anna, '순서시험')).toEqual([second.id]);
    });

    it('SRCH-3: only rooms the searcher is a member of are searched, whatever the filters', async () => {
      const hidden = await send(secret, chris, '기밀사항 공유');
      expect(await find(ben, '기밀사항')).toEqual([hidden.id]);
      expect(await find(anna, '기밀사항')).toEqual([]);
      expect(await find(anna, '기밀사항', { senderId: chris })).toEqual([]);
      expect(await find(anna, '기밀사항', { roomId: secret })).toEqual([]);
      expect(await find(ben, '기밀사항', { senderId: chris })).toEqual([hidden.id]);
    });

    it('SRCH-5: sender, room and date filters hold together with the words', async () => {
      const fromAnna = await send(team, anna, '필터시험 anna');
      const fromBen = await send(team, ben, '필터시험 ben');
      const elsewhere = await send(secret, ben, '필터시험 secret');
      expect(await find(ben, '필터시험', { senderId: ben })).toEqual([elsewhere.id, fromBen.id]);
      expect(await find(ben, '필터시험', { roomId: team })).toEqual([fromBen.id, fromAnna.id]);
      expect(await find(ben, '필터시험', { senderId: ben, roomId: team })).toEqual([fromBen.id]);
      expect(await find(ben, '필터시험', { from: fromBen.at })).toEqual([elsewhere.id, fromBen.id]);
      expect(await find(ben, '필터시험', { to: fromBen.at })).toEqual([fromAnna.id]);
      expect(await find(ben, '필터시험', { from: fromBen.at, to: elsewhere.at })).toEqual([fromBen.id]);
    });

    it('SRCH-5: a date range finds exactly the messages sent within it, across months of history', async () => {
      const start = T0 + 400 * DAY;
      const sent: string[] = [];
      for (let i = 0; i < 8; i++)
        sent.push((await send(team, anna, `기간시험 ${i}`, start + i * 20 * DAY)).id);
      clock = start + 200 * DAY;
      const within = (from?: number, to?: number) =>
        find(anna, '기간시험', { ...(from ? { from } : {}), ...(to ? { to } : {}) });
      expect(await within(start + 40 * DAY)).toEqual(sent.slice(2).reverse());
      expect(await within(undefined, start + 40 * DAY)).toEqual(sent.slice(0, 2).reverse());
      expect(await within(start + 20 * DAY, start + 80 * DAY)).toEqual(sent.slice(1, 4).reverse());
      expect(await within(start + 20 * DAY, start + 20 * DAY + 1)).toEqual([sent[1]]);
      expect(await within(start + 1000 * DAY)).toEqual([]);
    });

    it('SRCH-5: pages are newest first and offsets page exactly, for rare and for common words', async () => {
      const mine: string[] = [];
      for (let i = 0; i < 30; i++) mine.push((await send(team, i % 2 ? ben : anna, `흔함 ${i}`)).id);
      await send(secret, chris, '흔함 남의 방');
      const page = (offset: number, filter: Partial<SearchFilter> = {}) =>
        find(anna, '흔함', { limit: 4, offset, ...filter });
      const check = async () => {
        expect(await page(0)).toEqual(mine.slice(-4).reverse());
        expect(await page(8)).toEqual(mine.slice(-12, -8).reverse());
        expect(await page(28)).toEqual(mine.slice(0, 2).reverse());
        expect(await page(0, { senderId: ben })).toEqual(
          mine
            .filter((_, i) => i % 2)
            .slice(-4)
            .reverse(),
        );
        expect(await page(0, { roomId: team })).toEqual(mine.slice(-4).reverse());
      };
      await check();
      // With statistics PostgreSQL knows the word is common and walks room by room; SQLite keeps its plan.
      await sql`analyze`.execute(db.kysely);
      await check();
    });
  });
}
