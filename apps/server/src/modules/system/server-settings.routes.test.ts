import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';
import { UnitOfWork } from '../../db/unit-of-work.ts';
import { ServerSettingsService } from './server-settings.service.ts';
import { SettingsRepository } from './settings.repository.ts';

const MB = 1024 * 1024;

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`ADMIN-3: server settings without a restart (${kind})`, () => {
    let t: TestApp;
    let admin: Actor;
    let member: Actor;
    let roomId: string;

    beforeAll(async () => {
      t = await startTestApp({
        kind,
        env: { MAX_UPLOAD_BYTES: String(4 * MB), RETENTION_DAYS: '400', RATE_LIMIT_MESSAGE: '1000/min' },
      });
      [admin, member] = (await actors(t, 'root', 'member')) as [Actor, Actor]; // the first account is the admin
      roomId = (
        await member.client.request('POST', '/api/rooms', { kind: 'group', name: 'files', memberIds: [] })
      ).json().room.id;
    });
    afterAll(() => t.close());

    const put = (who: Actor, body: unknown) => who.client.request('PUT', '/api/admin/settings', body);
    const auditOf = async () =>
      (await admin.client.request('GET', '/api/admin/audit?action=server')).json().entries as {
        action: string;
        actor: { id: string } | null;
        detail: Record<string, { from: unknown; to: unknown }>;
      }[];

    it('ADMIN-3: only server administrators read or change the settings', async () => {
      for (const res of [
        await member.client.request('GET', '/api/admin/settings'),
        await put(member, { retentionDays: 1 }),
      ]) {
        expect(res.statusCode).toBe(403);
        expect(res.json().code).toBe('admin.required');
      }
      expect((await t.client().request('GET', '/api/admin/settings')).statusCode).toBe(401);
      expect((await admin.client.request('GET', '/api/admin/settings')).json().settings.retentionDays).toBe(
        400,
      );
      expect(await auditOf()).toEqual([]);
      // Both are in the OpenAPI document, under the admin tag.
      const doc = (await t.http.inject('/api/openapi.json')).json();
      expect(doc.paths['/api/admin/settings'].get.tags).toEqual(['admin']);
      expect(doc.paths['/api/admin/settings'].put.tags).toEqual(['admin']);
    });

    it('ADMIN-3: what nobody changed follows the configuration', async () => {
      const res = (await admin.client.request('GET', '/api/admin/settings')).json();
      expect(res.settings).toEqual(res.defaults);
      expect(res.settings).toMatchObject({
        upload: { maxBytes: 4 * MB, allowedExtensions: expect.arrayContaining(['txt', 'png', 'pdf']) },
        rateLimits: {
          messageSend: { max: 1000, windowSeconds: 60 },
          pinRemind: { max: 1, windowSeconds: 600 },
        },
        retentionDays: 400,
        notifications: { level: 'all', sound: false },
      });
      expect(res.uploadCeilingBytes).toBe(4 * MB);
      const config = (await member.client.request('GET', '/api/config')).json();
      expect(config.upload.maxBytes).toBe(4 * MB);
      expect(config.notifications).toEqual({ level: 'all', sound: false });
    });

    it('ADMIN-3: a lower upload size applies to the next upload and to /api/config at once, audited', async () => {
      const big = Buffer.alloc(2 * MB, 'a');
      expect((await member.client.upload(roomId, 'before.txt', big)).statusCode).toBe(200);

      const res = await put(admin, { upload: { maxBytes: 1 * MB } });
      expect(res.statusCode).toBe(200);
      expect(res.json().settings.upload.maxBytes).toBe(MB);

      const refused = await member.client.upload(roomId, 'after.txt', big);
      expect(refused.statusCode).toBe(413);
      expect(refused.json().code).toBe('upload.too_large');
      // Just over it passes the request-size check and is refused while streaming; just under is accepted.
      const over = await member.client.upload(roomId, 'over.txt', Buffer.alloc(MB + 10, 'a'));
      expect(over.json().code).toBe('upload.too_large');
      expect((await member.client.upload(roomId, 'small.txt', Buffer.alloc(MB - 1024, 'a'))).statusCode).toBe(
        200,
      );
      expect((await member.client.request('GET', '/api/config')).json().upload.maxBytes).toBe(MB);

      const [entry] = await auditOf();
      expect(entry).toMatchObject({
        action: 'server.settings_changed',
        actor: { id: admin.id },
        detail: { 'upload.maxBytes': { from: 4 * MB, to: MB } },
      });
      expect(Object.keys(entry!.detail)).toEqual(['upload.maxBytes']);
    });

    it('ADMIN-3: the allowed extensions apply to the next upload', async () => {
      const before = (await admin.client.request('GET', '/api/admin/settings')).json().settings.upload;
      const res = await put(admin, {
        upload: { allowedExtensions: before.allowedExtensions.filter((e: string) => e !== 'txt') },
      });
      expect(res.statusCode).toBe(200);
      const refused = await member.client.upload(roomId, 'notes.txt', Buffer.from('hello'));
      expect(refused.json().code).toBe('upload.type_not_allowed');
      expect(
        (await member.client.request('GET', '/api/config')).json().upload.allowedExtensions,
      ).not.toContain('txt');
      await put(admin, { upload: { allowedExtensions: [...before.allowedExtensions, 'TXT'] } });
      expect((await member.client.upload(roomId, 'notes.txt', Buffer.from('hello'))).statusCode).toBe(200);
    });

    it('ADMIN-3: a changed rate limit applies to the next request', async () => {
      const send = () =>
        member.client.request('POST', `/api/rooms/${roomId}/messages`, { id: uuidv7(), body: 'hi' });
      expect((await send()).statusCode).toBe(200);
      await put(admin, { rateLimits: { messageSend: { max: 2, windowSeconds: 3600 } } });
      const codes = [(await send()).statusCode, (await send()).statusCode, (await send()).statusCode];
      expect(codes).toContain(429);
      const config = (await member.client.request('GET', '/api/config')).json();
      expect(config.rateLimits.messageSend).toEqual({ max: 2, windowSeconds: 3600 });
      await put(admin, { rateLimits: { messageSend: { max: 1000, windowSeconds: 60 } } });
    });

    it('ADMIN-3: bad values are a 400 with a code, and change nothing', async () => {
      const before = (await admin.client.request('GET', '/api/admin/settings')).json().settings;
      const audited = (await auditOf()).length;
      const cases: [unknown, string][] = [
        [{ upload: { maxBytes: 5 * MB } }, 'settings.upload_over_ceiling'],
        [{ upload: { allowedExtensions: ['exe'] } }, 'settings.extension_unknown'],
        [{ upload: { maxBytes: -1 } }, 'request.invalid_body'],
        [{ retentionDays: 1.5 }, 'request.invalid_body'],
        [{ rateLimits: { login: { max: 0, windowSeconds: 60 } } }, 'request.invalid_body'],
        [{ notifications: { level: 'loud' } }, 'request.invalid_body'],
        [{ openRegistration: true }, 'request.invalid_body'],
        [{}, 'request.invalid_body'],
      ];
      for (const [body, code] of cases) {
        const res = await put(admin, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json()).toMatchObject({ code, error: expect.any(String) });
      }
      expect((await admin.client.request('GET', '/api/admin/settings')).json().settings).toEqual(before);
      expect(await auditOf()).toHaveLength(audited);
    });

    it('ADMIN-3: retention and notification defaults; only what differs from the configuration is stored', async () => {
      const res = await put(admin, { retentionDays: 30, notifications: { level: 'mentions', sound: true } });
      expect(res.json().settings).toMatchObject({ retentionDays: 30, notifications: { level: 'mentions' } });
      expect(await t.services.serverSettings.retentionDays()).toBe(30);
      expect((await member.client.request('GET', '/api/config')).json().notifications).toEqual({
        level: 'mentions',
        sound: true,
      });
      // Back to the configured value: it follows the configuration again instead of being stored.
      await put(admin, { retentionDays: 400, upload: { maxBytes: 4 * MB } });
      const stored = JSON.parse((await new SettingsRepository(t.db.kysely).read('server_settings'))!);
      expect(stored).toEqual({ notifications: { level: 'mentions', sound: true } });
      // Saving what is already in force is no change: nothing audited.
      const audited = (await auditOf()).length;
      expect((await put(admin, { retentionDays: 400 })).statusCode).toBe(200);
      expect(await auditOf()).toHaveLength(audited);
    });

    /** The real repository, counting its reads; each read may be held after it read, until released. */
    class CountingSettings extends SettingsRepository {
      reads = 0;
      /** Reads whose SELECT has answered (held or not). */
      answered = 0;
      hold: Promise<void> | null = null;
      override async read(key: string): Promise<string | null> {
        this.reads += 1;
        const value = await super.read(key);
        this.answered += 1;
        await this.hold;
        return value;
      }
    }
    const service = (settings: SettingsRepository, cacheMs: number) =>
      new ServerSettingsService({
        uow: new UnitOfWork(t.db.kysely),
        settings,
        config: t.config,
        now: Date.now,
        cacheMs,
      });

    it('ADMIN-3: callers that find the cache expired at the same time share one read', async () => {
      const settings = new CountingSettings(t.db.kysely);
      const s = service(settings, 0);
      const all = await Promise.all(Array.from({ length: 20 }, () => s.rateLimit('messageSend')));
      expect(settings.reads).toBe(1);
      expect(new Set(all.map((r) => JSON.stringify(r))).size).toBe(1);
      await s.get();
      expect(settings.reads).toBe(2);
    });

    it('ADMIN-3: a read begun before a change and answered after it never brings the old value back', async () => {
      const settings = new CountingSettings(t.db.kysely);
      const s = service(settings, 60_000);
      let release!: () => void;
      settings.hold = new Promise((resolve) => (release = resolve));
      const old = s.get();
      await expect.poll(() => settings.answered).toBe(1);
      expect((await s.update(admin.id, { retentionDays: 7 })).retentionDays).toBe(7);
      release();
      expect((await old).retentionDays).toBe(400);
      expect(await s.retentionDays()).toBe(7);
      expect(settings.reads).toBe(1);
      await s.update(admin.id, { retentionDays: 400 });
    });
  });
}

describe('ADMIN-3: every process applies a change within about a second', () => {
  let database: TestDatabase;
  let one: TestApp;
  let two: TestApp;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    one = await startTestApp({ database });
    two = await startTestApp({ database });
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await database.dispose();
  });

  it('ADMIN-3: a change made through one process reaches the other without a restart', async () => {
    const [admin] = (await actors(one, 'root')) as [Actor];
    const seen = async () => (await two.client().request('GET', '/api/config')).json().upload.maxBytes;
    const first = await seen(); // the other process has read (and cached) the settings
    await admin.client.request('PUT', '/api/admin/settings', { upload: { maxBytes: 2 * MB } });
    expect(first).toBe(16 * MB);
    await vi.waitFor(async () => expect(await seen()).toBe(2 * MB), { timeout: 3000, interval: 100 });
  });

  it('ADMIN-3: a process configured with a lower MAX_UPLOAD_BYTES holds the stored size to it', async () => {
    const lower = await startTestApp({ database, env: { MAX_UPLOAD_BYTES: String(MB) } });
    try {
      expect((await lower.client().request('GET', '/api/config')).json().upload.maxBytes).toBe(MB);
    } finally {
      await lower.close();
    }
  });
});
