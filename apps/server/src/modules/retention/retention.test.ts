import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UnitOfWork } from '../../db/unit-of-work.ts';
import { FileStorage } from '../files/file-storage.ts';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { fakeDevice, fakeGroup, opaque } from '../../test/e2e-transport.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';
import {
  collect,
  expectProtocolKept,
  listen,
  openSocket,
  ping,
  type ClientSocket,
} from '../../test/sockets.ts';
import { Timeline } from '../timeline/timeline.ts';
import { RetentionRepository } from './retention.repository.ts';
import { RetentionService } from './retention.service.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

interface Sent {
  id: string;
  roomId: string;
  seq: number;
}

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`retention (${kind})`, () => {
    let t: TestApp;
    let admin: Actor;
    let bob: Actor;
    const sockets: ClientSocket[] = [];
    beforeAll(async () => {
      // The server keeps messages 30 days unless a room says otherwise.
      t = await startTestApp({ kind, env: { RETENTION_DAYS: '30' } });
      [admin, bob] = (await actors(t, 'admin', 'bob')) as [Actor, Actor];
    });
    afterAll(async () => {
      for (const s of sockets) s.close();
      await t.close();
    });

    const group = async (
      name: string,
      settings: { legal_hold?: number; retention_days?: number | null } = {},
    ) => {
      const res = await admin.client.request('POST', '/api/rooms', {
        kind: 'group',
        name,
        memberIds: [bob.id],
      });
      const roomId = res.json().room.id as string;
      // Legal hold and a room's own retention are set by the rooms console (another module): here, directly.
      if (Object.keys(settings).length > 0)
        await t.db.kysely.updateTable('rooms').set(settings).where('id', '=', roomId).execute();
      return roomId;
    };
    const send = async (
      a: Actor,
      roomId: string,
      body: string,
      more: { replyToId?: string; uploadTokens?: string[] } = {},
    ): Promise<Sent> => {
      const res = await a.client.request('POST', `/api/rooms/${roomId}/messages`, {
        id: uuidv7(),
        body,
        ...more,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().message as Sent;
    };
    /**
     * Makes a message `days` old, and the room's earlier messages (its creation's system message) at least as
     * old: time runs one way, and retention removes a room's oldest messages first.
     */
    const age = async (m: Sent, days: number) => {
      const at = Date.now() - days * DAY_MS;
      await t.db.kysely
        .updateTable('messages')
        .set({ created_at: at })
        .where('room_id', '=', m.roomId)
        .where('seq', '<=', m.seq)
        .where('created_at', '>', at)
        .execute();
    };
    /** A room's timeline with the given ages in days, oldest first; returns the messages by age. */
    const aged = async (roomId: string, ...days: number[]) => {
      const out: Sent[] = [];
      for (const d of days) {
        const m = await send(admin, roomId, `${d}일 전`);
        await age(m, d);
        out.push(m);
      }
      return out;
    };
    const history = async (roomId: string) =>
      (await bob.client.request('GET', `/api/rooms/${roomId}/messages?limit=100`)).json().messages as {
        id: string;
        body: string;
        replyTo: unknown;
        replyToRemoved?: boolean;
      }[];
    const ids = async (roomId: string) => (await history(roomId)).map((m) => m.id);
    const run = async () => {
      const res = await admin.client.request('POST', '/api/admin/retention/run');
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const png = () =>
      sharp({ create: { width: 8, height: 8, channels: 3, background: '#c63' } })
        .png()
        .toBuffer();

    it('RET-1: removes exactly the messages older than the retention, nothing newer; legal hold and 0 keep everything; a room’s own days override the default', async () => {
      // Earlier tests of this file may have left due messages: start from a clean slate.
      await run();
      const plain = await group('기본 보관');
      const [p40, p31, p29, p0] = await aged(plain, 40, 31, 29, 0);
      const held = await group('법적 보존', { legal_hold: 1, retention_days: 7 });
      const heldIds = (await aged(held, 400, 40)).map((m) => m.id);
      const forever = await group('영구 보관', { retention_days: 0 });
      const foreverIds = (await aged(forever, 400, 40)).map((m) => m.id);
      const short = await group('7일 보관', { retention_days: 7 });
      const [s10, s8, s6] = await aged(short, 10, 8, 6);
      const long = await group('90일 보관', { retention_days: 90 });
      const [l100, l40] = await aged(long, 100, 40);

      const result = await run();
      expect(await ids(plain)).toEqual(expect.arrayContaining([p29!.id, p0!.id]));
      expect(await ids(plain)).not.toContain(p40!.id);
      expect(await ids(plain)).not.toContain(p31!.id);
      expect(await ids(held)).toEqual(expect.arrayContaining(heldIds));
      expect(await ids(forever)).toEqual(expect.arrayContaining(foreverIds));
      expect(await ids(short)).not.toContain(s10!.id);
      expect(await ids(short)).not.toContain(s8!.id);
      expect(await ids(short)).toContain(s6!.id);
      expect(await ids(long)).not.toContain(l100!.id);
      expect(await ids(long)).toContain(l40!.id);
      expect(result.defaultDays).toBe(30);
      const byRoom = Object.fromEntries(
        (result.rooms as { roomId: string; messages: number }[]).map((r) => [r.roomId, r.messages]),
      );
      // Each also loses the system message of its creation, older still.
      expect(byRoom).toEqual({ [plain]: 3, [short]: 3, [long]: 2 });
      expect(result.totals).toMatchObject({ rooms: 3, messages: 8 });
    });

    it('RET-1: files of removed messages are gone from disk and from download; notices, polls and search go along; unread counts stay sane', async () => {
      const roomId = await group('파일 정리');
      const up = (await admin.client.upload(roomId, '오래된 보고서.png', await png())).json();
      const old = await send(admin, roomId, '오래된 분기 보고서', { uploadTokens: [up.uploadToken] });
      await age(old, 60);
      const poll = (
        await admin.client.request('POST', `/api/rooms/${roomId}/polls`, {
          question: '오래된 투표?',
          options: ['예', '아니오'],
        })
      ).json().poll as { id: string; messageId: string };
      await age({ id: poll.messageId, roomId, seq: old.seq + 1 }, 59);
      await admin.client.request('POST', `/api/rooms/${roomId}/pins`, { messageId: old.id });
      const fresh = await send(admin, roomId, '새 소식');
      const fileId = up.file.id as string;
      const storage = new FileStorage(t.config.dataDir);
      expect(existsSync(storage.objectPath(fileId))).toBe(true);
      const unread = async () =>
        (
          (await bob.client.request('GET', '/api/rooms')).json().rooms as {
            id: string;
            unreadCount: number;
          }[]
        ).find((r) => r.id === roomId)?.unreadCount;
      expect(await unread()).toBe(3);

      const result = await run();
      expect(result.rooms).toContainEqual(expect.objectContaining({ roomId, messages: 3, files: 1 }));
      expect(existsSync(storage.objectPath(fileId))).toBe(false);
      expect((await admin.client.request('GET', `/uploads/${fileId}`)).statusCode).toBe(404);
      expect((await admin.client.request('GET', `/api/polls/${poll.id}`)).statusCode).toBe(404);
      expect((await admin.client.request('GET', `/api/rooms/${roomId}/pins`)).json().pins).toEqual([]);
      const found = await admin.client.request('GET', `/api/search?q=${encodeURIComponent('분기 보고서')}`);
      expect(found.json().hits).toEqual([]);
      const left = await ids(roomId);
      expect(left).toContain(fresh.id);
      expect(left).not.toContain(old.id);
      expect(left).not.toContain(poll.messageId);
      expect(await unread()).toBe(1);
    });

    it('E2E-66 RET-1: in an encrypted room the history entries of epochs no message left needs go with the messages; the epochs still read stay', async () => {
      const made = await admin.client.request('POST', '/api/rooms', {
        kind: 'group',
        name: '비밀 정리',
        memberIds: [bob.id],
        encrypted: true,
      });
      const roomId = made.json().room.id as string;
      const deviceId = await fakeDevice(admin);
      await fakeGroup(admin, roomId);
      // One message in each of epochs 0, 1 and 2 (a commit between them), oldest first.
      const sent: Sent[] = [];
      for (const epoch of [0, 1, 2]) {
        if (epoch > 0) {
          const commit = await admin.client.request('POST', `/api/rooms/${roomId}/e2e/commits`, {
            epoch: epoch - 1,
            commit: opaque(),
            groupInfo: opaque(),
          });
          expect(commit.statusCode, commit.body).toBe(200);
        }
        const res = await admin.client.request('POST', `/api/rooms/${roomId}/e2e/messages`, {
          id: uuidv7(),
          epoch,
          deviceId,
          ciphertext: opaque(),
        });
        expect(res.statusCode, res.body).toBe(200);
        sent.push(res.json().message as Sent);
      }
      // Both members keep each epoch's keys in their backup.
      const entries = [0, 1, 2].map((epoch) => ({ roomId, epoch, blob: opaque() }));
      for (const who of [admin, bob])
        expect((await who.client.request('POST', '/api/e2e/history-keys', { entries })).statusCode).toBe(200);
      const epochsOf = async (who: Actor) =>
        (
          (await who.client.request('GET', `/api/rooms/${roomId}/e2e/history-keys`)).json().entries as {
            epoch: number;
          }[]
        ).map((e) => e.epoch);

      // The epoch-0 message is past retention: its epoch's entries go, 1 and 2 stay.
      await age(sent[0]!, 45);
      await run();
      expect(await ids(roomId)).not.toContain(sent[0]!.id);
      expect(await epochsOf(admin)).toEqual([1, 2]);
      expect(await epochsOf(bob)).toEqual([1, 2]);

      // Every message is past retention: only the group's epoch now (2, which new messages use) stays.
      await age(sent[2]!, 40);
      await run();
      expect(await ids(roomId)).not.toContain(sent[2]!.id);
      expect(await epochsOf(admin)).toEqual([2]);
      expect(await epochsOf(bob)).toEqual([2]);
    });

    it('RET-4, RET-1: a reply to a removed message presents its original as deleted, and open timelines hear what went', async () => {
      const roomId = await group('답장');
      const original = await send(admin, roomId, '원래 질문');
      await age(original, 45);
      const reply = await send(bob, roomId, '답변입니다', { replyToId: original.id });
      const url = await listen(t);
      const s = await openSocket(url, bob.client);
      sockets.push(s);
      const purged = collect(s, 'messages:purged');

      await run();
      await ping(s);
      expect(purged).toContainEqual({ roomId, untilSeq: original.seq });
      const shown = (await history(roomId)).find((m) => m.id === reply.id);
      expect(shown).toMatchObject({ body: '답변입니다', replyTo: null, replyToRemoved: true });
      // The room's other messages keep their quotes as they were.
      const kept = await send(admin, roomId, '새 질문');
      await send(bob, roomId, '새 답변', { replyToId: kept.id });
      const again = (await history(roomId)).at(-1)!;
      expect(again).toMatchObject({ replyTo: { id: kept.id, deleted: false } });
      expect(again.replyToRemoved).toBeUndefined();
      expectProtocolKept();
    });

    it('RET-3: the preview answers what a run removes, per room, without removing anything; `days` previews another default', async () => {
      await run();
      const a = await group('미리보기 A');
      await aged(a, 50, 45, 40);
      const b = await group('미리보기 B');
      const [b20] = await aged(b, 20, 1);
      const up = (await admin.client.upload(a, '첨부.png', await png())).json();
      const withFile = await send(admin, a, '첨부', { uploadTokens: [up.uploadToken] });
      await age(withFile, 35);

      const preview = (await admin.client.request('GET', '/api/admin/retention/preview')).json();
      expect(preview.rooms).toEqual([
        { roomId: a, name: '미리보기 A', messages: 5, files: 1, oldest: expect.any(String) },
      ]);
      expect(Date.parse(preview.rooms[0].oldest)).toBeLessThan(Date.now() - 49 * DAY_MS);
      expect(preview.totals).toEqual({ rooms: 1, messages: 5, files: 1 });
      // Nothing went.
      expect(await ids(a)).toHaveLength(5);
      const hypothetical = (await admin.client.request('GET', '/api/admin/retention/preview?days=10')).json();
      expect(hypothetical.defaultDays).toBe(10);
      expect(hypothetical.rooms).toContainEqual(
        expect.objectContaining({ roomId: b, messages: 2, files: 0 }),
      );
      expect(await ids(b)).toContain(b20!.id);

      const result = await run();
      expect(result.rooms).toEqual(preview.rooms);
      expect(result.totals).toEqual(preview.totals);
      expect(await ids(a)).toHaveLength(0);
      const after = (await admin.client.request('GET', '/api/admin/retention/preview')).json();
      expect(after.totals).toEqual({ rooms: 0, messages: 0, files: 0 });
    });

    it('RET-3: only server admins preview and run; bad input is a 400; a second run while one goes on is refused', async () => {
      const asBob = await bob.client.request('GET', '/api/admin/retention/preview');
      expect(asBob.statusCode).toBe(403);
      expect(asBob.json().code).toBe('admin.required');
      expect((await bob.client.request('POST', '/api/admin/retention/run')).statusCode).toBe(403);
      expect((await t.client().request('GET', '/api/admin/retention/preview')).statusCode).toBe(401);
      for (const days of ['-1', 'abc', '1.5', '99999999']) {
        const bad = await admin.client.request('GET', `/api/admin/retention/preview?days=${days}`);
        expect(bad.statusCode, days).toBe(400);
        expect(bad.json().code).toBe('request.invalid_query');
      }
      // Another process's run holds the lock.
      expect(await t.store.claim('retention:running', 60_000)).toBe(true);
      const busy = await admin.client.request('POST', '/api/admin/retention/run');
      expect(busy.statusCode).toBe(409);
      expect(busy.json().code).toBe('retention.running');
      await t.store.del('retention:running');
      expect((await admin.client.request('POST', '/api/admin/retention/run')).statusCode).toBe(200);
      const doc = (await t.http.inject('/api/openapi.json')).json();
      expect(doc.paths['/api/admin/retention/preview'].get.tags).toEqual(['admin']);
      expect(doc.paths['/api/admin/retention/run'].post.tags).toEqual(['admin']);
    });

    it('RET-1: a run is audited once, with its counts per room, however many batches it took; the job runs once per period', async () => {
      await run();
      const a = await group('감사 A');
      await aged(a, 70, 69, 68, 67, 66, 65, 64);
      const b = await group('감사 B', { retention_days: 3 });
      await aged(b, 5, 4);
      const uow = new UnitOfWork(t.db.kysely);
      const storage = new FileStorage(t.config.dataDir);
      const retention = new RetentionService({
        uow,
        repo: new RetentionRepository(t.db.kysely),
        timeline: new Timeline({
          uow,
          events: t.broadcaster,
          removeFiles: async (list) => {
            for (const id of list) await storage.remove(id);
          },
          newId: uuidv7,
        }),
        store: t.store,
        defaultRetentionDays: async () => 30,
        now: Date.now,
        batchSize: 2,
        log: { warn: () => {} },
      });
      const before = Date.now();
      const result = await retention.tick();
      expect(result?.totals).toEqual({ rooms: 2, messages: 11, files: 0 });
      // The period's lease is taken: another process (or a second tick) does nothing this hour.
      expect(await retention.tick()).toBeNull();
      const entries = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'retention.run')
        .where('created_at', '>=', before)
        .execute();
      expect(entries).toHaveLength(1);
      expect(entries[0]!.actor_id).toBeNull();
      expect(JSON.parse(entries[0]!.detail)).toEqual({
        rooms: { [a]: 8, [b]: 3 },
        messages: 11,
        files: 0,
        defaultDays: 30,
      });
      // An admin's run is on record even when nothing was due.
      await run();
      const mine = await t.db.kysely
        .selectFrom('audit_log')
        .select(['actor_id', 'detail'])
        .where('action', '=', 'retention.run')
        .where('actor_id', '=', admin.id)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(mine.detail)).toMatchObject({ rooms: {}, messages: 0 });
      const verify = await admin.client.request('GET', '/api/admin/audit?action=retention');
      expect(verify.json().entries[0]).toMatchObject({ action: 'retention.run' });
    });

    it('RET-2, RET-1: a legal hold set while a run goes through the room stops it there; what went is audited', async () => {
      await run();
      const room = await group('도중 보존');
      await aged(room, 70, 69, 68, 67, 66, 65, 64);
      const uow = new UnitOfWork(t.db.kysely);
      const timeline = new Timeline({
        uow,
        events: t.broadcaster,
        removeFiles: async () => {},
        newId: uuidv7,
      });
      let batches = 0;
      const retention = new RetentionService({
        uow,
        repo: new RetentionRepository(t.db.kysely),
        timeline: {
          purge: (tx, keys) => timeline.purge(tx, keys),
          // After the first batch has committed, a compliance officer puts the room under legal hold.
          publish: async (change) => {
            const out = await timeline.publish(change);
            if (++batches === 1) {
              const res = await admin.client.request('POST', `/api/admin/rooms/${room}/legal-hold`, {
                hold: true,
              });
              expect(res.statusCode, res.body).toBe(200);
            }
            return out;
          },
        },
        store: t.store,
        defaultRetentionDays: async () => 30,
        now: Date.now,
        batchSize: 2,
        log: { warn: () => {} },
      });
      const result = await retention.runNow(admin.id);
      expect(batches).toBe(1);
      expect(result.totals).toEqual({ rooms: 1, messages: 2, files: 0 });
      // The first batch (the creation line and the oldest message) went; the six after them stay under the hold.
      expect((await history(room)).filter((m) => m.body.endsWith('일 전')).map((m) => m.body)).toEqual([
        '69일 전',
        '68일 전',
        '67일 전',
        '66일 전',
        '65일 전',
        '64일 전',
      ]);
      const entry = await t.db.kysely
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'retention.run')
        .where('actor_id', '=', admin.id)
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(entry.detail)).toMatchObject({ rooms: { [room]: 2 }, messages: 2 });
    });
  });

  describe.skipIf(skip)(`the retention run lock (${kind})`, () => {
    let t: TestApp;
    let admin: Actor;
    beforeAll(async () => {
      t = await startTestApp({ kind, env: { RETENTION_DAYS: '30' } });
      [admin] = (await actors(t, 'admin')) as [Actor];
    });
    afterAll(() => t.close());

    /** A room with `n` messages 70, 69, ... days old (and its creation line, older still). */
    const dueRoom = async (name: string, n: number) => {
      const res = await admin.client.request('POST', '/api/rooms', { kind: 'group', name, memberIds: [] });
      const roomId = res.json().room.id as string;
      for (let i = 0; i < n; i++) {
        const sent = await admin.client.request('POST', `/api/rooms/${roomId}/messages`, {
          id: uuidv7(),
          body: `${70 - i}일 전`,
        });
        const m = sent.json().message as Sent;
        await t.db.kysely
          .updateTable('messages')
          .set({ created_at: Date.now() - (70 - i) * DAY_MS })
          .where('room_id', '=', roomId)
          .where('seq', '<=', m.seq)
          .execute();
      }
      return roomId;
    };
    const left = async (roomId: string) =>
      Number(
        (
          await t.db.kysely
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('room_id', '=', roomId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const lastAudit = async () =>
      JSON.parse(
        (
          await t.db.kysely
            .selectFrom('audit_log')
            .select('detail')
            .where('action', '=', 'retention.run')
            .orderBy('seq', 'desc')
            .executeTakeFirstOrThrow()
        ).detail,
      );
    /** A service on the app's database and state store, 2 messages a batch; `afterBatch` runs after each commit. */
    const service = (afterBatch: (batch: number) => Promise<void>) => {
      const uow = new UnitOfWork(t.db.kysely);
      const timeline = new Timeline({
        uow,
        events: t.broadcaster,
        removeFiles: async () => {},
        newId: uuidv7,
      });
      const warnings: string[] = [];
      let batches = 0;
      const retention = new RetentionService({
        uow,
        repo: new RetentionRepository(t.db.kysely),
        timeline: {
          purge: (tx, keys) => timeline.purge(tx, keys),
          publish: async (change) => {
            const out = await timeline.publish(change);
            await afterBatch(++batches);
            return out;
          },
        },
        store: t.store,
        defaultRetentionDays: async () => 30,
        now: Date.now,
        batchSize: 2,
        log: { warn: (_obj, msg) => warnings.push(msg) },
      });
      return { retention, warnings, batches: () => batches };
    };

    it('RET-1: a run whose lock was taken over (it stalled past the TTL, another run claimed it) stops after the batch it committed, and leaves the new holder’s lock alone', async () => {
      const a = await dueRoom('잠금 A', 5);
      const b = await dueRoom('잠금 B', 3);
      const s = service(async (batch) => {
        // After the first batch, the lock expires and another run claims it with its own token.
        if (batch === 1) {
          await t.store.del('retention:running');
          expect(await t.store.claim('retention:running', 60_000, 'another-run')).toBe(true);
        }
      });
      const result = await s.retention.runNow(admin.id);
      expect(s.batches()).toBe(1);
      // Rooms go most messages first: the first batch was room A's creation line and its oldest message.
      expect(result.totals).toEqual({ rooms: 1, messages: 2, files: 0 });
      expect(result.rooms).toEqual([expect.objectContaining({ roomId: a, messages: 2 })]);
      expect(await left(a)).toBe(4);
      expect(await left(b)).toBe(4);
      expect(await lastAudit()).toMatchObject({ rooms: { [a]: 2 }, messages: 2 });
      expect(s.warnings).toEqual([expect.stringContaining('lost its lock')]);
      // Its release did not delete the other run's lock: the other run still holds it, so a new run waits.
      expect(await t.store.get('retention:running')).toBe('another-run');
      const busy = await admin.client.request('POST', '/api/admin/retention/run');
      expect(busy.statusCode).toBe(409);
      expect(busy.json().code).toBe('retention.running');
      expect(await t.store.release('retention:running', 'another-run')).toBe(true);
      const rest = await s.retention.runNow(admin.id);
      expect(rest.totals).toEqual({ rooms: 2, messages: 8, files: 0 });
      expect(await t.store.get('retention:running')).toBeNull();
    });

    it('RET-1: a run holds the lock under a token of its own, renews it after every batch, and releases it when it ends', async () => {
      const room = await dueRoom('갱신', 3);
      const seen: (string | null)[] = [];
      const s = service(async () => {
        seen.push(await t.store.get('retention:running'));
      });
      expect((await s.retention.runNow(admin.id)).totals.messages).toBe(4);
      expect(seen).toHaveLength(2);
      expect(seen[0]).toMatch(/^[\w-]{16,}$/);
      expect(seen[1]).toBe(seen[0]);
      expect(await left(room)).toBe(0);
      expect(await t.store.get('retention:running')).toBeNull();
      expect(s.warnings).toEqual([]);
      // Another run has another token.
      await dueRoom('갱신 2', 1);
      const other: (string | null)[] = [];
      await service(async () => void other.push(await t.store.get('retention:running'))).retention.runNow(
        admin.id,
      );
      expect(other[0]).toMatch(/^[\w-]{16,}$/);
      expect(other[0]).not.toBe(seen[0]);
    });

    it('RET-1: stop() during a run stops it after its current batch; the report and the audit count exactly what was removed; no run starts afterwards', async () => {
      const a = await dueRoom('중지 A', 6);
      const b = await dueRoom('중지 B', 2);
      let stopped: Promise<void> | null = null;
      let stoppedYet = false;
      const s = service(async (batch) => {
        // The server shuts down while the second batch is being published.
        if (batch === 2) {
          stopped = s.retention.stop().then(() => {
            stoppedYet = true;
          });
        }
      });
      const result = await s.retention.runNow(admin.id);
      expect(s.batches()).toBe(2);
      expect(result.totals).toEqual({ rooms: 1, messages: 4, files: 0 });
      expect(await left(a)).toBe(3);
      expect(await left(b)).toBe(3);
      expect(await lastAudit()).toMatchObject({ rooms: { [a]: 4 }, messages: 4 });
      await stopped;
      expect(stoppedYet).toBe(true);
      expect(s.warnings).toEqual([expect.stringContaining('shutdown')]);
      expect(await t.store.get('retention:running')).toBeNull();
      // Stopped for good: the job does nothing and a run now is refused.
      expect(await s.retention.tick()).toBeNull();
      await expect(s.retention.runNow(admin.id)).rejects.toMatchObject({ code: 'server.unavailable' });
      expect(await left(a)).toBe(3);
      // With no run in progress, stop() resolves at once.
      await s.retention.stop();
      // Another process's run finishes the job.
      const rest = await service(async () => {}).retention.runNow(admin.id);
      expect(rest.totals).toEqual({ rooms: 2, messages: 6, files: 0 });
    });

    it('RET-1: closing the server stops its retention before the database closes', async () => {
      const other = await startTestApp({ kind, database: t.database, env: { RETENTION_DAYS: '30' } });
      await other.close();
      expect(await other.services.retention.tick()).toBeNull();
      await expect(other.services.retention.runNow(admin.id)).rejects.toMatchObject({
        code: 'server.unavailable',
      });
    });
  });

  describe.skipIf(skip)(`the retention job (${kind})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ kind, env: { RETENTION_DAYS: '30' }, build: { retentionMs: 50 } });
    });
    afterAll(() => t.close());

    it('RET-1: the scheduled job removes what is due on its own, and audits it as the server', async () => {
      const [owner] = (await actors(t, 'owner')) as [Actor];
      const roomId = (
        await owner.client.request('POST', '/api/rooms', { kind: 'group', name: '예약 정리', memberIds: [] })
      ).json().room.id as string;
      const old = (
        await owner.client.request('POST', `/api/rooms/${roomId}/messages`, { id: uuidv7(), body: '오래됨' })
      ).json().message as Sent;
      const fresh = (
        await owner.client.request('POST', `/api/rooms/${roomId}/messages`, { id: uuidv7(), body: '새것' })
      ).json().message as Sent;
      await t.db.kysely
        .updateTable('messages')
        .set({ created_at: Date.now() - 31 * DAY_MS })
        .where('room_id', '=', roomId)
        .where('seq', '<=', old.seq)
        .execute();
      const left = async () =>
        ((await owner.client.request('GET', `/api/rooms/${roomId}/messages`)).json().messages as Sent[]).map(
          (m) => m.id,
        );
      await vi.waitFor(async () => expect(await left()).toEqual([fresh.id]), { timeout: 5000, interval: 50 });
      // The run's audit line is written once the run is over, which can be a moment after its last batch.
      const entry = await vi.waitFor(
        () =>
          t.db.kysely
            .selectFrom('audit_log')
            .select(['actor_id', 'detail'])
            .where('action', '=', 'retention.run')
            .executeTakeFirstOrThrow(),
        { timeout: 5000, interval: 50 },
      );
      expect(entry.actor_id).toBeNull();
      expect(JSON.parse(entry.detail)).toMatchObject({ rooms: { [roomId]: old.seq }, messages: old.seq });
    });
  });
}
