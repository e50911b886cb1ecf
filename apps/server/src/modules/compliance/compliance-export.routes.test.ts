import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';
import { unzip } from '../../test/zip.ts';
import { FileStorage } from '../files/file-storage.ts';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Line {
  id: string;
  roomId: string;
  roomName: string | null;
  seq: number;
  at: string;
  sender: { id: string; username: string; nickname: string } | null;
  text: string;
  replyTo: string | null;
  edited: boolean;
  deleted: boolean;
  attachments: { fileId: string; name: string; path: string | null }[];
}

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`ADMIN-6: compliance exports (${kind})`, () => {
    let t: TestApp;
    let clock = T0 - 24 * HOUR; // the rooms (and their system messages) are older than every range
    let admin: Actor;
    let anna: Actor;
    let ben: Actor;
    let roomId: string;
    let otherRoomId: string;

    beforeAll(async () => {
      // Pages of 2 messages, so an export crosses several pages.
      t = await startTestApp({ kind, build: { now: () => clock, exportPageSize: 2 } });
      [admin, anna, ben] = (await actors(t, 'root', 'anna', '김민수')) as [Actor, Actor, Actor];
      const room = (name: string) =>
        anna.client.request('POST', '/api/rooms', { kind: 'group', name, memberIds: [ben.id] });
      roomId = (await room('기획팀')).json().room.id;
      otherRoomId = (await room('잡담')).json().room.id;
    });
    afterAll(() => t.close());

    const send = async (who: Actor, room: string, body: string, at: number, extra: object = {}) => {
      clock = at;
      const res = await who.client.request('POST', `/api/rooms/${room}/messages`, {
        id: uuidv7(),
        body,
        ...extra,
      });
      expect(res.statusCode).toBe(200);
      return res.json().message as { id: string; seq: number };
    };
    const start = (who: Actor, scope: object, from: number, to: number) =>
      who.client.request('POST', '/api/admin/exports', { scope, from: iso(from), to: iso(to) });
    const finished = async (id: string) => {
      await vi.waitFor(
        async () => {
          const one = (await admin.client.request('GET', `/api/admin/exports/${id}`)).json().export;
          expect(one.status).toBe('done');
        },
        { timeout: 10_000, interval: 20 },
      );
      return (await admin.client.request('GET', `/api/admin/exports/${id}`)).json().export;
    };
    const download = async (id: string) => {
      const res = await admin.client.request('GET', `/api/admin/exports/${id}/download`);
      expect(res.statusCode).toBe(200);
      return { res, files: unzip(res.rawPayload) };
    };
    const lines = (zip: Map<string, Buffer>) =>
      zip
        .get('messages.jsonl')!
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Line);

    it('ADMIN-6: a room export holds exactly its messages in [from, to), their files, and a manifest of hashes', async () => {
      await send(anna, roomId, '범위 전', T0 - 1);
      const first = await send(anna, roomId, '첫 메시지', T0);
      const upload = (await ben.client.upload(roomId, '회의록.txt', Buffer.from('회의 내용 원본'))).json();
      const withFile = await send(ben, roomId, '파일 첨부', T0 + HOUR, {
        uploadTokens: [upload.uploadToken],
      });
      await send(ben, otherRoomId, '다른 방', T0 + HOUR);
      const reply = await send(anna, roomId, '답장', T0 + 2 * HOUR, { replyToId: first.id });
      await send(anna, roomId, '범위 끝 (제외)', T0 + 3 * HOUR);
      clock = T0 + 4 * HOUR;

      const started = await start(admin, { roomId }, T0, T0 + 3 * HOUR);
      expect(started.statusCode).toBe(200);
      expect(started.json()).toEqual({ id: expect.any(String), status: 'queued' });
      const id = started.json().id as string;
      const done = await finished(id);
      expect(done).toMatchObject({
        scope: { roomId },
        scopeName: '기획팀',
        from: iso(T0),
        to: iso(T0 + 3 * HOUR),
        progress: { done: 3, total: 3 },
        requestedBy: { id: admin.id },
      });

      const { res, files } = await download(id);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="export-.+\.zip"$/);
      expect(Number(res.headers['content-length'])).toBe(done.size);
      const got = lines(files);
      expect(got.map((l) => l.text)).toEqual(['첫 메시지', '파일 첨부', '답장']);
      expect(got.map((l) => l.id)).toEqual([first.id, withFile.id, reply.id]);
      expect(got[0]).toMatchObject({
        roomId,
        roomName: '기획팀',
        at: iso(T0),
        sender: { id: anna.id, username: anna.username, nickname: 'anna' },
        edited: false,
        deleted: false,
        attachments: [],
      });
      expect(got[2]!.replyTo).toBe(first.id);
      const entry = `files/${upload.file.id}-회의록.txt`;
      expect(got[1]!.attachments).toEqual([
        expect.objectContaining({ fileId: upload.file.id, name: '회의록.txt', path: entry }),
      ]);
      expect(files.get(entry)!.toString('utf8')).toBe('회의 내용 원본');

      const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
      expect(manifest).toMatchObject({
        exportedBy: { id: admin.id, username: admin.username },
        scope: { roomId, name: '기획팀' },
        range: { from: iso(T0), to: iso(T0 + 3 * HOUR) },
        counts: { messages: 3, files: 1, rooms: 1 },
      });
      const listed = manifest.entries as { name: string; sha256: string }[];
      expect(listed.map((e) => e.name).sort()).toEqual(
        [...files.keys()].filter((n) => n !== 'manifest.json').sort(),
      );
      for (const e of listed) expect(e.sha256).toBe(sha(files.get(e.name)!));
      const rooms = JSON.parse(files.get('rooms.json')!.toString('utf8'));
      expect(rooms).toEqual([expect.objectContaining({ id: roomId, name: '기획팀' })]);
      const people = JSON.parse(files.get('people.json')!.toString('utf8')) as { id: string }[];
      expect(people.map((p) => p.id).sort()).toEqual([anna.id, ben.id].sort());

      // Written owner-only under DATA_DIR/exports.
      const zipFile = path.join(t.config.dataDir, 'exports', `${id}.zip`);
      expect(statSync(zipFile).mode & 0o777).toBe(0o600);
    });

    it("ADMIN-6: a person's export is every message they sent in any room in the range, with their files", async () => {
      const base = T0 + 10 * HOUR;
      const up = (await ben.client.upload(otherRoomId, 'photo-notes.txt', Buffer.from('ben bytes'))).json();
      await send(ben, roomId, 'ben 1', base);
      await send(anna, roomId, 'anna (not in it)', base + 1);
      await send(ben, otherRoomId, 'ben 2', base + 2, { uploadTokens: [up.uploadToken] });
      await send(ben, otherRoomId, 'ben later', base + HOUR);
      clock = base + 2 * HOUR;

      const id = (await start(admin, { userId: ben.id }, base, base + HOUR)).json().id as string;
      const done = await finished(id);
      expect(done).toMatchObject({ scope: { userId: ben.id }, progress: { done: 2, total: 2 } });
      expect(done.scopeName).toContain(ben.username);
      const { files } = await download(id);
      const got = lines(files);
      expect(got.map((l) => [l.text, l.roomName])).toEqual([
        ['ben 1', '기획팀'],
        ['ben 2', '잡담'],
      ]);
      expect(files.get(`files/${up.file.id}-photo-notes.txt`)!.toString()).toBe('ben bytes');
      const rooms = JSON.parse(files.get('rooms.json')!.toString('utf8')) as { id: string }[];
      expect(rooms.map((r) => r.id).sort()).toEqual([roomId, otherRoomId].sort());
      const people = JSON.parse(files.get('people.json')!.toString('utf8'));
      expect(people).toEqual([{ id: ben.id, username: ben.username, nickname: '김민수', deleted: false }]);
    });

    it('ADMIN-6: a file name with ../ lands inside files/ with no path parts', async () => {
      const base = T0 + 20 * HOUR;
      const up = (await anna.client.upload(roomId, '../../etc/passwd.txt', Buffer.from('x'))).json();
      const up2 = (await anna.client.upload(roomId, 'plain.txt', Buffer.from('y'))).json();
      await send(anna, roomId, 'sneaky', base, { uploadTokens: [up.uploadToken, up2.uploadToken] });
      // A name stored before upload names were cleaned (or imported) is cleaned in the ZIP too.
      await t.db.kysely
        .updateTable('files')
        .set({ name: '..\\..\\x/../evil.txt' })
        .where('id', '=', up2.file.id)
        .execute();
      clock = base + HOUR;
      const id = (await start(admin, { roomId }, base, base + 1)).json().id as string;
      await finished(id);
      const { files } = await download(id);
      for (const name of files.keys()) {
        expect(name).toMatch(
          /^(messages\.jsonl|rooms\.json|people\.json|manifest\.json|files\/[0-9a-f-]{36}-[^/\\]+)$/,
        );
        expect(name.split('/')).not.toContain('..');
      }
      expect(files.get(`files/${up.file.id}-passwd.txt`)!.toString()).toBe('x');
      const evil = [...files.keys()].find((n) => n.startsWith(`files/${up2.file.id}-`))!;
      expect(evil).toBe(`files/${up2.file.id}-x_.._evil.txt`);
      expect(files.get(evil)!.toString()).toBe('y');
    });

    it('ADMIN-6: an attachment whose bytes are gone from the disk is named as missing, the rest is exported', async () => {
      const base = T0 + 30 * HOUR;
      const kept = (await anna.client.upload(roomId, 'kept.txt', Buffer.from('kept'))).json();
      const lost = (await anna.client.upload(roomId, 'lost.txt', Buffer.from('lost'))).json();
      await send(anna, roomId, 'two files', base, { uploadTokens: [kept.uploadToken, lost.uploadToken] });
      await rm(new FileStorage(t.config.dataDir).objectPath(lost.file.id));
      clock = base + HOUR;
      const id = (await start(admin, { roomId }, base, base + 1)).json().id as string;
      await finished(id);
      const { files } = await download(id);
      const [line] = lines(files) as (Line & { attachments: { missing: boolean }[] })[];
      expect(line!.attachments).toEqual([
        expect.objectContaining({
          fileId: kept.file.id,
          path: `files/${kept.file.id}-kept.txt`,
          missing: false,
        }),
        expect.objectContaining({ fileId: lost.file.id, path: null, missing: true }),
      ]);
      expect(files.get(`files/${kept.file.id}-kept.txt`)!.toString()).toBe('kept');
      const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
      expect(manifest.counts).toMatchObject({ messages: 1, files: 1, missingFiles: 1 });
    });

    it('ADMIN-6: every export route is for server admins only (403 for others, 401 signed out)', async () => {
      const id = (await start(admin, { roomId }, T0, T0 + 1)).json().id as string;
      await finished(id);
      const routes: [method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown][] = [
        ['POST', '/api/admin/exports', { scope: { roomId }, from: iso(T0), to: iso(T0 + 1) }],
        ['GET', '/api/admin/exports'],
        ['GET', `/api/admin/exports/${id}`],
        ['GET', `/api/admin/exports/${id}/download`],
        ['DELETE', `/api/admin/exports/${id}`],
      ];
      for (const [method, url, body] of routes) {
        const res = await anna.client.request(method, url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().code).toBe('admin.required');
        const signedOut = await t.client().bootstrap();
        expect((await signedOut.request(method, url, body)).statusCode).toBe(401);
      }
      // Anna (a room owner) started nothing and downloaded nothing.
      const mine = await t.db.kysely
        .selectFrom('audit_log')
        .select('action')
        .where('actor_id', '=', anna.id)
        .where('action', 'like', 'compliance.%')
        .execute();
      expect(mine).toEqual([]);
    });

    it('ADMIN-6: bad input is a 4xx with a code, never a 500', async () => {
      const bad = async (body: unknown, status: number, code: string) => {
        const res = await admin.client.request('POST', '/api/admin/exports', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(status);
        expect(res.json().code).toBe(code);
      };
      await bad({ scope: { roomId }, from: iso(T0 + 1), to: iso(T0) }, 400, 'export.invalid_range');
      await bad({ scope: { roomId }, from: 'yesterday', to: iso(T0) }, 400, 'request.invalid_body');
      await bad(
        { scope: { roomId, userId: ben.id }, from: iso(T0), to: iso(T0 + 1) },
        400,
        'request.invalid_body',
      );
      await bad(
        { scope: { roomId: uuidv7() }, from: iso(T0), to: iso(T0 + 1) },
        404,
        'export.scope_not_found',
      );
      await bad(
        { scope: { userId: 'nobody' }, from: iso(T0), to: iso(T0 + 1) },
        404,
        'export.scope_not_found',
      );
      const missing = await admin.client.request('GET', `/api/admin/exports/${uuidv7()}/download`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('export.not_found');
      expect((await admin.client.request('GET', '/api/admin/exports/..%2F..%2Fetc')).statusCode).toBe(404);
    });

    it('ADMIN-6: starting and downloading are audited in the server log with scope and range; delete removes the ZIP', async () => {
      const id = (await start(admin, { userId: ben.id }, T0, T0 + HOUR)).json().id as string;
      await finished(id);
      await download(id);
      const rows = await t.db.kysely
        .selectFrom('audit_log')
        .selectAll()
        .where('detail', 'like', `%${id}%`)
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => [r.action, r.actor_id, r.target_id, r.room_id])).toEqual([
        ['compliance.export_started', admin.id, ben.id, null],
        ['compliance.export_downloaded', admin.id, ben.id, null],
      ]);
      expect(JSON.parse(rows[0]!.detail)).toMatchObject({
        exportId: id,
        scope: { kind: 'user', id: ben.id },
        from: iso(T0),
        to: iso(T0 + HOUR),
      });
      const log = (await admin.client.request('GET', '/api/admin/audit?action=compliance')).json();
      expect(log.entries.map((e: { action: string }) => e.action)).toContain('compliance.export_downloaded');

      expect((await admin.client.request('DELETE', `/api/admin/exports/${id}`)).statusCode).toBe(200);
      expect((await admin.client.request('GET', `/api/admin/exports/${id}`)).json().code).toBe(
        'export.not_found',
      );
      const zipFile = path.join(t.config.dataDir, 'exports', `${id}.zip`);
      expect(() => statSync(zipFile)).toThrow();
    });

    it('ADMIN-6: exports older than 7 days are removed on listing; a job whose process stopped is failed', async () => {
      const id = (await start(admin, { roomId }, T0, T0 + HOUR)).json().id as string;
      await finished(id);
      // A job left running by a process that died: its heartbeat stops.
      const orphan = uuidv7();
      await t.db.kysely
        .insertInto('compliance_exports')
        .values({
          id: orphan,
          requested_by: admin.id,
          scope_kind: 'room',
          scope_id: roomId,
          scope_name: '기획팀',
          range_from: T0,
          range_to: T0 + HOUR,
          status: 'running',
          done: 1,
          total: 5,
          size: null,
          created_at: clock,
          heartbeat_at: clock,
          finished_at: null,
        })
        .execute();
      clock += 2 * 60_000;
      const list = (await admin.client.request('GET', '/api/admin/exports')).json().exports as {
        id: string;
        status: string;
      }[];
      expect(list.find((e) => e.id === orphan)?.status).toBe('failed');
      expect(list.find((e) => e.id === id)?.status).toBe('done');

      clock += 7 * 24 * HOUR;
      await admin.client.login(admin.username); // the session ran out meanwhile
      const later = (await admin.client.request('GET', '/api/admin/exports')).json().exports as {
        id: string;
      }[];
      expect(later.map((e) => e.id)).not.toContain(id);
      expect(() => statSync(path.join(t.config.dataDir, 'exports', `${id}.zip`))).toThrow();
    });
  });
}

