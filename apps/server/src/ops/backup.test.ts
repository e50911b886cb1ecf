import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCertificates } from './local-ca.ts';
import { createBackup, restoreBackup, verifyBackup } from './backup.ts';
import { writeServerLock } from './server-lock.ts';
import { buildApp } from '../app.ts';
import { createTestDatabase, DATABASE_KINDS, POSTGRES_URL, type TestDatabase } from '../test/databases.ts';
import { actors, startTestApp, testConfig, TestClient, type Actor, type TestApp } from '../test/harness.ts';

const tmp = (name: string) => mkdtempSync(path.join(tmpdir(), `mx-${name}-`));

/** A text file of about 40 KB that differs per seed, so a swapped or truncated file is noticed. */
const bytes = (seed: number) =>
  Buffer.from(Array.from({ length: 2000 }, (_, i) => `보고서 ${seed} 줄 ${i}\n`).join(''));

describe.each(DATABASE_KINDS)('OPS-4: backup, verify and restore ($kind)', ({ kind, skip }) => {
  let t: TestApp;
  let a: Actor;
  let b: Actor;
  let roomId: string;
  const sent: { id: string; body: string }[] = [];
  const uploaded: { id: string; messageId: string; data: Buffer }[] = [];

  const send = async (body: string, uploadTokens?: string[]) => {
    const res = await a.client.request('POST', `/api/rooms/${roomId}/messages`, {
      id: uuidv7(),
      body,
      ...(uploadTokens ? { uploadTokens } : {}),
    });
    if (res.statusCode !== 200) throw new Error(`send: ${res.body}`);
    sent.push({ id: res.json().message.id, body });
  };
  const upload = async (seed: number) => {
    const data = bytes(seed);
    const up = await a.client.upload(roomId, `report-${seed}.txt`, data);
    if (up.statusCode !== 200) throw new Error(`upload: ${up.body}`);
    await send(`파일 ${seed}`, [up.json().uploadToken]);
    uploaded.push({ id: up.json().file.id, messageId: sent.at(-1)!.id, data });
  };

  beforeAll(async () => {
    if (skip) return;
    t = await startTestApp({
      kind,
      env: { RATE_LIMIT_MESSAGE: '10000/min', RATE_LIMIT_UPLOAD: '10000/min' },
    });
    await initCertificates({ dataDir: t.config.dataDir, machineNames: ['localhost'] });
    [a, b] = (await actors(t, 'alice', 'bob')) as [Actor, Actor];
    roomId = (
      await a.client.request('POST', '/api/rooms', { kind: 'group', memberIds: [b.id], name: '백업 방' })
    ).json().room.id;
    for (let i = 0; i < 20; i++) await send(`백업 전 메시지 ${i}`);
    for (let i = 0; i < 3; i++) await upload(i);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skip)(
    'a backup taken while clients send and upload restores every acknowledged message, file and login',
    async () => {
      const acknowledgedBefore = sent.length;
      const filesBefore = uploaded.length;
      const out = path.join(tmp('backups'), 'messenger.tar.gz');
      // Traffic keeps going while the backup runs; it stops once the backup is written.
      let running = true;
      let seed = 100;
      const traffic = (async () => {
        while (running) {
          await send(`백업 중 메시지 ${seed}`);
          if (seed % 3 === 0) await upload(seed);
          seed++;
        }
      })();
      const backup = await createBackup(
        { dataDir: t.config.dataDir, databaseUrl: t.config.databaseUrl },
        out,
      );
      running = false;
      await traffic;
      expect(sent.length).toBeGreaterThan(acknowledgedBefore); // the backup did run beside traffic

      expect(backup.manifest.counts.messages).toBeGreaterThanOrEqual(acknowledgedBefore);
      expect(backup.manifest.counts.users).toBe(2);
      expect(backup.manifest.entries.map((e) => e.path)).toContain('tls/ca.key');
      expect((await stat(out)).mode & 0o777).toBe(0o600);

      const verified = await verifyBackup(out, { postgresUrl: POSTGRES_URL });
      expect(verified.problems).toEqual([]);
      expect(verified.ok).toBe(true);

      // A fresh installation: an empty data folder and, on PostgreSQL, a database of its own.
      const target: TestDatabase = await createTestDatabase(kind);
      const config = testConfig({ DATABASE_URL: target.url });
      if (kind === 'postgres') await target.dispose(); // restore creates it
      const restored = await restoreBackup(out, { dataDir: config.dataDir, databaseUrl: config.databaseUrl });
      expect(restored.manifest.counts).toEqual(backup.manifest.counts);

      const app = await buildApp(config, { logger: false });
      try {
        const alice = new TestClient(app);
        expect((await alice.login(a.username)).statusCode).toBe(200);
        const page = (await alice.request('GET', `/api/rooms/${roomId}/messages?limit=100`)).json()
          .messages as {
          id: string;
          text: string;
        }[];
        const ids = new Set(page.map((m) => m.id));
        for (const m of sent.slice(0, acknowledgedBefore)) expect(ids.has(m.id), m.body).toBe(true);
        expect(page.length).toBe(backup.manifest.counts.messages);
        // Every file of the restored history is there byte for byte: all those from before the backup, and
        // those sent while it ran that made it into the copy.
        const inHistory = uploaded.filter((f) => ids.has(f.messageId));
        expect(inHistory.length).toBeGreaterThanOrEqual(filesBefore);
        for (const f of inHistory) {
          const dl = await alice.request('GET', `/uploads/${f.id}`);
          expect(dl.statusCode).toBe(200);
          expect(Buffer.compare(dl.rawPayload, f.data)).toBe(0);
        }
        expect((await new TestClient(app).login(b.username)).statusCode).toBe(200);
        expect(await readFile(path.join(config.dataDir, 'tls/ca.crt'), 'utf8')).toBe(
          await readFile(path.join(t.config.dataDir, 'tls/ca.crt'), 'utf8'),
        );
      } finally {
        await app.close();
        if (kind === 'postgres') await target.dispose();
      }
    },
  );

  it.skipIf(skip)(
    'restore refuses while a server runs on the data folder, and keeps what it replaces',
    async () => {
      const out = path.join(tmp('backups'), 'b.tar.gz');
      await createBackup({ dataDir: t.config.dataDir, databaseUrl: t.config.databaseUrl }, out);
      if (kind === 'postgres') {
        // The test app's pool is connected to its database: that is a running server.
        await expect(
          restoreBackup(out, { dataDir: tmp('data'), databaseUrl: t.config.databaseUrl }),
        ).rejects.toThrow(/connection\(s\) are open/);
      }
      const target = await createTestDatabase(kind);
      const dataDir = tmp('data');
      const release = await writeServerLock(dataDir);
      await expect(restoreBackup(out, { dataDir, databaseUrl: target.url })).rejects.toThrow(/is running on/);
      await release();
      await mkdir(path.join(dataDir, 'files'), { recursive: true });
      await writeFile(path.join(dataDir, 'files', 'old.txt'), 'kept');
      if (kind === 'postgres') await target.dispose();
      const first = await restoreBackup(out, { dataDir, databaseUrl: target.url });
      expect(first.previous).not.toBeNull();
      expect(await readFile(path.join(first.previous!, 'files', 'old.txt'), 'utf8')).toBe('kept');
      // Restoring again moves the first restore aside too (and, on PostgreSQL, renames its database).
      const second = await restoreBackup(out, { dataDir, databaseUrl: target.url });
      if (kind === 'sqlite') {
        const aside = await readdir(second.previous!);
        expect(aside).toContain(path.basename(target.url.slice('sqlite:'.length)));
      } else {
        expect(second.previousDatabase).toMatch(/_before_restore_/);
        const { dropDatabase, withDatabase } = await import('../db/snapshot.ts');
        await dropDatabase(withDatabase(target.url, second.previousDatabase!));
        await target.dispose();
      }
    },
  );

  it.skipIf(skip)(
    'verify finds a damaged archive and a file the database refers to that is missing',
    async () => {
      const out = path.join(tmp('backups'), 'c.tar.gz');
      const backup = await createBackup(
        { dataDir: t.config.dataDir, databaseUrl: t.config.databaseUrl },
        out,
      );
      // Unpack, change one byte of an upload, leave another out, pack again with the same manifest.
      const dir = tmp('tamper');
      await tar.extract({ file: out, cwd: dir });
      const objects = backup.manifest.entries.filter((e) => e.path.startsWith('files/objects/'));
      const changed = objects[0]!.path;
      const buf = await readFile(path.join(dir, changed));
      buf[0] = buf[0]! ^ 0xff;
      await writeFile(path.join(dir, changed), buf);
      const { rm } = await import('node:fs/promises');
      await rm(path.join(dir, objects[1]!.path));
      const bad = path.join(tmp('backups'), 'bad.tar.gz');
      await tar.create({ gzip: true, file: bad, cwd: dir }, await readdir(dir));
      const result = await verifyBackup(bad, { postgresUrl: POSTGRES_URL });
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual(
        expect.arrayContaining([
          `${changed}: checksum does not match`,
          `${objects[1]!.path}: missing from the archive`,
          `${objects[1]!.path}: the database refers to it; not in the archive`,
        ]),
      );
      expect((await verifyBackup(path.join(dir, 'nothing.tar.gz'))).ok).toBe(false);
    },
  );
});
