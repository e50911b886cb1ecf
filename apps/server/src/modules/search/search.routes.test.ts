import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { migrateToLatest } from '../../db/database.ts';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';

interface Hit {
  message: { id: string; body: string; roomId: string; sender: { id: string } };
  room: { id: string; name: string; kind: string };
  snippet: { text: string; ranges: [number, number][] };
  files: { id: string; name: { text: string; ranges: [number, number][] } }[];
}

const png = () =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: '#3366aa' } })
    .png()
    .toBuffer();

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`search (${kind})`, () => {
    let t: TestApp;
    let a: Actor;
    let b: Actor;
    let c: Actor;
    let team: string;
    let other: string;
    beforeAll(async () => {
      t = await startTestApp({ kind, env: { RATE_LIMIT_SEARCH: '10000/min' } });
      const made = await actors(t, 'anna', 'ben', 'chris');
      [a, b, c] = [made[0]!, made[1]!, made[2]!];
      team = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: '개발팀', memberIds: [b.id] })
      ).json().room.id;
      other = (
        await c.client.request('POST', '/api/rooms', { kind: 'group', name: '비밀방', memberIds: [b.id] })
      ).json().room.id;
    });
    afterAll(() => t.close());

    const send = async (who: Actor, body: string, room = team, extra: Record<string, unknown> = {}) =>
      (await who.client.request('POST', `/api/rooms/${room}/messages`, { body, ...extra })).json().message;
    const search = async (who: Actor, q: string, room?: string): Promise<Hit[]> => {
      const url = `/api/search?q=${encodeURIComponent(q)}${room ? `&roomId=${room}` : ''}`;
      const res = await who.client.request('GET', url);
      expect(res.statusCode).toBe(200);
      return res.json().hits;
    };
    const advanced = async (who: Actor, body: Record<string, unknown>): Promise<Hit[]> => {
      const res = await who.client.request('POST', '/api/search/advanced', body);
      expect(res.statusCode).toBe(200);
      return res.json().hits;
    };
    const ids = (hits: Hit[]) => hits.map((h) => h.message.id);

    it('SRCH-1: "회의" is found inside "주간회의록"; one syllable, English words and mixed text too', async () => {
      const m = await send(a, '주간회의록 공유합니다. Please review the Q3 Roadmap');
      const mixed = await send(b, 'v2배포는 내일입니다');
      expect(ids(await search(a, '회의'))).toContain(m.id);
      expect(ids(await search(a, '록'))).toContain(m.id);
      expect(ids(await search(a, 'ROADMAP'))).toContain(m.id);
      expect(ids(await search(a, 'roadmap q3'))).toContain(m.id);
      expect(ids(await search(a, '배포'))).toContain(mixed.id);
      expect(ids(await search(a, 'v2'))).toContain(mixed.id);
      expect(ids(await search(a, '회의실'))).not.toContain(m.id);
      expect(ids(await search(a, 'road'))).not.toContain(m.id);
    });

    it('SRCH-4: several words must all match; quotes keep a phrase in order', async () => {
      const m = await send(a, '내일 주간 회의 자료 준비');
      expect(ids(await search(a, '회의 자료'))).toContain(m.id);
      expect(ids(await search(a, '회의 예산'))).not.toContain(m.id);
      expect(ids(await search(a, '"주간 회의"'))).toContain(m.id);
      expect(ids(await search(a, '"회의 주간"'))).not.toContain(m.id);
    });

    it('SRCH-4: a word with a star finds words starting with it, marked as typed', async () => {
      const m = await send(a, 'Kubernetes upgrade and a redeploy');
      const n = await send(b, '배포 deployment 완료, deployed');
      expect(ids(await search(a, 'kube'))).not.toContain(m.id);
      expect(ids(await search(a, 'kube*'))).toEqual([m.id]);
      expect(ids(await search(a, 'deploy'))).toEqual([]);
      const hits = await search(a, 'DEPLOY* 완료');
      expect(ids(hits)).toEqual([n.id]);
      const { text, ranges } = hits[0]!.snippet;
      expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['deploy', '완료', 'deploy']);
      // One letter and a star is the letter as a word, not every word starting with it.
      expect(ids(await search(a, 'k*'))).toEqual([]);
    });

    it('SRCH-6: hits carry the room, sender, time and a snippet with the matches marked', async () => {
      const m = await send(b, '이번 주간회의록은 여기 있어요');
      const hit = (await search(a, '회의록')).find((h) => h.message.id === m.id)!;
      expect(hit.room).toEqual({ id: team, kind: 'group', name: '개발팀' });
      expect(hit.message.sender.id).toBe(b.id);
      const [s, e] = hit.snippet.ranges[0]!;
      expect(hit.snippet.text.slice(s, e)).toBe('회의록');
      const dm = (await a.client.request('POST', '/api/rooms', { kind: 'direct', userId: b.id })).json().room
        .id;
      const dmMessage = await send(b, '직통 메시지 확인', dm);
      const dmHit = (await search(a, '직통')).find((h) => h.message.id === dmMessage.id)!;
      expect(dmHit.room).toEqual({ id: dm, kind: 'direct', name: 'ben' });
    });

    it('SRCH-2: an edit is searchable by its new words only; a deleted message never appears', async () => {
      const m = await send(a, '원래문구 수정전');
      expect(ids(await search(a, '원래문구'))).toContain(m.id);
      await a.client.request('PUT', `/api/messages/${m.id}`, { body: '바뀐문구 수정후' });
      expect(ids(await search(a, '원래문구'))).not.toContain(m.id);
      expect(ids(await search(a, '바뀐문구'))).toContain(m.id);
      await a.client.request('DELETE', `/api/messages/${m.id}`);
      expect(ids(await search(a, '바뀐문구'))).not.toContain(m.id);
    });

    it('SRCH-2: a message that gets words only by an edit ranks by when it was sent, not by the edit', async () => {
      const first = await send(a, '!!!');
      const second = await send(b, '순서시험 두번째');
      await a.client.request('PUT', `/api/messages/${first.id}`, { body: '순서시험 첫번째' });
      expect(ids(await search(a, '순서시험'))).toEqual([second.id, first.id]);
      // A date range up to its sending finds it (and the other only if sent in the same millisecond).
      const at = (m: { createdAt: string | number }) => new Date(m.createdAt).getTime();
      const to = at(first) + 1;
      expect(ids(await advanced(a, { text: '순서시험', to: new Date(to).toISOString() }))).toEqual(
        [second, first].filter((m) => at(m) < to).map((m) => m.id),
      );
      // Edited back to no words, it is found by nothing again.
      await a.client.request('PUT', `/api/messages/${first.id}`, { body: '???' });
      expect(ids(await search(a, '순서시험'))).toEqual([second.id]);
    });

    it('SRCH-3: rooms the searcher never joined or has left are not searched; asking for one is refused', async () => {
      const secret = await send(c, '기밀사항 공유', other);
      expect(ids(await search(b, '기밀사항'))).toContain(secret.id);
      expect(ids(await search(a, '기밀사항'))).not.toContain(secret.id);
      expect(ids(await advanced(a, { text: '기밀사항', senderId: c.id }))).not.toContain(secret.id);
      expect(ids(await advanced(b, { text: '기밀사항', senderId: c.id }))).toContain(secret.id);
      const refused = await a.client.request('GET', `/api/search?q=x&roomId=${other}`);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('room.not_member');
      await b.client.request('POST', `/api/rooms/${other}/leave`);
      expect(ids(await search(b, '기밀사항'))).not.toContain(secret.id);
    });

    it('SRCH-2: file names are searchable; a deleted file no longer finds its message', async () => {
      const up = (await a.client.upload(team, '분기보고서_최종.png', await png())).json();
      const m = await send(a, '첨부합니다', team, { id: uuidv7(), uploadTokens: [up.uploadToken] });
      const hit = (await search(b, '보고서')).find((h) => h.message.id === m.id)!;
      expect(hit.files).toHaveLength(1);
      const [s, e] = hit.files[0]!.name.ranges[0]!;
      expect(hit.files[0]!.name.text.slice(s, e)).toBe('보고서');
      const del = await a.client.request('DELETE', `/api/rooms/${team}/files/${up.file.id}`);
      expect(del.statusCode).toBe(200);
      expect(ids(await search(b, '보고서'))).not.toContain(m.id);
      expect(ids(await search(b, '첨부합니다'))).toContain(m.id);
    });

    it('SRCH-5: filters by room, sender, dates, files and mentions all hold together', async () => {
      const since = new Date().toISOString();
      const fromA = await send(a, '필터시험 anna가 보냄');
      const fromB = await send(b, `필터시험 ben이 보냄 @${a.username}`);
      const img = (await b.client.upload(team, 'diagram.png', await png())).json();
      const withFile = await send(b, '필터시험 그림', team, {
        id: uuidv7(),
        uploadTokens: [img.uploadToken],
      });
      expect(ids(await advanced(a, { text: '필터시험', senderId: b.id })).sort()).toEqual(
        [fromB.id, withFile.id].sort(),
      );
      expect(ids(await advanced(a, { text: '필터시험', mentionsMe: true }))).toEqual([fromB.id]);
      expect(ids(await advanced(a, { text: '필터시험', hasFile: true }))).toEqual([withFile.id]);
      expect(ids(await advanced(a, { text: '필터시험', fileKind: 'image' }))).toEqual([withFile.id]);
      expect(ids(await advanced(a, { text: '필터시험', fileKind: 'file' }))).toEqual([]);
      expect(ids(await advanced(a, { text: '필터시험', from: since })).length).toBe(3);
      expect(ids(await advanced(a, { text: '필터시험', to: since }))).toEqual([]);
      expect(ids(await advanced(a, { text: '필터시험', roomId: team }))).toContain(fromA.id);
      // Filters without text list matching messages, newest first.
      expect(ids(await advanced(a, { mentionsMe: true, from: since }))).toEqual([fromB.id]);
      // Nothing asked is refused (it would list every message); only symbols find nothing.
      const none = await a.client.request('POST', '/api/search/advanced', {});
      expect(none.statusCode).toBe(400);
      expect(none.json().code).toBe('request.invalid_body');
      expect(await advanced(a, { text: '"*"' })).toEqual([]);
    });

    it('SRCH-5: a date range finds exactly the messages sent within it, across months of history', async () => {
      const sent = [];
      for (let i = 1; i <= 6; i++) sent.push((await send(a, `기간시험 ${i}번째`)).id);
      // As if sent on the 1st to the 6th of a January to come, in the order they were stored (doc ids follow
      // time, as the server's clock gives them).
      for (const [i, id] of sent.entries())
        await t.db.kysely
          .updateTable('messages')
          .set({ created_at: Date.UTC(2030, 0, i + 1, 9) })
          .where('id', '=', id)
          .execute();
      const within = async (from?: string, to?: string) =>
        ids(await advanced(a, { text: '기간시험', ...(from ? { from } : {}), ...(to ? { to } : {}) }));
      expect(await within('2030-01-03T00:00:00Z')).toEqual(sent.slice(2).reverse());
      expect(await within(undefined, '2030-01-03T00:00:00Z')).toEqual(sent.slice(0, 2).reverse());
      expect(await within('2030-01-02T00:00:00Z', '2030-01-05T00:00:00Z')).toEqual(
        sent.slice(1, 4).reverse(),
      );
      expect(await within('2030-02-01T00:00:00Z')).toEqual([]);
    });

    it('SRCH-5: pages are newest first, limits are clamped to 100 and offsets page exactly', async () => {
      const sent = [];
      for (let i = 0; i < 5; i++) sent.push((await send(a, `페이지시험 ${i}`)).id);
      const first = (await a.client.request('GET', '/api/search?q=페이지시험&limit=2')).json();
      expect(ids(first.hits)).toEqual([sent[4], sent[3]]);
      expect(first.hasMore).toBe(true);
      const last = (await a.client.request('GET', '/api/search?q=페이지시험&limit=2&offset=4')).json();
      expect(ids(last.hits)).toEqual([sent[0]]);
      expect(last.hasMore).toBe(false);
      const big = (await a.client.request('GET', '/api/search?q=페이지시험&limit=5000')).json();
      expect(big.limit).toBe(100);
      const bad = await a.client.request('GET', '/api/search?q=x&limit=abc');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().code).toBe('request.invalid_query');
      const deep = await a.client.request('POST', '/api/search/advanced', { text: 'x', offset: 5000 });
      expect(deep.json().code).toBe('request.invalid_body');
    });

    it('SRCH-5: a word in most messages pages exactly too (PostgreSQL then walks rooms newest first)', async () => {
      const mine = [];
      for (let i = 0; i < 30; i++) mine.push((await send(i % 2 ? b : a, `흔함 ${i}`)).id);
      await send(c, '흔함 남의 방', other);
      // Statistics tell PostgreSQL that the word is common; SQLite keeps its one plan.
      await sql`analyze`.execute(t.db.kysely);
      const page = async (offset: number, extra: Record<string, unknown> = {}) =>
        ids(await advanced(a, { text: '흔함', limit: 4, offset, ...extra }));
      expect(await page(0)).toEqual(mine.slice(-4).reverse());
      expect(await page(8)).toEqual(mine.slice(-12, -8).reverse());
      expect(await page(0, { senderId: b.id })).toEqual(
        mine
          .filter((_, i) => i % 2)
          .slice(-4)
          .reverse(),
      );
      expect(await page(28)).toEqual(mine.slice(0, 2).reverse());
      expect(await page(0, { roomId: team })).toEqual(mine.slice(-4).reverse());
      expect(ids(await advanced(c, { text: '흔함', roomId: other }))).toHaveLength(1);
    });

    it('SRCH-4: search syntax characters in a query never cause a server error', async () => {
      const m = await send(a, 'NEAR AND OR 특수문자 테스트');
      for (const q of [
        '"',
        '""',
        '*',
        '특수*',
        'AND',
        'NEAR(특수',
        "'",
        '\\',
        ':',
        '&|!<->',
        '^특수',
        '(()',
      ]) {
        const res = await a.client.request('GET', `/api/search?q=${encodeURIComponent(q)}`);
        expect(res.statusCode, q).toBe(200);
      }
      expect(ids(await search(a, 'near and'))).toContain(m.id);
      expect(ids(await search(a, '특수*'))).toContain(m.id);
    });

    it('SRCH-2: messages written before the index existed are found after the upgrade', async () => {
      const old = await send(a, '업그레이드이전 메시지');
      const gone = await send(a, '업그레이드이전 삭제됨');
      await a.client.request('DELETE', `/api/messages/${gone.id}`);
      const migrator = new Migrator({ db: t.db.kysely, provider: { getMigrations: async () => MIGRATIONS } });
      const down = await migrator.migrateTo('0006-governance');
      expect(down.error).toBeUndefined();
      expect(down.results?.map((r) => r.migrationName)).toContain('0007-search');
      await migrateToLatest(t.db);
      expect(ids(await search(a, '업그레이드이전'))).toEqual([old.id]);
    });
  });
}

describe('search rate limit', () => {
  it('SRCH-5: searches per user are limited by RATE_LIMIT_SEARCH', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_SEARCH: '2/min' } });
    try {
      const [a] = await actors(t, 'anna');
      for (let i = 0; i < 2; i++)
        expect((await a!.client.request('GET', '/api/search?q=hi')).statusCode).toBe(200);
      const limited = await a!.client.request('GET', '/api/search?q=hi');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe('rate.limited');
    } finally {
      await t.close();
    }
  });
});
