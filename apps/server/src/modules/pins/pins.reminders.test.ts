import { sql, type RawBuilder } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObservedQuery } from '../../db/database.ts';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';

/** A statement seen by `onQuery`, rebuilt with its parameters bound (for EXPLAIN on the same handle). */
function rebuild(q: ObservedQuery, kind: 'sqlite' | 'postgres'): RawBuilder<unknown> {
  const parts = q.sql.split(kind === 'sqlite' ? '?' : /\$\d+/);
  const order =
    kind === 'sqlite'
      ? parts.slice(1).map((_, i) => i)
      : [...q.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]) - 1);
  return sql.join(
    parts.map((p, i) => (i === 0 ? sql.raw(p) : sql`${sql.val(q.parameters[order[i - 1]!])}${sql.raw(p)}`)),
    sql.raw(''),
  );
}

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`reminders of a member who was away, at scale (${kind})`, () => {
    let t: TestApp;
    let queries: ObservedQuery[] = [];
    beforeAll(async () => {
      t = await startTestApp({ kind, build: { onQuery: (q) => queries.push(q) } });
    });
    afterAll(() => t.close());

    /** The statements one request sends, and its reply. */
    const observed = async (who: Actor, url: string) => {
      queries = [];
      const res = await who.client.request('GET', url);
      expect(res.statusCode, res.body).toBe(200);
      return { queries: [...queries], json: res.json() };
    };
    type PinJson = { id: string; roomId: string; ackCount: number; ackTotal: number };

    it('PIN-6: coming back, a member gets every reminder in as many queries for twelve rooms as for one, each as its room shows it', async () => {
      const [author, away, ...others] = await actors(t, 'author', 'away', 'o1', 'o2', 'o3');
      const rooms: string[] = [];
      const pins: PinJson[] = [];
      for (let i = 0; i < 12; i++) {
        // Rooms of different sizes, some notices acknowledged by some, half of them pinned messages.
        const members = [away!.id, ...others.slice(0, i % 4).map((o) => o!.id)];
        const roomId = (
          await author!.client.request('POST', '/api/rooms', {
            kind: 'group',
            name: `방 ${i}`,
            memberIds: members,
          })
        ).json().room.id as string;
        rooms.push(roomId);
        const body =
          i % 2 === 1
            ? { body: `공지 ${i}`, requiresAck: true }
            : {
                messageId: (
                  await author!.client.request('POST', `/api/rooms/${roomId}/messages`, {
                    id: uuidv7(),
                    body: `메시지 ${i}`,
                  })
                ).json().message.id,
                requiresAck: true,
              };
        const pin = (await author!.client.request('POST', `/api/rooms/${roomId}/pins`, body)).json().pin;
        if (i % 4 === 3) await others[0]!.client.request('POST', `/api/rooms/${roomId}/pins/${pin.id}/ack`);
        pins.push(pin);
      }
      const remind = async (i: number) => {
        const res = await author!.client.request('POST', `/api/rooms/${rooms[i]}/pins/${pins[i]!.id}/remind`);
        expect(res.statusCode, res.body).toBe(200);
      };

      await remind(0);
      const one = await observed(away!, '/api/pins/reminders');
      expect(one.json.pins.map((p: PinJson) => p.id)).toEqual([pins[0]!.id]);
      for (let i = 1; i < 12; i++) await remind(i);
      const all = await observed(away!, '/api/pins/reminders');
      // Newest reminder first, all twelve rooms.
      expect(all.json.pins.map((p: PinJson) => p.id)).toEqual(pins.map((p) => p.id).reverse());
      expect(all.queries.length).toBe(one.queries.length);
      // Each reminder is the notice as its own room lists it (its members, its acknowledgements).
      for (const p of all.json.pins as PinJson[]) {
        const listed = (await away!.client.request('GET', `/api/rooms/${p.roomId}/pins`)).json().pins;
        expect(p).toEqual(listed.find((x: PinJson) => x.id === p.id));
      }
      expect((all.json.pins as PinJson[]).map((p) => p.ackTotal)).toEqual(
        pins.map((_, i) => 1 + (i % 4)).reverse(),
      );
    });

    it('PIN-6: the reminders query reads only reminder rows of the rooms of the member (their room and time index), never the audit log', async () => {
      const [author, away] = await actors(t, 'author', 'away');
      const group = async (memberIds: string[]) =>
        (
          await author!.client.request('POST', '/api/rooms', { kind: 'group', name: '큰 방', memberIds })
        ).json().room.id as string;
      const roomId = await group([away!.id]);
      const pin = (
        await author!.client.request('POST', `/api/rooms/${roomId}/pins`, { body: '점검', requiresAck: true })
      ).json().pin;
      await author!.client.request('POST', `/api/rooms/${roomId}/pins/${pin.id}/remind`);
      // A busy room's log: thousands of other entries since the member joined; and thousands of reminders
      // in a room the member is not in.
      const now = Date.now();
      const filler = Array.from({ length: 4000 }, (_, i) => ({
        id: `filler-${roomId}-${i}`,
        created_at: now + i,
        actor_id: author!.id,
        action: i % 2 ? 'room.member_invited' : 'file.deleted',
        room_id: roomId,
        target_id: away!.id,
        detail: '{}',
        // Outside the hash chain (its own numbers, no hashes): only the query plans are looked at here.
        seq: 1_000_000 + i,
        prev_hash: '',
        hash: '',
      }));
      const elsewhere = await group([]);
      const other = (
        await author!.client.request('POST', `/api/rooms/${elsewhere}/pins`, {
          body: '다른 방',
          requiresAck: true,
        })
      ).json().pin;
      const reminders = Array.from({ length: 4000 }, (_, i) => ({
        id: `reminder-${elsewhere}-${i}`,
        pin_id: other.id as string,
        room_id: elsewhere,
        reminded_by: author!.id,
        created_at: now + i,
      }));
      for (let i = 0; i < filler.length; i += 500) {
        await t.db.kysely
          .insertInto('audit_log')
          .values(filler.slice(i, i + 500))
          .execute();
        await t.db.kysely
          .insertInto('pin_reminders')
          .values(reminders.slice(i, i + 500))
          .execute();
      }
      await sql`analyze`.execute(t.db.kysely);

      const { queries: seen, json } = await observed(away!, '/api/pins/reminders');
      expect(json.pins.map((p: PinJson) => p.id)).toEqual([pin.id]);
      expect(seen.filter((x) => /audit_log/.test(x.sql))).toEqual([]);
      const q = seen.find((x) => /from "pin_reminders" as "r"/.test(x.sql))!;
      expect(q).toBeDefined();
      const explain =
        kind === 'sqlite' ? sql`explain query plan ${rebuild(q, kind)}` : sql`explain ${rebuild(q, kind)}`;
      const plan = (await explain.execute(t.db.kysely)).rows
        .map((r) => Object.values(r as Record<string, unknown>).join(' '))
        .join('\n');
      expect(plan).toContain('pin_reminders_room_idx');
    });
  });
}
