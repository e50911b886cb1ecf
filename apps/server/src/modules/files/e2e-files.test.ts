/**
 * Encrypted attachments of end-to-end encrypted rooms (SPEC E2E-70..E2E-74): opaque blobs uploaded by members
 * who may post, served to current members only as `application/octet-stream` attachments, claimed once by a
 * message and removed with it. The blobs here are sealed with the crypto core's file stream, as the browser
 * seals them; the envelopes are random bytes, as far as the server can tell one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { encryptFile, generateFileKey, decryptFile, splitSealedFile } from '@messenger/e2e-crypto';
import { sealedFileSize } from '@messenger/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, type Actor, type TestApp } from '../../test/harness.ts';
import { fakeDevice, fakeGroup, opaque } from '../../test/e2e-transport.ts';
import { realtimeSuite } from '../../test/sockets.ts';

const MAX_UPLOAD = 3 * 1024 * 1024;
const DAY_MS = 24 * 3600 * 1000;

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((p) => statSync(p).isFile());
}

/** Every value of every table, as text (binary values in the ways bytes are written down). */
async function databaseText(t: TestApp): Promise<string> {
  const parts: string[] = [];
  for (const table of await t.db.kysely.introspection.getTables()) {
    const rows = (await t.db.kysely
      .selectFrom(table.name as never)
      .selectAll()
      .execute()) as Record<string, unknown>[];
    for (const row of rows)
      for (const value of Object.values(row)) {
        if (value === null || value === undefined) continue;
        if (value instanceof Uint8Array) parts.push(Buffer.from(value).toString('latin1'));
        else parts.push(typeof value === 'object' ? JSON.stringify(value) : String(value));
      }
  }
  return parts.join('\n');
}

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`Encrypted attachments (${kind})`, () => {
    const rt = realtimeSuite({ kind, env: { MAX_UPLOAD_BYTES: String(MAX_UPLOAD) } });
    let t: TestApp;
    let admin: Actor;
    let a: Actor;
    let b: Actor;
    let outsider: Actor;
    let roomId: string;
    let deviceA: string;
    beforeAll(async () => {
      t = rt.app;
      [admin, a, b, outsider] = (await actors(t, 'admin', 'anna', 'ben', 'olga')) as [
        Actor,
        Actor,
        Actor,
        Actor,
      ];
      roomId = await e2eRoom(a, [b]);
      deviceA = await device(a);
    });

    const device = (who: Actor) => fakeDevice(who);
    const e2eRoom = async (owner: Actor, members: Actor[]): Promise<string> => {
      const id = await rt.group(owner, members, 'secret', true);
      await fakeGroup(owner, id);
      return id;
    };
    const upload = (who: Actor, room: string, bytes: Uint8Array) =>
      who.client.request('POST', `/api/rooms/${room}/e2e/files`, undefined, {
        raw: Buffer.from(bytes),
        headers: { 'content-type': 'application/octet-stream' },
      });
    const uploaded = async (who: Actor, room: string, bytes: Uint8Array): Promise<string> => {
      const res = await upload(who, room, bytes);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().fileId as string;
    };
    const download = (who: Actor, room: string, fileId: string) =>
      who.client.request('GET', `/api/rooms/${room}/e2e/files/${fileId}`);
    const send = (who: Actor, room: string, deviceId: string, fileIds: string[]) =>
      who.client.request('POST', `/api/rooms/${room}/e2e/messages`, {
        id: randomUUID(),
        epoch: 0,
        deviceId,
        ciphertext: opaque(),
        fileIds,
      });
    const codeOf = (res: { statusCode: number; json(): { code: string } }) => [
      res.statusCode,
      res.json().code,
    ];
    const objectPath = (fileId: string) =>
      path.join(t.config.dataDir, 'files', 'objects', fileId.slice(0, 2), fileId);
    /** A file sealed as the browser seals it: its key and the blob (sealed chunks back to back). */
    const sealed = async (plain: Uint8Array) => {
      const key = generateFileKey();
      const sid = randomUUID();
      return { key, sid, blob: Buffer.concat(await encryptFile(key, sid, plain)) };
    };

    it('E2E-70, E2E-71: a member uploads a sealed file; after the message, members download the same bytes as an opaque attachment that opens', async () => {
      const plain = randomBytes(1024 * 1024 + 5);
      const { key, sid, blob } = await sealed(plain);
      const fileId = await uploaded(a, roomId, blob);
      // Before its message only the uploader sees it.
      expect(codeOf(await download(b, roomId, fileId))).toEqual([404, 'file.not_found']);
      expect((await send(a, roomId, deviceA, [fileId])).statusCode).toBe(200);

      const res = await download(b, roomId, fileId);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(res.headers['content-disposition']).toBe('attachment');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.rawPayload.equals(blob)).toBe(true);
      const opened = await decryptFile(key, sid, splitSealedFile(new Uint8Array(res.rawPayload)));
      expect(Buffer.from(opened).equals(plain)).toBe(true);
      // The message says nothing of it: the envelope describes it, for members' devices only (E2E-73).
      const history = (await b.client.request('GET', `/api/rooms/${roomId}/messages?limit=10`)).json();
      expect(history.messages.at(-1)).toMatchObject({ kind: 'e2e', files: [] });
      // Nor the room's gallery, nor the standard download path.
      expect((await b.client.request('GET', `/api/rooms/${roomId}/files`)).json().files).toEqual([]);
      expect((await a.client.request('GET', `/uploads/${fileId}`)).statusCode).toBe(404);
    });

    it('E2E-71: non-members, and a member once removed, get not-found; unknown ids and ids of another room too', async () => {
      const fileId = await uploaded(a, roomId, (await sealed(randomBytes(100))).blob);
      expect((await send(a, roomId, deviceA, [fileId])).statusCode).toBe(200);
      expect(codeOf(await download(outsider, roomId, fileId))).toEqual([404, 'room.not_found']);
      expect(codeOf(await upload(outsider, roomId, randomBytes(10)))).toEqual([404, 'room.not_found']);
      expect(codeOf(await download(a, roomId, randomUUID()))).toEqual([404, 'file.not_found']);
      const other = await e2eRoom(a, [outsider]);
      expect(codeOf(await download(outsider, other, fileId))).toEqual([404, 'file.not_found']);

      const [c] = (await actors(t, 'chris')) as [Actor];
      const room = await e2eRoom(a, [c]);
      const inRoom = await uploaded(a, room, randomBytes(64));
      expect((await send(a, room, deviceA, [inRoom])).statusCode).toBe(200);
      expect((await download(c, room, inRoom)).statusCode).toBe(200);
      const kicked = await a.client.request('DELETE', `/api/rooms/${room}/members/${c.id}`);
      expect(kicked.statusCode, kicked.body).toBe(200);
      expect(codeOf(await download(c, room, inRoom))).toEqual([404, 'room.not_found']);
    });

    it('E2E-70: the cap is the largest upload plus what encryption adds; a larger blob is refused and nothing stays on disk', async () => {
      const cap = sealedFileSize(MAX_UPLOAD);
      expect(cap).toBe(MAX_UPLOAD + 3 * 16);
      const objects = () => filesUnder(path.join(t.config.dataDir, 'files')).length;
      const before = objects();
      expect(codeOf(await upload(a, roomId, randomBytes(cap + 1)))).toEqual([413, 'upload.too_large']);
      expect(objects()).toBe(before);
      const fits = await uploaded(a, roomId, randomBytes(cap));
      expect(statSync(objectPath(fits)).size).toBe(cap);
      expect(codeOf(await upload(a, roomId, new Uint8Array()))).toEqual([400, 'upload.file_required']);
    });

    it('E2E-72: a message claims its blobs once: a used, foreign, unknown or other-room blob is refused and the message not stored', async () => {
      const fileId = await uploaded(a, roomId, randomBytes(64));
      expect((await send(a, roomId, deviceA, [fileId])).statusCode).toBe(200);
      expect(codeOf(await send(a, roomId, deviceA, [fileId]))).toEqual([409, 'e2e.file_used']);

      const deviceB = await device(b);
      const bens = await uploaded(b, roomId, randomBytes(64));
      expect(codeOf(await send(a, roomId, deviceA, [bens]))).toEqual([400, 'e2e.file_invalid']);
      expect(codeOf(await send(a, roomId, deviceA, [randomUUID()]))).toEqual([400, 'e2e.file_invalid']);
      const other = await e2eRoom(a, [b]);
      const elsewhere = await uploaded(a, other, randomBytes(64));
      expect(codeOf(await send(a, roomId, deviceA, [elsewhere]))).toEqual([400, 'e2e.file_invalid']);
      const twice = await uploaded(a, roomId, randomBytes(64));
      expect(codeOf(await send(a, roomId, deviceA, [twice, twice]))).toEqual([409, 'e2e.file_used']);
      // A refused send left its blob free for the next one.
      expect((await send(b, roomId, deviceB, [bens])).statusCode).toBe(200);
      expect((await send(a, roomId, deviceA, [twice])).statusCode).toBe(200);
    });

    it('E2E-41, E2E-70: the plaintext upload is still refused in an encrypted room, and the blob route in a standard one', async () => {
      expect(codeOf(await a.client.upload(roomId, 'a.txt', Buffer.from('hello')))).toEqual([
        400,
        'room.e2e_unsupported',
      ]);
      const standard = await rt.group(a, [b], 'plain');
      expect(codeOf(await upload(a, standard, randomBytes(10)))).toEqual([409, 'room.not_e2e']);
    });

    it('E2E-74: deleting the message, a retention purge and deleting the room remove the bytes; an unused blob expires', async () => {
      const deleted = await uploaded(a, roomId, randomBytes(64));
      const sent = await send(a, roomId, deviceA, [deleted]);
      expect(existsSync(objectPath(deleted))).toBe(true);
      const del = await a.client.request('DELETE', `/api/messages/${sent.json().message.id}`);
      expect(del.statusCode, del.body).toBe(200);
      expect(existsSync(objectPath(deleted))).toBe(false);
      expect(codeOf(await download(b, roomId, deleted))).toEqual([404, 'file.not_found']);

      const purged = await e2eRoom(a, [b]);
      const old = await uploaded(a, purged, randomBytes(64));
      const oldMessage = (await send(a, purged, deviceA, [old])).json().message;
      await t.db.kysely
        .updateTable('messages')
        .set({ created_at: Date.now() - 10 * DAY_MS })
        .where('room_id', '=', purged)
        .where('seq', '<=', oldMessage.seq)
        .execute();
      const kept = await admin.client.request('PUT', `/api/admin/rooms/${purged}/retention`, { days: 3 });
      expect(kept.statusCode, kept.body).toBe(200);
      await t.services.retention.runNow(admin.id);
      expect(existsSync(objectPath(old))).toBe(false);

      const gone = await e2eRoom(a, [b]);
      const inGone = await uploaded(a, gone, randomBytes(64));
      expect((await send(a, gone, deviceA, [inGone])).statusCode).toBe(200);
      expect((await admin.client.request('DELETE', `/api/admin/rooms/${gone}`)).statusCode).toBe(200);
      expect(existsSync(objectPath(inGone))).toBe(false);

      const unused = await uploaded(a, roomId, randomBytes(64));
      await t.services.files.sweep(Date.now() + 10 * 60 * 1000);
      expect(existsSync(objectPath(unused))).toBe(false);
      expect(codeOf(await send(a, roomId, deviceA, [unused]))).toEqual([400, 'e2e.file_invalid']);
    });

    it('E2E-73: a file whose name and bytes hold a marker leaves the marker in no table and no stored file; the same scan finds it for a standard upload', async () => {
      const marker = `MARK${randomBytes(8).toString('hex')}`;
      const name = `${marker}.txt`;
      const plain = Buffer.from(`secret report ${marker} ${name}\n`.repeat(50));
      const image = await sealed(plain);
      const fileId = await uploaded(a, roomId, image.blob);
      // The name travels only inside the envelope, here random bytes as far as the server is concerned.
      expect((await send(a, roomId, deviceA, [fileId])).statusCode).toBe(200);
      const storedBytes = () =>
        filesUnder(path.join(t.config.dataDir, 'files'))
          .map((p) => readFileSync(p).toString('latin1'))
          .join('\n');
      expect(storedBytes()).toContain(image.blob.toString('latin1'));
      expect(storedBytes().includes(marker)).toBe(false);
      expect((await databaseText(t)).includes(marker)).toBe(false);

      // Control: the scan is not blind; a standard room's upload of the same file shows the marker in both.
      const standard = await rt.group(a, [b], 'plain files');
      expect((await a.client.upload(standard, name, plain)).statusCode).toBe(200);
      expect(storedBytes()).toContain(marker);
      expect(await databaseText(t)).toContain(marker);
    });
  });
}
