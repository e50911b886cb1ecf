import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../test/databases.ts';
import { migrateToLatest, openDatabase, type Db, type ObservedQuery } from './database.ts';
import { dialectOf, isUniqueViolation } from './dialect.ts';

/** The dialect seam's contract, on each database: what every repository relies on when it asks `dialectOf`. */
for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`dialect (${kind})`, () => {
    let database: TestDatabase;
    let db: Db;
    const seen: ObservedQuery[] = [];
    beforeAll(async () => {
      database = await createTestDatabase(kind);
      db = openDatabase(database.url, { onQuery: (q) => seen.push(q) });
      await migrateToLatest(db);
    });
    afterAll(async () => {
      await db.close();
      await database.dispose();
    });

    it('is chosen once by openDatabase and answered by the pool, a transaction and a handle with plugins', async () => {
      expect(db.dialect.name).toBe(kind);
      expect(dialectOf(db.kysely)).toBe(db.dialect);
      expect(
        dialectOf(
          db.kysely.withPlugin({ transformQuery: (a) => a.node, transformResult: async (a) => a.result }),
        ),
      ).toBe(db.dialect);
      await db.kysely.transaction().execute(async (trx) => expect(dialectOf(trx)).toBe(db.dialect));
      expect(db.dialect.pick({ sqlite: 'fts5', postgres: 'tsvector' })).toBe(
        kind === 'sqlite' ? 'fts5' : 'tsvector',
      );
    });

    it('recognizes its own duplicate-key errors, and no other error', async () => {
      const row = { key: 'dialect.test', value: '1' };
      await db.kysely.insertInto('settings').values(row).execute();
      const duplicate = await db.kysely
        .insertInto('settings')
        .values(row)
        .execute()
        .catch((e: unknown) => e);
      expect(db.dialect.isUniqueViolation(duplicate)).toBe(true);
      expect(isUniqueViolation(duplicate)).toBe(true);
      const other = await db.kysely
        .insertInto('settings')
        .values({ key: 'dialect.null', value: null as unknown as string })
        .execute()
        .catch((e: unknown) => e);
      expect(other).toBeInstanceOf(Error);
      expect(db.dialect.isUniqueViolation(other)).toBe(false);
      expect(isUniqueViolation(other)).toBe(false);
    });

    it('locks rows with `for update` on PostgreSQL only (SQLite runs one transaction at a time)', async () => {
      const q = db.kysely.selectFrom('settings').select('key').where('key', '=', 'dialect.test');
      const locking = db.dialect.forUpdate(q).compile().sql;
      expect(locking.endsWith('for update')).toBe(kind === 'postgres');
      seen.length = 0;
      await db.kysely
        .transaction()
        .execute((trx) =>
          dialectOf(trx).lockRows(trx.selectFrom('settings').select('key').where('key', '=', 'dialect.test')),
        );
      const locks = seen.filter((s) => s.sql.includes('"settings"'));
      expect(locks.map((s) => s.sql.endsWith('for update'))).toEqual(kind === 'postgres' ? [true] : []);
    });
  });
}
