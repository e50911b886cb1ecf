import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import { migrateToLatest, openDatabase, type Db } from '../database.ts';
import { MIGRATIONS } from './index.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`0010-pin-reminders (${kind})`, () => {
    let database: TestDatabase;
    let db: Db;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
      db = openDatabase(database.url);
    });
    afterAll(async () => {
      await db.close();
      await database.dispose();
    });

    it('PIN-6: reminders recorded in the audit log move to their own table; the audit log keeps its rows', async () => {
      const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => MIGRATIONS } });
      expect((await migrator.migrateTo('0009-audit-room-action')).error).toBeUndefined();
      const user = (id: string) => ({
        id,
        username: id,
        username_lower: id,
        nickname: id,
        password_hash: 'x',
        is_admin: 0,
        status_message: '',
        created_at: 1,
        updated_at: 1,
      });
      await db.kysely
        .insertInto('users')
        .values([user('u1'), user('u2')])
        .execute();
      const room = (id: string) => ({
        id,
        kind: 'group' as const,
        name: id,
        description: '',
        direct_key: null,
        created_by: 'u1',
        created_at: 1,
        last_seq: 0,
        last_rev: 0,
        last_activity_at: 1,
      });
      await db.kysely
        .insertInto('rooms')
        .values([room('r1'), room('r2')])
        .execute();
      const pin = (id: string, roomId: string) => ({
        id,
        room_id: roomId,
        message_id: null,
        body: id,
        pinned_by: 'u1',
        requires_ack: 1,
        created_at: 1,
      });
      await db.kysely
        .insertInto('pins')
        .values([pin('p1', 'r1'), pin('p2', 'r2')])
        .execute();
      const audit = (
        id: string,
        action: string,
        roomId: string,
        targetId: string,
        actorId: string,
        at: number,
      ) => ({
        id,
        created_at: at,
        actor_id: actorId,
        action,
        room_id: roomId,
        target_id: targetId,
        detail: JSON.stringify({ reminded: 1 }),
      });
      const log = [
        audit('a1', 'pin.reminded', 'r1', 'p1', 'u1', 10),
        audit('a2', 'pin.reminded', 'r1', 'p1', 'u2', 20),
        audit('a3', 'pin.reminded', 'r2', 'p2', 'u1', 30),
        // A notice unpinned since: nobody can be reminded of it.
        audit('a4', 'pin.reminded', 'r1', 'p-gone', 'u1', 40),
        // Other actions stay where they are, and only there.
        audit('a5', 'room.member_invited', 'r1', 'u2', 'u1', 50),
      ];
      // The audit log as it was before it was chained (0012).
      await db.kysely
        .insertInto('audit_log')
        .values(log as never)
        .execute();

      await migrateToLatest(db);

      const moved = await db.kysely.selectFrom('pin_reminders').selectAll().orderBy('created_at').execute();
      expect(moved.map((r) => ({ ...r, created_at: Number(r.created_at) }))).toEqual([
        { id: 'a1', pin_id: 'p1', room_id: 'r1', reminded_by: 'u1', created_at: 10 },
        { id: 'a2', pin_id: 'p1', room_id: 'r1', reminded_by: 'u2', created_at: 20 },
        { id: 'a3', pin_id: 'p2', room_id: 'r2', reminded_by: 'u1', created_at: 30 },
      ]);
      const kept = await db.kysely.selectFrom('audit_log').select('id').orderBy('created_at').execute();
      expect(kept.map((r) => r.id)).toEqual(log.map((r) => r.id));
      // The reminders go with their notice.
      await db.kysely.deleteFrom('pins').where('id', '=', 'p1').execute();
      expect((await db.kysely.selectFrom('pin_reminders').select('id').execute()).map((r) => r.id)).toEqual([
        'a3',
      ]);
    });
  });
}
