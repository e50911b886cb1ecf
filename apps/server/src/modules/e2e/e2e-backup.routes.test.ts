import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, type Actor, type TestApp } from '../../test/harness.ts';
import { realtimeSuite } from '../../test/sockets.ts';

/** Random opaque bytes as base64url: the server must store and return them untouched. */
const opaque = (n = 48): string => randomBytes(n).toString('base64url');

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`E2E recovery routes (${kind})`, () => {
    const rt = realtimeSuite({ kind });
    let t: TestApp;
    let a: Actor;
    let b: Actor;
    let outsider: Actor;
    beforeAll(async () => {
      t = rt.app;
      [a, b, outsider] = (await actors(t, 'anna', 'ben', 'olga')) as [Actor, Actor, Actor];
    });

    const auditOf = (action: string, actorId: string) =>
      t.db.kysely
        .selectFrom('audit_log')
        .select(['target_id', 'detail'])
        .where('action', '=', action)
        .where('actor_id', '=', actorId)
        .execute();
    const put = (who: Actor, body: Record<string, unknown>) =>
      who.client.request('PUT', '/api/e2e/secret-store', body);
    const post = (who: Actor, entries: { roomId: string; epoch: number; blob: string }[]) =>
      who.client.request('POST', '/api/e2e/history-keys', { entries });
    const list = (who: Actor, roomId: string, after?: number) =>
      who.client.request(
        'GET',
        `/api/rooms/${roomId}/e2e/history-keys${after === undefined ? '' : `?after=${after}`}`,
      );

    it('E2E-63: the secret store is set up once from version 0, replaced only from the version it is at, and read back byte for byte', async () => {
      const none = await a.client.request('GET', '/api/e2e/secret-store');
      expect([none.statusCode, none.json().code]).toEqual([404, 'e2e.secret_store_not_found']);
      const first = opaque(120);
      const created = await put(a, { fromVersion: 0, blob: first });
      expect(created.statusCode).toBe(200);
      expect(created.json().secretStore).toMatchObject({ version: 1, blob: first });
      // A second device that also thought there was none loses: its recovery key would not open the store.
      const raced = await put(a, { fromVersion: 0, blob: opaque(120) });
      expect([raced.statusCode, raced.json().code]).toEqual([409, 'e2e.secret_store_stale']);
      const second = opaque(120);
      expect((await put(a, { fromVersion: 1, blob: second })).json().secretStore.version).toBe(2);
      const stale = await put(a, { fromVersion: 1, blob: opaque(120) });
      expect([stale.statusCode, stale.json().code]).toEqual([409, 'e2e.secret_store_stale']);
      const read = await a.client.request('GET', '/api/e2e/secret-store');
      expect(read.json().secretStore).toMatchObject({ version: 2, blob: second });
      // Each one is someone's own: B sees none.
      expect((await b.client.request('GET', '/api/e2e/secret-store')).statusCode).toBe(404);
      // Audited with the versions, never the blob.
      const audit = await auditOf('e2e.recovery_set_up', a.id);
      expect(audit.map((r) => JSON.parse(String(r.detail)))).toEqual([
        { fromVersion: 0, toVersion: 1 },
        { fromVersion: 1, toVersion: 2 },
      ]);
      expect(JSON.stringify(audit)).not.toContain(second);
    });

    it('E2E-63: a blob that is not base64url, too large, or a body with unknown fields is a 400', async () => {
      for (const body of [
        { fromVersion: 2, blob: 'not base64!' },
        { fromVersion: 2, blob: 'A'.repeat(4097) },
        { fromVersion: 2, blob: opaque(), extra: 1 },
        { fromVersion: -1, blob: opaque() },
      ]) {
        const res = await put(a, body);
        expect(res.statusCode, JSON.stringify(body).slice(0, 40)).toBe(400);
        expect(res.json().code).toBe('request.invalid_body');
      }
    });

    it('E2E-63: a device set up from the recovery key is audited by device and version only', async () => {
      const deviceId = `d_${randomBytes(6).toString('hex')}`;
      await a.client.request('POST', '/api/e2e/devices', { deviceId, cert: opaque(200), mskPub: opaque(32) });
      const used = await a.client.request('POST', '/api/e2e/secret-store/used', { deviceId, version: 2 });
      expect(used.statusCode).toBe(200);
      expect(
        (await auditOf('e2e.recovery_used', a.id)).map((r) => [r.target_id, JSON.parse(String(r.detail))]),
      ).toEqual([[deviceId, { version: 2 }]]);
      // Not for another user's device, and not without a secret store.
      const foreign = await b.client.request('POST', '/api/e2e/secret-store/used', { deviceId, version: 2 });
      expect(foreign.json().code).toBe('e2e.device_not_found');
    });

    it('E2E-64, E2E-65: history entries are kept once per room and epoch, only for encrypted rooms of mine, and read back in epoch order', async () => {
      const room = await rt.group(a, [b], 'hist', true);
      const plain = await rt.group(a, [b], 'plain', false);
      const theirs = await rt.group(outsider, [], 'theirs', true);
      const blobs = [opaque(), opaque(), opaque()];
      const res = await post(a, [
        { roomId: room, epoch: 2, blob: blobs[2]! },
        { roomId: room, epoch: 0, blob: blobs[0]! },
        { roomId: plain, epoch: 0, blob: opaque() },
        { roomId: theirs, epoch: 0, blob: opaque() },
        { roomId: 'no-such-room', epoch: 0, blob: opaque() },
      ]);
      expect(res.statusCode).toBe(200);
      expect(res.json().stored).toBe(2);
      expect([...res.json().refused].sort()).toEqual([plain, theirs, 'no-such-room'].sort());
      // The same epoch again keeps the first entry (the first of my devices wins); a new epoch is added.
      const again = await post(a, [
        { roomId: room, epoch: 0, blob: opaque() },
        { roomId: room, epoch: 1, blob: blobs[1]! },
      ]);
      expect(again.json()).toEqual({ stored: 1, refused: [] });
      const mine = await list(a, room);
      expect(mine.json()).toEqual({
        entries: blobs.map((blob, epoch) => ({ epoch, blob })),
        hasMore: false,
      });
      expect((await list(a, room, 0)).json().entries.map((e: { epoch: number }) => e.epoch)).toEqual([1, 2]);
      // B is a member of the room but has no entries: A's are never B's.
      expect((await list(b, room)).json()).toEqual({ entries: [], hasMore: false });
      // Outsiders and unknown rooms: as if there were no room.
      const foreign = await list(outsider, room);
      expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'room.not_found']);
      expect((await list(a, 'no-such-room')).statusCode).toBe(404);
    });

    it('E2E-64: a batch is capped and each entry is opaque and bounded', async () => {
      const room = await rt.group(a, [], 'caps', true);
      const many = Array.from({ length: 101 }, (_, epoch) => ({ roomId: room, epoch, blob: opaque(8) }));
      expect((await post(a, many)).statusCode).toBe(400);
      expect((await post(a, [])).statusCode).toBe(400);
      expect((await post(a, [{ roomId: room, epoch: 0, blob: 'a b' }])).statusCode).toBe(400);
      expect((await post(a, [{ roomId: room, epoch: -1, blob: opaque() }])).statusCode).toBe(400);
      expect((await post(a, [{ roomId: room, epoch: 0, blob: 'A'.repeat(40_001) }])).statusCode).toBe(400);
    });

    it('E2E-65: a long history pages by epoch', async () => {
      const room = await rt.group(a, [], 'pages', true);
      for (let from = 0; from < 150; from += 100)
        await post(
          a,
          Array.from({ length: Math.min(100, 150 - from) }, (_, i) => ({
            roomId: room,
            epoch: from + i,
            blob: opaque(8),
          })),
        );
      const first = (await list(a, room)).json();
      expect([first.entries.length, first.hasMore, first.entries.at(-1).epoch]).toEqual([100, true, 99]);
      const rest = (await list(a, room, 99)).json();
      expect([rest.entries.length, rest.hasMore, rest.entries[0].epoch]).toEqual([50, false, 100]);
    });

    it('E2E-66: leaving a room ends access to its entries, and deleting the room deletes them', async () => {
      const room = await rt.group(a, [b], 'gone', true);
      await post(b, [{ roomId: room, epoch: 0, blob: opaque() }]);
      expect((await b.client.request('POST', `/api/rooms/${room}/leave`)).statusCode).toBe(200);
      expect((await list(b, room)).statusCode).toBe(404);
      await post(a, [{ roomId: room, epoch: 0, blob: opaque() }]);
      const count = () =>
        t.db.kysely
          .selectFrom('e2e_history_keys')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('room_id', '=', room)
          .executeTakeFirstOrThrow();
      expect(Number((await count()).n)).toBe(2);
      await t.db.kysely.deleteFrom('rooms').where('id', '=', room).execute();
      expect(Number((await count()).n)).toBe(0);
    });
    it('E2E-89: verified marks are my own: kept per person, the latest replaces the one before, read back only by me', async () => {
      const mark = () => ({ mskPub: opaque(32), sig: opaque(64) });
      expect((await a.client.request('GET', '/api/e2e/verified-marks')).json()).toEqual({ marks: [] });
      const first = mark();
      const put1 = await a.client.request('PUT', `/api/e2e/verified-marks/${b.id}`, first);
      expect(put1.statusCode).toBe(200);
      expect(put1.json().mark).toMatchObject({ userId: b.id, ...first });
      const second = mark();
      await a.client.request('PUT', `/api/e2e/verified-marks/${b.id}`, second);
      await a.client.request('PUT', `/api/e2e/verified-marks/${outsider.id}`, mark());
      const mine = (await a.client.request('GET', '/api/e2e/verified-marks')).json().marks;
      expect(mine.map((m: { userId: string }) => m.userId).sort()).toEqual([b.id, outsider.id].sort());
      expect(mine.find((m: { userId: string }) => m.userId === b.id)).toMatchObject(second);
      // B does not see A's marks about B, nor anyone else's.
      expect((await b.client.request('GET', '/api/e2e/verified-marks')).json()).toEqual({ marks: [] });
    });

    it('E2E-89: a mark of myself, of nobody, or not shaped as a key and a signature is refused', async () => {
      const good = { mskPub: opaque(32), sig: opaque(64) };
      const self = await a.client.request('PUT', `/api/e2e/verified-marks/${a.id}`, good);
      expect([self.statusCode, self.json().code]).toEqual([404, 'user.not_found']);
      const nobody = await a.client.request('PUT', '/api/e2e/verified-marks/u_nobody', good);
      expect([nobody.statusCode, nobody.json().code]).toEqual([404, 'user.not_found']);
      for (const body of [
        { mskPub: opaque(31), sig: good.sig },
        { mskPub: good.mskPub, sig: opaque(63) },
        { mskPub: 'x'.repeat(42) + '!', sig: good.sig },
        { ...good, extra: 1 },
        { mskPub: good.mskPub },
      ]) {
        const res = await a.client.request('PUT', `/api/e2e/verified-marks/${b.id}`, body);
        expect([res.statusCode, res.json().code]).toEqual([400, 'request.invalid_body']);
      }
      const anon = await t.client().request('GET', '/api/e2e/verified-marks');
      expect(anon.statusCode).toBe(401);
    });
  });
}
