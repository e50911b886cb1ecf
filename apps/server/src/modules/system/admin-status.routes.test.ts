import type { AdminStatus } from '@messenger/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastBackupKey } from '../../ops/backup-schedule.ts';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';
import { VERSION } from '../../version.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';

describe('OPS-10: the server status for admins', () => {
  let t: TestApp;
  let admin: Actor;
  let member: Actor;
  beforeAll(async () => {
    t = await startTestApp({ env: { BACKUP_SCHEDULE: '30 2 * * *', BACKUP_KEEP: '5' } });
    [admin, member] = (await actors(t, 'root', 'member')) as [Actor, Actor]; // the first account is the admin
  });
  afterAll(() => t.close());

  it('answers admins only, with version, schema, database, certificate and backups', async () => {
    expect((await member.client.request('GET', '/api/admin/status')).json().code).toBe('admin.required');
    expect((await t.client().request('GET', '/api/admin/status')).statusCode).toBe(401);

    const before = (await admin.client.request('GET', '/api/admin/status')).json();
    expect(before).toMatchObject({
      version: VERSION,
      schemaVersion: Object.keys(MIGRATIONS).at(-1),
      database: 'sqlite',
      redis: false,
      tls: null,
      backup: { schedule: '30 2 * * *', keep: 5, last: null },
    });
    // What the scheduled backup notes (OPS-9) shows up.
    const last = {
      file: '/backups/messenger-20261207T023000Z.tar.gz',
      bytes: 1234,
      at: '2026-12-07T02:30:00.000Z',
    };
    await t.store.set(lastBackupKey(t.config), JSON.stringify(last), 60_000);
    expect((await admin.client.request('GET', '/api/admin/status')).json().backup.last).toEqual(last);
  });
});

describe.each(DATABASE_KINDS)('ADMIN-4: the live figures on $kind', ({ kind, skip }) => {
  let t: TestApp;
  let admin: Actor;
  beforeAll(async () => {
    if (skip) return;
    t = await startTestApp({ kind });
    [admin] = (await actors(t, 'root')) as [Actor];
  });
  afterAll(() => (skip ? undefined : t.close()));

  it.skipIf(skip)('the database answers, with its size and the rooms counted', async () => {
    const member = (await actors(t, 'member'))[0]!;
    await admin.client.request('POST', '/api/rooms', { kind: 'group', name: '상태', memberIds: [member.id] });
    const status = (await admin.client.request('GET', '/api/admin/status')).json() as AdminStatus;
    expect(status.database).toBe(kind);
    expect(status.live.health.database).toEqual({ kind, ok: true });
    expect(status.live.rooms).toBe(1);
    expect(status.live.databaseBytes).toBeGreaterThan(0);
    expect(status.live.uploadsBytes).toBe(0);
    // Nobody watches the live status: the event loop is not being measured.
    expect(status.live.eventLoop).toBeNull();
  });
});
