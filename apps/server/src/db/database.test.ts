import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, POSTGRES_URL, createTestDatabase, type TestDatabase } from '../test/databases.ts';
import { migrateToLatest, openDatabase, schemaStatus, type Db } from './database.ts';

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`migrations (${kind})`, () => {
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

    it('an upgrade that fails midway changes nothing, and the next start applies it whole', async () => {
      // The migrations' own bookkeeping table refuses the record of the first one, after its schema ran.
      await sql`create table kysely_migration (name varchar(255) primary key, timestamp varchar(255) not null)`.execute(
        db.kysely,
      );
      if (kind === 'sqlite') {
        await sql`create trigger refuse before insert on kysely_migration begin
          select raise(abort, 'boom'); end`.execute(db.kysely);
      } else {
        await sql`create function refuse() returns trigger as $$ begin raise exception 'boom'; end $$
          language plpgsql`.execute(db.kysely);
        await sql`create trigger refuse before insert on kysely_migration
          for each row execute function refuse()`.execute(db.kysely);
      }
      await expect(migrateToLatest(db)).rejects.toThrow(/boom/);
      const tables = async () =>
        kind === 'sqlite'
          ? (
              await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
                db.kysely,
              )
            ).rows
          : (
              await sql<{ name: string }>`select tablename as name from pg_tables
                where schemaname = current_schema()`.execute(db.kysely)
            ).rows;
      expect((await tables()).map((t) => t.name)).not.toContain('users');

      await sql`drop trigger refuse ${kind === 'sqlite' ? sql`` : sql`on kysely_migration`}`.execute(
        db.kysely,
      );
      await migrateToLatest(db);
      expect((await tables()).map((t) => t.name)).toContain('users');
      expect((await schemaStatus(db)).pending).toBe(0);
    });
  });
}

describe.skipIf(!POSTGRES_URL)('PostgreSQL connections', () => {
  it('a connection the database server ends while idle does not stop the process; the next query works', async () => {
    const database = await createTestDatabase('postgres');
    const db = openDatabase(database.url);
    try {
      const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db.kysely)).rows[0]!
        .pid;
      const killer = openDatabase(database.url);
      await sql`select pg_terminate_backend(${pid})`.execute(killer.kysely);
      await killer.close();
      // The pool hears the end of its idle connection (an unhandled 'error' would fail this test run).
      await expect
        .poll(async () => {
          try {
            return (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db.kysely)).rows[0]!
              .pid;
          } catch {
            return pid;
          }
        })
        .not.toBe(pid);
    } finally {
      await db.close();
      await database.dispose();
    }
  });
});