describe('ADMIN-6: exports across a restart', () => {
  it('ADMIN-6: a job of a process that shuts down is failed, and the list survives the restart', async () => {
    const database = await createTestDatabase('sqlite');
    const first = await startTestApp({ database });
    const [admin, anna] = (await actors(first, 'root', 'anna')) as [Actor, Actor];
    const roomId = (
      await anna.client.request('POST', '/api/rooms', { kind: 'group', name: 'room', memberIds: [] })
    ).json().room.id as string;
    const range = { from: iso(Date.now() - HOUR), to: iso(Date.now() + HOUR) };
    const done = (
      await admin.client.request('POST', '/api/admin/exports', { scope: { roomId }, ...range })
    ).json().id as string;
    await vi.waitFor(async () => {
      const one = await admin.client.request('GET', `/api/admin/exports/${done}`);
      expect(one.json().export.status).toBe('done');
    });
    // The process is shutting down: what it accepted now never runs.
    await first.services.complianceExports.stop();
    const cut = (
      await admin.client.request('POST', '/api/admin/exports', { scope: { roomId }, ...range })
    ).json().id as string;
    await vi.waitFor(async () => {
      const one = await admin.client.request('GET', `/api/admin/exports/${cut}`);
      expect(one.json().export.status).toBe('failed');
    });
    await first.close();

    const second = await startTestApp({ database, env: { DATA_DIR: first.config.dataDir } });
    try {
      const again = second.client();
      await again.login(admin.username);
      const list = (await again.request('GET', '/api/admin/exports')).json().exports as {
        id: string;
        status: string;
      }[];
      expect(list.map((e) => [e.id, e.status])).toEqual([
        [cut, 'failed'],
        [done, 'done'],
      ]);
      const zip = await again.request('GET', `/api/admin/exports/${done}/download`);
      expect(zip.statusCode).toBe(200);
      expect(unzip(zip.rawPayload).has('manifest.json')).toBe(true);
      const failed = await again.request('GET', `/api/admin/exports/${cut}/download`);
      expect(failed.statusCode).toBe(409);
      expect(failed.json().code).toBe('export.not_ready');
    } finally {
      await second.close();
      await database.dispose();
    }
  });
});
