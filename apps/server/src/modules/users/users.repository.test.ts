import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { migrateToLatest, openDatabase, schemaStatus, type Db } from '../../db/database.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../../test/databases.ts';
import { SessionsRepository } from '../sessions/sessions.repository.ts';
import { UniqueViolation, UsersRepository } from './users.repository.ts';

function userRow(username: string) {
  return {
    id: uuidv7(),
    username,
    username_lower: username.toLowerCase(),
    nickname: `닉네임 ${username}`,
    password_hash: 'x',
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_000_000,
  };
}

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`users and sessions repositories contract (${kind})`, () => {
    let database: TestDatabase;
    let db: Db;
    let users: UsersRepository;
    let sessions: SessionsRepository;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
      db = openDatabase(database.url);
      await migrateToLatest(db);
      users = new UsersRepository(db.kysely);
      sessions = new SessionsRepository(db.kysely);
    });
    afterAll(async () => {
      await db.close();
      await database.dispose();
    });

    it('migrations are recorded, and applying them again changes nothing', async () => {
      expect(await schemaStatus(db)).toEqual({ version: Object.keys(MIGRATIONS).at(-1), pending: 0 });
      const again = await migrateToLatest(db);
      expect(again.results).toEqual([]);
    });

    it('AUTH-2: of simultaneous first sign-ups exactly one becomes administrator', async () => {
      const rows = await Promise.all(
        ['race_a', 'race_b', 'race_c', 'race_d'].map((n) => users.insert(userRow(n))),
      );
      expect(rows.filter((r) => r.is_admin === 1)).toHaveLength(1);
    });

    it('AUTH-1: usernames are unique ignoring case; Korean nicknames and epoch-ms timestamps round-trip', async () => {
      await users.insert(userRow('Case_Name'));
      await expect(users.insert(userRow('case_NAME'))).rejects.toBeInstanceOf(UniqueViolation);
      const found = await users.findByUsername('CASE_name');
      expect(found).toMatchObject({
        username: 'Case_Name',
        nickname: '닉네임 Case_Name',
        created_at: 1_700_000_000_000,
      });
      expect(typeof found!.created_at).toBe('number');
    });

    it('sessions: listed newest first while active; revoked ones are kept until purged', async () => {
      const u = await users.insert(userRow('sess_owner'));
      const base = {
        user_id: u.id,
        ip: '127.0.0.1',
        user_agent: 'ua',
        revoked_at: null,
        revoked_reason: null,
      };
      const mk = (id: string, seen: number) => ({
        ...base,
        id,
        token_hash: `hash-${id}`,
        created_at: seen,
        last_seen_at: seen,
        expires_at: seen + 10_000,
      });
      await sessions.insert(mk('s1', 1000));
      await sessions.insert(mk('s2', 2000));
      await sessions.insert(mk('s3', 3000));
      expect((await sessions.listActive(u.id, 3500, 5000)).map((s) => s.id)).toEqual(['s3', 's2', 's1']);
      expect(await sessions.revokeAllExcept(u.id, 's3', 'password_changed', 4000)).toEqual(
        expect.arrayContaining(['s1', 's2']),
      );
      expect((await sessions.listActive(u.id, 4000, 5000)).map((s) => s.id)).toEqual(['s3']);
      expect(await sessions.revoke(u.id, 's1', 'revoked', 4000)).toBe(false); // already revoked
      expect((await sessions.findByTokenHash('hash-s1'))?.revoked_reason).toBe('password_changed');
      expect(await sessions.deleteEndedBefore(5000)).toBe(2);
      expect(await sessions.findByTokenHash('hash-s1')).toBeUndefined();
    });
  });
}
