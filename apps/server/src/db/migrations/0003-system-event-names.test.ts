import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import { migrateToLatest, openDatabase, type Db } from '../database.ts';
import { MIGRATIONS } from './index.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`0003-system-event-names (${kind})`, () => {
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

    it('ROOM-6: system messages written with bare ids get the nicknames of their people', async () => {
      const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => MIGRATIONS } });
      const to2 = await migrator.migrateTo('0002-conversations');
      expect(to2.error).toBeUndefined();
      const user = (id: string, nickname: string) => ({
        id,
        username: id,
        username_lower: id,
        nickname,
        password_hash: 'x',
        is_admin: 0,
        status_message: '',
        created_at: 1,
        updated_at: 1,
      });
      await db.kysely
        .insertInto('users')
        .values([user('u1', '김철수'), user('u2', '이영희')])
        .execute();
      await db.kysely
        .insertInto('rooms')
        .values({
          id: 'r1',
          kind: 'group',
          name: '개발팀',
          description: '',
          direct_key: null,
          created_by: 'u1',
          created_at: 1,
          last_seq: 2,
          last_rev: 2,
          last_activity_at: 1,
        })
        .execute();
      const old = (id: string, seq: number, event: object) => ({
        id,
        room_id: 'r1',
        seq,
        rev: seq,
        kind: 'system' as const,
        sender_id: null,
        body: '',
        reply_to_id: null,
        mention_all: 0,
        mention_user_ids: '[]',
        system_event: JSON.stringify(event),
        created_at: 1,
        edited_at: null,
        deleted_at: null,
        deleted_by: null,
      });
      await db.kysely
        .insertInto('messages')
        .values([
          old('m1', 1, { type: 'joined', actorId: 'u1', targetIds: ['u2', 'gone'], value: null }),
          old('m2', 2, { type: 'owner_transferred', actorId: null, targetIds: ['u2'], value: 'owner' }),
        ])
        .execute();

      await migrateToLatest(db);

      const rows = await db.kysely
        .selectFrom('messages')
        .select(['id', 'system_event'])
        .orderBy('seq')
        .execute();
      expect(rows.map((r) => JSON.parse(r.system_event!))).toEqual([
        {
          type: 'joined',
          actor: { id: 'u1', nickname: '김철수' },
          targets: [
            { id: 'u2', nickname: '이영희' },
            { id: 'gone', nickname: '' },
          ],
          value: null,
        },
        {
          type: 'owner_transferred',
          actor: null,
          targets: [{ id: 'u2', nickname: '이영희' }],
          value: 'owner',
        },
      ]);
    });
  });
}
