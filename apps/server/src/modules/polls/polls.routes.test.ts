import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`polls over HTTP (${kind})`, () => {
    let t: TestApp;
    let clock = Date.now();
    let a: Actor;
    let b: Actor;
    let c: Actor;
    let outsider: Actor;
    let roomId: string;
    beforeAll(async () => {
      t = await startTestApp({ kind, build: { now: () => clock } });
      const made = await actors(t, 'anna', 'ben', 'chris', 'olga');
      [a, b, c, outsider] = [made[0]!, made[1]!, made[2]!, made[3]!];
      roomId = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: '팀', memberIds: [b.id, c.id] })
      ).json().room.id;
      // b is an admin of the room, c a plain member.
      await a.client.request('PUT', `/api/rooms/${roomId}/members/${b.id}/role`, { role: 'admin' });
    });
    afterAll(() => t.close());

    const create = (who: Actor, body: Record<string, unknown>, room = roomId) =>
      who.client.request('POST', `/api/rooms/${room}/polls`, body);
    const vote = (who: Actor, pollId: string, optionId: string) =>
      who.client.request('POST', `/api/polls/${pollId}/vote`, { optionId });
    const history = async (who: Actor) =>
      (await who.client.request('GET', `/api/rooms/${roomId}/messages?limit=100`)).json().messages as {
        kind: string;
        pollId: string | null;
        body: string;
        system: { type: string; value: string } | null;
      }[];

    it('POLL-1: a poll is a message of kind poll in the timeline, with 2-10 distinct options', async () => {
      const res = await create(a, { question: '점심 메뉴?', options: ['김치찌개', '비빔밥', '냉면'] });
      expect(res.statusCode).toBe(200);
      const poll = res.json().poll;
      expect(poll).toMatchObject({
        question: '점심 메뉴?',
        multiple: false,
        anonymous: false,
        closedAt: null,
        endsAt: null,
        totalVoters: 0,
        myVotes: [],
      });
      expect(poll.options.map((o: { text: string }) => o.text)).toEqual(['김치찌개', '비빔밥', '냉면']);
      const msg = (await history(c)).find((m) => m.pollId === poll.id);
      expect(msg).toMatchObject({ kind: 'poll', body: '점심 메뉴?' });
      // The room list counts it as unread for the others.
      const rooms = (await c.client.request('GET', '/api/rooms')).json().rooms;
      expect(rooms.find((r: { id: string }) => r.id === roomId).unreadCount).toBeGreaterThan(0);

      for (const options of [
        ['하나'],
        Array.from({ length: 11 }, (_, i) => `옵션${i}`),
        ['같음', '같음'],
        ['a', ' '],
      ]) {
        const bad = await create(a, { question: 'q', options });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().code).toBe('request.invalid_body');
      }
      expect((await create(a, { question: '  ', options: ['a', 'b'] })).statusCode).toBe(400);
    });

    it('POLL-1: the poll message cannot be edited', async () => {
      const poll = (await create(a, { question: '수정 불가', options: ['a', 'b'] })).json().poll;
      const res = await a.client.request('PUT', `/api/messages/${poll.messageId}`, { body: 'changed' });
      expect(res.json().code).toBe('message.forbidden');
    });

    it('POLL-2: an option of another poll is refused with poll.invalid_option and nothing is stored (R-03)', async () => {
      const p1 = (await create(a, { question: 'p1', options: ['x', 'y'] })).json().poll;
      const p2 = (await create(a, { question: 'p2', options: ['z', 'w'] })).json().poll;
      const res = await vote(b, p1.id, p2.options[0].id);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('poll.invalid_option');
      const after = (await b.client.request('GET', `/api/polls/${p2.id}`)).json().poll;
      expect(after.totalVoters).toBe(0);
      expect(after.options[0].votes).toBe(0);
      expect((await b.client.request('GET', `/api/polls/${p1.id}`)).json().poll.totalVoters).toBe(0);
    });

    it('POLL-2: single choice replaces the earlier vote; each member sees their own choice after a reload', async () => {
      const p = (await create(a, { question: '단일', options: ['x', 'y'] })).json().poll;
      const [x, y] = [p.options[0].id, p.options[1].id];
      await vote(b, p.id, x);
      await vote(c, p.id, x);
      const changed = (await vote(b, p.id, y)).json().poll;
      expect(changed.myVotes).toEqual([y]);
      expect(changed.options.map((o: { votes: number }) => o.votes)).toEqual([1, 1]);
      expect(changed.totalVoters).toBe(2);
      expect(changed.options[1].voterIds).toEqual([b.id]);
      // A reload (list and single) keeps each member's own choice.
      const listB = (await b.client.request('GET', `/api/rooms/${roomId}/polls`)).json().polls;
      expect(listB.find((q: { id: string }) => q.id === p.id).myVotes).toEqual([y]);
      expect((await c.client.request('GET', `/api/polls/${p.id}`)).json().poll.myVotes).toEqual([x]);
      expect((await a.client.request('GET', `/api/polls/${p.id}`)).json().poll.myVotes).toEqual([]);
      // The same option again in single choice keeps it.
      expect((await vote(b, p.id, y)).json().poll.myVotes).toEqual([y]);
    });

    it('POLL-2: votes of one member sent at once still leave one choice in a single-choice poll', async () => {
      const p = (await create(a, { question: '동시', options: ['x', 'y', 'z'] })).json().poll;
      const ids = p.options.map((o: { id: string }) => o.id);
      const results = await Promise.all([0, 1, 2, 0, 1, 2].map((i) => vote(c, p.id, ids[i])));
      expect(results.every((r) => r.statusCode === 200)).toBe(true);
      const after = (await c.client.request('GET', `/api/polls/${p.id}`)).json().poll;
      expect(after.myVotes).toHaveLength(1);
      expect(after.options.reduce((n: number, o: { votes: number }) => n + o.votes, 0)).toBe(1);
    });

    it('POLL-2: in multiple choice, voting the same option again takes it back', async () => {
      const p = (await create(a, { question: '복수', options: ['x', 'y', 'z'], multiple: true })).json().poll;
      const [x, , z] = p.options.map((o: { id: string }) => o.id);
      await vote(c, p.id, x);
      expect((await vote(c, p.id, z)).json().poll.myVotes.sort()).toEqual([x, z].sort());
      const back = (await vote(c, p.id, x)).json().poll;
      expect(back.myVotes).toEqual([z]);
      expect(back.options[0].votes).toBe(0);
      expect(back.totalVoters).toBe(1);
    });

    it('POLL-3: the deadline is enforced at the vote, not only by the sweep (R-09); UTC on the wire', async () => {
      const endsAt = new Date(clock + 60_000).toISOString().replace('Z', '+00:00');
      const kst = new Date(clock + 60_000 + 9 * 3600_000).toISOString().replace('Z', '+09:00');
      const p = (await create(a, { question: '마감', options: ['x', 'y'], endsAt })).json().poll;
      expect(p.endsAt).toBe(new Date(clock + 60_000).toISOString());
      // The same instant written in KST is the same deadline in UTC.
      const q = (await create(a, { question: 'KST', options: ['x', 'y'], endsAt: kst })).json().poll;
      expect(q.endsAt).toBe(p.endsAt);
      expect((await vote(b, p.id, p.options[0].id)).statusCode).toBe(200);
      clock += 61_000;
      const late = await vote(c, p.id, p.options[1].id);
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('poll.closed');
      const closed = (await c.client.request('GET', `/api/polls/${p.id}`)).json().poll;
      expect(closed.closedAt).not.toBeNull();
      expect(closed.options[1].votes).toBe(0);
      // The room is told once, by a system message.
      const notes = (await history(a)).filter(
        (m) => m.system?.type === 'poll_closed' && m.system.value === '마감',
      );
      expect(notes).toHaveLength(1);
      const past = await create(a, {
        question: '과거',
        options: ['x', 'y'],
        endsAt: new Date(clock - 1).toISOString(),
      });
      expect(past.json().code).toBe('poll.deadline_past');
      expect(
        (await create(a, { question: '형식', options: ['x', 'y'], endsAt: '2030-01-01 10:00' })).statusCode,
      ).toBe(400);
    });

    // The poll's row lock is PostgreSQL's (SQLite runs one transaction at a time on one connection).
    it.skipIf(kind === 'sqlite')(
      'POLL-3: a vote that waited on the poll until past its deadline, or until a close, is refused',
      async () => {
        const blocker = new pg.Client({ connectionString: t.database.url });
        await blocker.connect();
        /** Holds the poll's row while `change` happens, then lets the waiting vote go. */
        const voteWhileLocked = async (pollId: string, optionId: string, change: () => Promise<unknown>) => {
          await blocker.query('begin');
          await blocker.query('select id from polls where id = $1 for update', [pollId]);
          const pending = vote(c, pollId, optionId);
          await expect
            .poll(
              async () =>
                (
                  await blocker.query(
                    `select count(*)::int as n from pg_stat_activity
                     where datname = current_database() and wait_event_type = 'Lock'`,
                  )
                ).rows[0].n,
            )
            .toBe(1);
          await change();
          await blocker.query('commit');
          return pending;
        };
        try {
          const endsAt = new Date(clock + 60_000).toISOString();
          const p = (await create(a, { question: '마감 대기', options: ['x', 'y'], endsAt })).json().poll;
          const late = await voteWhileLocked(p.id, p.options[0].id, async () => {
            clock += 61_000;
          });
          expect(late.statusCode).toBe(409);
          expect(late.json().code).toBe('poll.closed');
          const after = (await c.client.request('GET', `/api/polls/${p.id}`)).json().poll;
          expect(after).toMatchObject({ totalVoters: 0, myVotes: [] });
          // A vote that finds the deadline passed closes the poll, announced once.
          expect(after.closedAt).not.toBeNull();
          const notes = (await history(a)).filter(
            (m) => m.system?.type === 'poll_closed' && m.system.value === '마감 대기',
          );
          expect(notes).toHaveLength(1);

          const q = (await create(a, { question: '마감 경합', options: ['x', 'y'] })).json().poll;
          const raced = await voteWhileLocked(q.id, q.options[0].id, () =>
            blocker.query('update polls set closed_at = $1 where id = $2', [clock, q.id]),
          );
          expect(raced.json().code).toBe('poll.closed');
          expect((await c.client.request('GET', `/api/polls/${q.id}`)).json().poll.totalVoters).toBe(0);
        } finally {
          await blocker.end();
        }
      },
    );

    it('POLL-3: the periodic sweep closes expired polls once, even with two sweeps at once', async () => {
      await t.services.polls.sweep(); // leftovers of earlier tests
      const endsAt = new Date(clock + 1000).toISOString();
      const p = (await create(a, { question: '스윕', options: ['x', 'y'], endsAt })).json().poll;
      clock += 2000;
      const [n1, n2] = await Promise.all([t.services.polls.sweep(), t.services.polls.sweep()]);
      expect(n1 + n2).toBe(1);
      expect(await t.services.polls.sweep()).toBe(0);
      expect((await a.client.request('GET', `/api/polls/${p.id}`)).json().poll.closedAt).not.toBeNull();
      const notes = (await history(a)).filter(
        (m) => m.system?.type === 'poll_closed' && m.system.value === '스윕',
      );
      expect(notes).toHaveLength(1);
    });

    it('POLL-1: a deleted poll keeps nothing: the sweep never closes or announces it after its deadline', async () => {
      await t.services.polls.sweep(); // leftovers of earlier tests
      const endsAt = new Date(clock + 1000).toISOString();
      const p = (await create(a, { question: '비밀 안건', options: ['x', 'y'], endsAt })).json().poll;
      expect((await vote(b, p.id, p.options[0].id)).statusCode).toBe(200);
      expect((await a.client.request('DELETE', `/api/messages/${p.messageId}`)).statusCode).toBe(200);
      clock += 2000;
      expect(await t.services.polls.sweep()).toBe(0);
      const all = await history(a);
      expect(all.filter((m) => m.system?.value === '비밀 안건')).toHaveLength(0);
      expect(all.find((m) => m.pollId === p.id)).toBeUndefined();
      expect((await a.client.request('GET', `/api/polls/${p.id}`)).json().code).toBe('poll.not_found');
    });

    it('POLL-4: the creator or a room admin closes early; a plain member cannot; closed polls refuse votes', async () => {
      const p = (await create(c, { question: '조기 마감', options: ['x', 'y'] })).json().poll;
      const q = (await create(a, { question: '관리자 마감', options: ['x', 'y'] })).json().poll;
      const denied = await c.client.request('POST', `/api/polls/${q.id}/close`);
      expect(denied.statusCode).toBe(403);
      expect(denied.json().code).toBe('poll.forbidden');
      expect(
        (await c.client.request('POST', `/api/polls/${p.id}/close`)).json().poll.closedAt,
      ).not.toBeNull();
      expect((await b.client.request('POST', `/api/polls/${q.id}/close`)).statusCode).toBe(200);
      expect((await b.client.request('POST', `/api/polls/${q.id}/close`)).json().code).toBe('poll.closed');
      expect((await vote(a, p.id, p.options[0].id)).json().code).toBe('poll.closed');
      const notes = (await history(a)).filter((m) => m.system?.type === 'poll_closed');
      expect(notes.some((m) => m.system!.value === '조기 마감')).toBe(true);
    });

    it('POLL-5: an anonymous poll never reveals who voted, through any endpoint', async () => {
      const p = (await create(a, { question: '익명', options: ['x', 'y'], anonymous: true })).json().poll;
      const voted = (await vote(b, p.id, p.options[0].id)).json().poll;
      expect(voted.myVotes).toEqual([p.options[0].id]);
      const bodies = [
        JSON.stringify({ poll: voted }),
        (await a.client.request('GET', `/api/polls/${p.id}`)).body,
        (await a.client.request('GET', `/api/rooms/${roomId}/polls`)).body,
        (await a.client.request('POST', `/api/polls/${p.id}/close`)).body,
      ];
      for (const body of bodies) {
        const poll =
          JSON.parse(body).poll ?? JSON.parse(body).polls.find((x: { id: string }) => x.id === p.id);
        expect(poll.options.every((o: { voterIds: unknown }) => o.voterIds === null)).toBe(true);
        expect(poll.options[0].votes).toBe(1);
      }
      // The creator's view carries no voter id at all.
      expect(bodies[1]).not.toContain(b.id);
    });

    it('POLL-1: in an announcement room only admins create polls, and every member votes (ADM-4)', async () => {
      const ann = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: '공지 전용', memberIds: [c.id] })
      ).json().room.id;
      await a.client.request('PATCH', `/api/rooms/${ann}`, { postPolicy: 'admins' });
      const denied = await create(c, { question: 'q', options: ['a', 'b'] }, ann);
      expect(denied.statusCode).toBe(403);
      expect(denied.json().code).toBe('room.post_forbidden');
      const p = (await create(a, { question: '공지방 투표', options: ['a', 'b'] }, ann)).json().poll;
      expect((await vote(c, p.id, p.options[0].id)).json().poll.myVotes).toEqual([p.options[0].id]);
    });

    it('POLL-6: non-members get room.not_member, unknown ids poll.not_found, a deleted poll is gone', async () => {
      const p = (await create(a, { question: '권한', options: ['x', 'y'] })).json().poll;
      for (const res of [
        await outsider.client.request('GET', `/api/rooms/${roomId}/polls`),
        await create(outsider, { question: 'q', options: ['a', 'b'] }),
        await outsider.client.request('GET', `/api/polls/${p.id}`),
        await vote(outsider, p.id, p.options[0].id),
        await outsider.client.request('POST', `/api/polls/${p.id}/close`),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('room.not_member');
      }
      expect((await vote(a, 'nope', 'x')).json().code).toBe('poll.not_found');
      expect((await a.client.request('GET', '/api/rooms/nope/polls')).statusCode).toBe(404);
      await a.client.request('DELETE', `/api/messages/${p.messageId}`);
      expect((await vote(b, p.id, p.options[0].id)).json().code).toBe('poll.not_found');
      const list = (await b.client.request('GET', `/api/rooms/${roomId}/polls`)).json().polls;
      expect(list.some((x: { id: string }) => x.id === p.id)).toBe(false);
    });
  });
}

describe('polls and the send rate limit', () => {
  it('POLL-1: a poll counts against the per-user send limit (SEC-3), so polls cannot flood a room', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_MESSAGE: '3/min' } });
    try {
      const [a, b] = await actors(t, 'pat', 'quinn');
      const roomId = (
        await a!.client.request('POST', '/api/rooms', { kind: 'group', name: '제한', memberIds: [b!.id] })
      ).json().room.id as string;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await a!.client.request('POST', `/api/rooms/${roomId}/polls`, {
          question: `질문 ${i}`,
          options: ['x', 'y'],
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) expect(res.json().code).toBe('rate.limited');
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await t.close();
    }
  });
});
