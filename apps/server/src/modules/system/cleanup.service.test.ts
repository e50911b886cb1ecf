import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { UnitOfWork } from '../../db/unit-of-work.ts';
import { MemoryStateStore } from '../../state/memory-state-store.ts';
import { RedisStateStore } from '../../state/redis-state-store.ts';
import { FileStorage } from '../files/file-storage.ts';
import { CleanupService } from './cleanup.service.ts';
import { DATABASE_KINDS, REDIS_URL } from '../../test/databases.ts';
import { failingStep } from '../../test/failing-step.ts';
import { actors, multipart, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`cleanup of empty rooms and orphan files (${kind})`, () => {
    let t: TestApp;
    let png: Buffer;
    beforeAll(async () => {
      t = await startTestApp({ kind });
      png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#c63' } })
        .png()
        .toBuffer();
    });
    afterAll(() => t.close());

    const objectPath = (id: string) => path.join(t.config.dataDir, 'files', 'objects', id.slice(0, 2), id);
    const roomImage = (id: string) => path.join(t.config.dataDir, 'files', 'rooms', `${id}.1.full.webp`);

    /** A group with a file message and an image, which everyone then leaves. */
    async function abandonedRoom(): Promise<{ roomId: string; fileId: string }> {
      const [a, b] = (await actors(t, 'a', 'b')) as [Actor, Actor];
      const roomId = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: '임시', memberIds: [b.id] })
      ).json().room.id as string;
      const up = (await a.client.upload(roomId, 'a.png', png)).json();
      await a.client.request('POST', `/api/rooms/${roomId}/messages`, {
        id: uuidv7(),
        body: '첨부',
        uploadTokens: [up.uploadToken],
      });
      const { body, contentType } = multipart([], { name: 'r.png', data: png });
      await a.client.request('POST', `/api/rooms/${roomId}/image`, undefined, {
        raw: body,
        headers: { 'content-type': contentType },
      });
      await a.client.request('POST', `/api/rooms/${roomId}/leave`);
      await b.client.request('POST', `/api/rooms/${roomId}/leave`);
      return { roomId, fileId: up.file.id as string };
    }

    it('ADM-7: a room nobody belongs to goes with its messages and files, bytes after the commit', async () => {
      const { roomId, fileId } = await abandonedRoom();
      const [c] = await actors(t, 'c');
      const kept = (
        await c!.client.request('POST', '/api/rooms', { kind: 'group', name: '살아있는 방' })
      ).json().room.id as string;
      expect(existsSync(objectPath(fileId))).toBe(true);
      const result = await t.services.cleanup.run();
      expect(result.rooms).toBeGreaterThanOrEqual(1);
      const room = await t.db.kysely
        .selectFrom('rooms')
        .select('id')
        .where('id', '=', roomId)
        .executeTakeFirst();
      expect(room).toBeUndefined();
      const msgs = await t.db.kysely
        .selectFrom('messages')
        .select('id')
        .where('room_id', '=', roomId)
        .execute();
      expect(msgs).toEqual([]);
      expect(existsSync(objectPath(fileId))).toBe(false);
      expect(existsSync(roomImage(roomId))).toBe(false);
      expect(
        await t.db.kysely.selectFrom('rooms').select('id').where('id', '=', kept).executeTakeFirst(),
      ).toBeTruthy();
    });

    it('ADM-7, RET-2, ADMIN-2: an empty room under legal hold or archived is kept with its files', async () => {
      const held = await abandonedRoom();
      const archived = await abandonedRoom();
      await t.db.kysely.updateTable('rooms').set({ legal_hold: 1 }).where('id', '=', held.roomId).execute();
      await t.db.kysely
        .updateTable('rooms')
        .set({ archived_at: Date.now() })
        .where('id', '=', archived.roomId)
        .execute();
      await t.services.cleanup.run();
      for (const { roomId, fileId } of [held, archived]) {
        const room = await t.db.kysely
          .selectFrom('rooms')
          .select('id')
          .where('id', '=', roomId)
          .executeTakeFirst();
        expect(room, roomId).toBeTruthy();
        expect(existsSync(objectPath(fileId))).toBe(true);
      }
    });

    it('ADM-7: when the database step fails, every file stays (and the rows too)', async () => {
      const { roomId, fileId } = await abandonedRoom();
      const db = t.db.kysely;
      const restore = await failingStep(db, kind, 'rooms', 'delete');
      try {
        await expect(t.services.cleanup.run()).rejects.toThrow(/boom/);
        expect(existsSync(objectPath(fileId))).toBe(true);
        expect(existsSync(roomImage(roomId))).toBe(true);
        const file = await db.selectFrom('files').select('id').where('id', '=', fileId).executeTakeFirst();
        expect(file).toBeTruthy();
      } finally {
        await restore();
      }
      await t.services.cleanup.run();
      expect(existsSync(objectPath(fileId))).toBe(false);
    });

    // Several processes share PostgreSQL; a SQLite deployment is one process (two connections of one
    // process would block each other's synchronous driver), so this runs on PostgreSQL.
    it.skipIf(kind === 'sqlite')(
      'ADM-7: two cleaners at once claim each room once and both succeed',
      async () => {
        const rooms = [await abandonedRoom(), await abandonedRoom()];
        const other = await startTestApp({ kind, database: t.database, env: { DATA_DIR: t.config.dataDir } });
        try {
          const results = await Promise.all([t.services.cleanup.run(), other.services.cleanup.run()]);
          expect(results[0]!.rooms + results[1]!.rooms).toBe(2);
          for (const r of rooms) expect(existsSync(objectPath(r.fileId))).toBe(false);
        } finally {
          await other.close();
        }
      },
    );

    it('ADM-7, ADM-2: image files that are not the current version go once old enough; images stored before versioned names still load', async () => {
      const [o] = (await actors(t, 'o')) as [Actor];
      const roomId = (await o.client.request('POST', '/api/rooms', { kind: 'group', name: '그림' })).json()
        .room.id as string;
      const setImage = () => {
        const { body, contentType } = multipart([], { name: 'r.png', data: png });
        return o.client.request('POST', `/api/rooms/${roomId}/image`, undefined, {
          raw: body,
          headers: { 'content-type': contentType },
        });
      };
      const dir = path.join(t.config.dataDir, 'files', 'rooms');
      const file = (name: string) => path.join(dir, name);
      const url = (await setImage()).json().room.imageUrl as string;
      // As an earlier release stored it: one name per room, no version.
      for (const size of ['full', 'thumb'])
        renameSync(file(`${roomId}.1.${size}.webp`), file(`${roomId}.${size}.webp`));
      expect((await o.client.request('GET', url)).statusCode).toBe(200);
      // A version a crash left behind, and a user's picture of a version they do not have.
      copyFileSync(file(`${roomId}.full.webp`), file(`${roomId}.7.full.webp`));
      const avatars = path.join(t.config.dataDir, 'files', 'avatars');
      mkdirSync(avatars, { recursive: true });
      const strayAvatar = path.join(avatars, `${o.id}.3.full.webp`);
      writeFileSync(strayAvatar, 'x');
      const hoursAgo = new Date(Date.now() - 2 * 3600_000);
      for (const f of [`${roomId}.full.webp`, `${roomId}.thumb.webp`, `${roomId}.7.full.webp`])
        utimesSync(file(f), hoursAgo, hoursAgo);
      utimesSync(strayAvatar, hoursAgo, hoursAgo);

      await t.services.cleanup.run();
      expect(existsSync(file(`${roomId}.7.full.webp`))).toBe(false);
      expect(existsSync(strayAvatar)).toBe(false);
      expect((await o.client.request('GET', url)).statusCode).toBe(200);

      // A new image replaces the unversioned files too.
      const next = (await setImage()).json().room.imageUrl as string;
      expect(
        readdirSync(dir)
          .filter((n) => n.startsWith(roomId))
          .sort(),
      ).toEqual([`${roomId}.2.full.webp`, `${roomId}.2.thumb.webp`]);
      expect((await o.client.request('GET', next)).statusCode).toBe(200);
    });

    for (const image of ['rooms', 'avatars'] as const)
      it(`ADM-7, ${image === 'rooms' ? 'ADM-2' : 'FILE-12'}: a change that takes the version of a failed one and commits while the sweep runs keeps its image (${image})`, async () => {
        const [o] = (await actors(t, 'o')) as [Actor];
        const roomId = (await o.client.request('POST', '/api/rooms', { kind: 'group', name: '경합' })).json()
          .room.id as string;
        const ownerId = image === 'rooms' ? roomId : o.id;
        const setImage = async () => {
          const { body, contentType } = multipart([], { name: 'r.png', data: png });
          const target = image === 'rooms' ? `/api/rooms/${roomId}/image` : '/api/profile/image';
          const res = await o.client.request('POST', target, undefined, {
            raw: body,
            headers: { 'content-type': contentType },
          });
          expect(res.statusCode, res.body).toBe(200);
          return (image === 'rooms' ? res.json().room.imageUrl : res.json().avatarUrl) as string;
        };
        expect(await setImage()).toBe(`/uploads/${image}/${ownerId}/1`);
        // A change that placed version 2 and then failed (or a process that died before its commit) left its
        // files; they are past the grace period, so the sweep will find them.
        const dir = path.join(t.config.dataDir, 'files', image);
        const hoursAgo = new Date(Date.now() - 2 * 3600_000);
        for (const size of ['full', 'thumb']) {
          const leftover = path.join(dir, `${ownerId}.2.${size}.webp`);
          copyFileSync(path.join(dir, `${ownerId}.1.${size}.webp`), leftover);
          utimesSync(leftover, hoursAgo, hoursAgo);
        }
        // The sweep reads the image versions (still 1); right then, before it removes anything, the next
        // change is given version 2 again, moves its fresh bytes onto those names and commits.
        let url = '';
        const column = image === 'rooms' ? 'image_version' : 'avatar_version';
        const pauseAfterVersions: KyselyPlugin = {
          transformQuery: (args) => args.node,
          transformResult: async (args) => {
            const rows = args.result.rows as Record<string, unknown>[];
            if (!url && rows.some((r) => r.id === ownerId && r[column] === 1)) url = await setImage();
            return args.result;
          },
        };
        const sweep = new CleanupService({
          uow: new UnitOfWork(t.db.kysely.withPlugin(pauseAfterVersions)),
          storage: new FileStorage(t.config.dataDir),
          store: new MemoryStateStore(),
          now: Date.now,
          log: { error: () => {} },
        });
        await sweep.run();
        expect(url).toBe(`/uploads/${image}/${ownerId}/2`);
        // The new image is served; version 1 went with the change, as always.
        expect((await o.client.request('GET', url)).statusCode).toBe(200);
        expect((await o.client.request('GET', `${url}?size=thumb`)).statusCode).toBe(200);
        expect(
          readdirSync(dir)
            .filter((n) => n.startsWith(ownerId))
            .sort(),
        ).toEqual([`${ownerId}.2.full.webp`, `${ownerId}.2.thumb.webp`]);
      });

    it('ADM-7: the timer lists stored files an hour after a process started and daily, not on every run', async () => {
      let clock = Date.now();
      const c = await startTestApp({ kind, build: { now: () => clock } });
      const orphan = (id: string) => {
        const file = path.join(c.config.dataDir, 'files', 'objects', id.slice(0, 2), id);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, 'x');
        const old = new Date(clock - 2 * 3600_000);
        utimesSync(file, old, old);
        return file;
      };
      const tick = () => c.services.cleanup.tick();
      try {
        // Nothing is known about the disk yet.
        expect(await tick()).toMatchObject({ scanned: true });
        // The next period's run deletes empty rooms, but leaves the disk alone: nothing can have changed.
        const first = orphan('0190bbbb-0000-7000-8000-000000000001');
        clock += 15 * 60_000;
        expect(await tick()).toMatchObject({ scanned: false });
        expect(existsSync(first)).toBe(true);
        // An hour after the start, what a crash before it left is old enough to tell from uploads in flight.
        clock += 60 * 60_000;
        expect(await tick()).toMatchObject({ scanned: true, files: 1 });
        expect(existsSync(first)).toBe(false);
        // One run per period.
        expect(await tick()).toBeNull();
        const second = orphan('0190bbbb-0000-7000-8000-000000000002');
        clock += 15 * 60_000;
        expect(await tick()).toMatchObject({ scanned: false });
        clock += 24 * 3600_000;
        expect(await tick()).toMatchObject({ scanned: true, files: 1 });
        expect(existsSync(second)).toBe(false);
      } finally {
        await c.close();
      }
    });

    // Several processes share PostgreSQL (see above) and, for their state, Redis.
    it.skipIf(kind === 'sqlite' || !REDIS_URL)(
      'ADM-7: of two processes sharing Redis, one runs each period of the cleanup',
      async () => {
        const room = await abandonedRoom();
        const clock = Date.now();
        const stray = path.join(
          t.config.dataDir,
          'files',
          'objects',
          '01',
          '0190cccc-0000-7000-8000-000000000001',
        );
        mkdirSync(path.dirname(stray), { recursive: true });
        writeFileSync(stray, 'x');
        utimesSync(stray, new Date(clock - 2 * 3600_000), new Date(clock - 2 * 3600_000));
        const prefix = `mx-test:${randomBytes(4).toString('hex')}:`;
        const startProcess = () =>
          startTestApp({
            kind,
            database: t.database,
            env: { DATA_DIR: t.config.dataDir },
            build: { now: () => clock, store: new RedisStateStore(REDIS_URL!, prefix) },
          });
        const [p1, p2] = [await startProcess(), await startProcess()];
        try {
          const results = await Promise.all([p1.services.cleanup.tick(), p2.services.cleanup.tick()]);
          const ran = results.filter((r) => r !== null);
          expect(ran).toHaveLength(1);
          expect(ran[0]).toMatchObject({ scanned: true });
          expect(ran[0]!.rooms).toBeGreaterThanOrEqual(1);
          expect(existsSync(objectPath(room.fileId))).toBe(false);
          expect(existsSync(stray)).toBe(false);
          expect(await Promise.all([p1.services.cleanup.tick(), p2.services.cleanup.tick()])).toEqual([
            null,
            null,
          ]);
        } finally {
          await p1.close();
          await p2.close();
        }
      },
    );

    it('ADM-7: stored bytes no row refers to are removed once old enough; fresh ones are left for their upload', async () => {
      const old = '0190aaaa-0000-7000-8000-000000000001';
      const fresh = '0190aaaa-0000-7000-8000-000000000002';
      for (const id of [old, fresh]) {
        mkdirSync(path.dirname(objectPath(id)), { recursive: true });
        writeFileSync(objectPath(id), 'x');
      }
      const hoursAgo = new Date(Date.now() - 2 * 3600_000);
      utimesSync(objectPath(old), hoursAgo, hoursAgo);
      await t.services.cleanup.run();
      expect(existsSync(objectPath(old))).toBe(false);
      expect(existsSync(objectPath(fresh))).toBe(true);
    });
  });
}
