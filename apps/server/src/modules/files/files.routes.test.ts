import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, type Actor, type TestApp, startTestApp } from '../../test/harness.ts';
import { expectProtocolKept, listen, next, openSocket } from '../../test/sockets.ts';

const png = (w = 64, h = 48) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#3478f6' } })
    .png()
    .toBuffer();

/** Every file under the data dir's files folder (to prove nothing partial is left behind). */
function storedFiles(dataDir: string, sub: string): string[] {
  const dir = path.join(dataDir, 'files', sub);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`files (${kind})`, () => {
    let t: TestApp;
    let a: Actor;
    let b: Actor;
    let outsider: Actor;
    let roomId: string;
    let otherRoomId: string;

    beforeAll(async () => {
      t = await startTestApp({ kind, env: { MAX_UPLOAD_BYTES: String(2 * 1024 * 1024) } });
      const made = await actors(t, 'anna', 'ben', 'olga');
      [a, b, outsider] = [made[0]!, made[1]!, made[2]!];
      roomId = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: 'files', memberIds: [b.id] })
      ).json().room.id;
      otherRoomId = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: 'other', memberIds: [] })
      ).json().room.id;
    });
    afterAll(() => t.close());
    afterAll(expectProtocolKept);

    const dataDir = () => t.config.dataDir;
    const upload = (who: Actor, name: string, data: Buffer, room: string | null = roomId) =>
      who.client.upload(room, name, data);
    const sendWith = (who: Actor, tokens: string[], body = '', room = roomId) =>
      who.client.request('POST', `/api/rooms/${room}/messages`, { id: uuidv7(), body, uploadTokens: tokens });

    it('FILE-1: an upload needs a room the uploader belongs to', async () => {
      const missing = await upload(a, 'a.txt', Buffer.from('hello'), null);
      expect(missing.statusCode).toBe(400);
      expect(missing.json().code).toBe('upload.room_required');
      const foreign = await upload(outsider, 'a.txt', Buffer.from('hello'));
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json().code).toBe('room.not_member');
      const unknown = await upload(a, 'a.txt', Buffer.from('hello'), 'no-such-room');
      expect(unknown.statusCode).toBe(404);
    });

    it('FILE-2: an upload over MAX_UPLOAD_BYTES is a 413 and leaves no partial file', async () => {
      const before = storedFiles(dataDir(), 'objects').length;
      const res = await upload(a, 'big.txt', Buffer.alloc(2 * 1024 * 1024 + 10, 'a'));
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'upload.too_large' });
      expect(storedFiles(dataDir(), 'incoming')).toEqual([]);
      expect(storedFiles(dataDir(), 'objects')).toHaveLength(before);
      // Just under the limit (the form around it included) is accepted.
      expect((await upload(a, 'ok.txt', Buffer.alloc(2 * 1024 * 1024 - 1024, 'a'))).statusCode).toBe(200);
    });

    it('FILE-3: the extension must be allowed and the content must match it', async () => {
      const exe = await upload(a, 'setup.exe', Buffer.from('MZ\x90\x00'));
      expect(exe.json().code).toBe('upload.type_not_allowed');
      const disguised = await upload(
        a,
        'cat.png',
        Buffer.concat([Buffer.from('MZ\x90\x00\x03'), Buffer.alloc(200)]),
      );
      expect(disguised.statusCode).toBe(400);
      expect(disguised.json().code).toBe('upload.content_mismatch');
      const zipAsDocx = await upload(
        a,
        'report.docx',
        Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]),
      );
      expect(zipAsDocx.statusCode).toBe(200);
      const html = await upload(a, 'page.html', Buffer.from('<html><script>alert(1)</script></html>'));
      expect(html.json().code).toBe('upload.type_not_allowed');
      expect(storedFiles(dataDir(), 'incoming')).toEqual([]);
    });

    it('FILE-5: Korean names are kept (NFC), path parts removed; stored under a random name', async () => {
      const nfd = '주간회의록 최종.txt'.normalize('NFD');
      const res = (await upload(a, nfd, Buffer.from('회의 내용'))).json();
      expect(res.file.name).toBe('주간회의록 최종.txt');
      expect(res.file.name).toBe(res.file.name.normalize('NFC'));
      const sneaky = (await upload(a, '../../etc/passwd.txt', Buffer.from('x'))).json();
      expect(sneaky.file.name).toBe('passwd.txt');
      expect(storedFiles(dataDir(), 'objects')).not.toContain('passwd.txt');
      expect(storedFiles(dataDir(), 'objects')).toContain(sneaky.file.id);

      await sendWith(a, [res.uploadToken]);
      const dl = await a.client.request('GET', `/uploads/${res.file.id}`);
      expect(dl.statusCode).toBe(200);
      expect(dl.body).toBe('회의 내용');
      expect(dl.headers['content-disposition']).toContain(
        `filename*=UTF-8''${encodeURIComponent('주간회의록 최종.txt')}`,
      );
      expect(dl.headers['content-disposition']).toMatch(/^attachment;/);
      expect(dl.headers['content-type']).toBe('text/plain');
      // Traversal cannot even be expressed: ids are UUIDs.
      for (const bad of ['..%2F..%2Fetc%2Fpasswd', '..', 'x/../../etc']) {
        const r = await a.client.request('GET', `/uploads/${bad}`);
        expect(r.statusCode).toBeGreaterThanOrEqual(400);
        expect(r.statusCode).toBeLessThan(500);
      }
    });

    it('FILE-4: SVG is stored but only ever downloaded, sandboxed, never sniffed', async () => {
      const svg = (
        await upload(
          a,
          'logo.svg',
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        )
      ).json();
      expect(svg.file).toMatchObject({ kind: 'file', thumbUrl: null, contentType: 'image/svg+xml' });
      await sendWith(a, [svg.uploadToken]);
      const dl = await b.client.request('GET', `/uploads/${svg.file.id}`);
      expect(dl.headers['content-disposition']).toMatch(/^attachment;/);
      expect(dl.headers['x-content-type-options']).toBe('nosniff');
      expect(dl.headers['content-security-policy']).toContain('sandbox');
    });

    it('FILE-6: images get a preview and their size; an image that cannot be previewed is still a file', async () => {
      const img = (await upload(a, '스크린샷.png', await png(640, 360))).json();
      expect(img.file).toMatchObject({ kind: 'image', width: 640, height: 360, contentType: 'image/png' });
      await sendWith(a, [img.uploadToken], '화면');
      const thumb = await b.client.request('GET', img.file.thumbUrl);
      expect(thumb.statusCode).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/webp');
      expect(thumb.headers['cache-control']).toContain('immutable');
      const meta = await sharp(thumb.rawPayload).metadata();
      expect(meta.width).toBe(480);
      const original = await b.client.request('GET', img.file.url);
      expect(original.headers['content-disposition']).toMatch(/^inline;/);
      const forced = await b.client.request('GET', `${img.file.url}?download=1`);
      expect(forced.headers['content-disposition']).toMatch(/^attachment;/);

      const tiff = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#000' } })
        .tiff()
        .toBuffer();
      expect((await upload(a, 'scan.tiff', tiff)).json().file).toMatchObject({
        kind: 'image',
        width: 30,
        height: 20,
      });
      // A HEIC whose codec this server lacks: accepted, with an honest "no preview".
      const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(300)]);
      const res = await upload(a, 'IMG_0001.HEIC', heic);
      expect(res.statusCode).toBe(200);
      expect(res.json().file).toMatchObject({ kind: 'file', thumbUrl: null, name: 'IMG_0001.HEIC' });
    });

    it('FILE-7: an upload token attaches its file once, only for its uploader and room', async () => {
      const up = (await upload(a, 'notes.txt', Buffer.from('v1'))).json();
      expect(up.scanStatus).toBe('clean');
      expect((await sendWith(b, [up.uploadToken])).json().code).toBe('upload.token_invalid');
      expect((await sendWith(a, [up.uploadToken], '', otherRoomId)).json().code).toBe('upload.token_invalid');
      const sent = await sendWith(a, [up.uploadToken], '첨부');
      expect(sent.statusCode).toBe(200);
      expect(sent.json().message.files).toEqual([
        expect.objectContaining({ id: up.file.id, name: 'notes.txt' }),
      ]);
      const reused = await sendWith(a, [up.uploadToken], 'again');
      expect(reused.statusCode).toBe(400);
      expect(reused.json().code).toBe('upload.token_invalid');
      // History shows the file after a reload.
      const page = (await b.client.request('GET', `/api/rooms/${roomId}/messages?limit=5`)).json().messages;
      expect(page.at(-1).files[0]).toMatchObject({ id: up.file.id, url: `/uploads/${up.file.id}` });
      // Text-less message with files is fine; neither text nor files is not.
      expect((await sendWith(a, [])).statusCode).toBe(400);
    });

    it('FILE-7: a message of only files is previewed in the room list by its file names', async () => {
      const up = (await upload(a, '회의록.pdf', Buffer.from('%PDF-1.4\n'))).json();
      await sendWith(a, [up.uploadToken]);
      const rooms = (await b.client.request('GET', '/api/rooms')).json().rooms;
      expect(rooms.find((r: { id: string }) => r.id === roomId).lastMessage.text).toBe('📎 회의록.pdf');
    });

    it('FILE-7: unused uploads are removed when their token expires; attached files never are', async () => {
      const unused = (await upload(a, 'draft.txt', Buffer.from('draft'))).json();
      const used = (await upload(a, 'kept.txt', Buffer.from('kept'))).json();
      await sendWith(a, [used.uploadToken]);
      const removed = await t.services.files.sweep(Date.now() + 10 * 60 * 1000);
      expect(removed).toBeGreaterThanOrEqual(1);
      expect(storedFiles(dataDir(), 'objects')).not.toContain(unused.file.id);
      expect(storedFiles(dataDir(), 'objects')).toContain(used.file.id);
      expect((await b.client.request('GET', `/uploads/${used.file.id}`)).statusCode).toBe(200);
      expect((await sendWith(a, [unused.uploadToken])).json().code).toBe('upload.token_invalid');
    });

    it('FILE-8: only members of the room download; an unsent upload only by its uploader', async () => {
      const up = (await upload(a, 'secret.txt', Buffer.from('secret'))).json();
      expect((await b.client.request('GET', `/uploads/${up.file.id}`)).statusCode).toBe(404);
      expect((await a.client.request('GET', `/uploads/${up.file.id}`)).statusCode).toBe(200);
      await sendWith(a, [up.uploadToken]);
      expect((await b.client.request('GET', `/uploads/${up.file.id}`)).statusCode).toBe(200);
      const denied = await outsider.client.request('GET', `/uploads/${up.file.id}`);
      expect(denied.statusCode).toBe(403);
      expect(denied.json().code).toBe('room.not_member');
      const anonymous = await t.client().request('GET', `/uploads/${up.file.id}`);
      expect(anonymous.statusCode).toBe(401);
    });

    it('FILE-10: the gallery lists images and other files newest first, by page', async () => {
      const room = (
        await a.client.request('POST', '/api/rooms', { kind: 'group', name: 'gallery', memberIds: [b.id] })
      ).json().room.id;
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const up = (await upload(a, `p${i}.png`, await png(), room)).json();
        await sendWith(a, [up.uploadToken], '', room);
        ids.push(up.file.id);
      }
      const doc = (await upload(a, 'doc.pdf', Buffer.from('%PDF-1.7\n'), room)).json();
      await sendWith(a, [doc.uploadToken], '', room);
      const first = (await b.client.request('GET', `/api/rooms/${room}/files?kind=image&limit=2`)).json();
      expect(first.files.map((f: { id: string }) => f.id)).toEqual([ids[2], ids[1]]);
      expect(first.files[0]).toMatchObject({ uploader: { id: a.id }, kind: 'image' });
      const second = (
        await b.client.request(
          'GET',
          `/api/rooms/${room}/files?kind=image&limit=2&cursor=${first.nextCursor}`,
        )
      ).json();
      expect(second.files.map((f: { id: string }) => f.id)).toEqual([ids[0]]);
      expect(second.nextCursor).toBeNull();
      const others = (await b.client.request('GET', `/api/rooms/${room}/files?kind=file`)).json();
      expect(others.files.map((f: { name: string }) => f.name)).toEqual(['doc.pdf']);
      expect((await outsider.client.request('GET', `/api/rooms/${room}/files`)).statusCode).toBe(403);
    });

    it('FILE-11: the uploader or a room admin deletes a file; the message updates live and keeps a tombstone', async () => {
      const url = await listen(t);
      const socket = await openSocket(url, b.client);
      try {
        const up = (await upload(b, 'mine.txt', Buffer.from('mine'))).json();
        const message = (await sendWith(b, [up.uploadToken], '파일')).json().message;
        const byOther = await a.client.request('DELETE', `/api/rooms/${roomId}/files/${up.file.id}`);
        // anna owns the room, so she may; a plain member could not delete anna's file (checked below).
        expect(byOther.statusCode).toBe(200);
        const updated = await next(socket, 'message:updated');
        expect(updated.message.id).toBe(message.id);
        expect(updated.message.files).toEqual([
          expect.objectContaining({ id: up.file.id, deleted: true, url: null }),
        ]);
        expect((await b.client.request('GET', `/uploads/${up.file.id}`)).statusCode).toBe(404);
        expect(storedFiles(dataDir(), 'objects')).not.toContain(up.file.id);

        const annas = (await upload(a, 'annas.txt', Buffer.from('x'))).json();
        await sendWith(a, [annas.uploadToken]);
        const denied = await b.client.request('DELETE', `/api/rooms/${roomId}/files/${annas.file.id}`);
        expect(denied.statusCode).toBe(403);
        expect(denied.json().code).toBe('file.forbidden');
      } finally {
        socket.disconnect();
      }
    });

    it('FILE-11: deleting a message deletes its files', async () => {
      const up = (await upload(a, 'gone.txt', Buffer.from('gone'))).json();
      const message = (await sendWith(a, [up.uploadToken], 'bye')).json().message;
      await a.client.request('DELETE', `/api/messages/${message.id}`);
      expect((await a.client.request('GET', `/uploads/${up.file.id}`)).statusCode).toBe(404);
      expect(storedFiles(dataDir(), 'objects')).not.toContain(up.file.id);
      const page = (await a.client.request('GET', `/api/rooms/${roomId}/messages?limit=3`)).json().messages;
      expect(page.find((m: { id: string }) => m.id === message.id).files).toEqual([]);
    });
  });
}
