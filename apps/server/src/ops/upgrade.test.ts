import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { LATEST_SCHEMA, openDatabase, schemaStatus } from '../db/database.ts';
import { MIGRATIONS } from '../db/migrations/index.ts';
import { createTestDatabase, DATABASE_KINDS } from '../test/databases.ts';
import { testConfig, TestClient } from '../test/harness.ts';
import { verifyBackup } from './backup.ts';
import { POSTGRES_URL } from '../test/databases.ts';

const names = Object.keys(MIGRATIONS).sort();
const previous = names.at(-2)!;

describe.each(DATABASE_KINDS)('OPS-8: upgrades at start ($kind)', ({ kind, skip }) => {
  it.skipIf(skip)(
    'a database of the previous schema is backed up, then migrated, and its data is there',
    async () => {
      const database = await createTestDatabase(kind);
      const config = testConfig({ DATABASE_URL: database.url });
      // Yesterday's server: its schema, with a user in it.
      const first = await buildApp(config, { logger: false });
      const alice = new TestClient(first);
      expect((await alice.register('upgrade_alice')).statusCode).toBe(200);
      await first.close();
      const db = openDatabase(database.url);
      const migrator = new Migrator({
        db: db.kysely,
        provider: { getMigrations: async () => MIGRATIONS },
        allowUnorderedMigrations: true,
      });
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      expect(await schemaStatus(db)).toEqual({ version: previous, pending: 1 });
      await db.close();

      // Today's server starts on it.
      const app = await buildApp(config, { logger: false });
      try {
        const backups = await readdir(config.backupDir);
        expect(backups).toEqual([
          expect.stringMatching(new RegExp(`^pre-migrate-${previous}-\\d{8}T\\d{6}Z\\.tar\\.gz$`)),
        ]);
        const verified = await verifyBackup(path.join(config.backupDir, backups[0]!), {
          postgresUrl: POSTGRES_URL,
        });
        expect(verified.problems).toEqual([]);
        expect(verified.manifest).toMatchObject({ schemaVersion: previous, counts: { users: 1 } });
        expect((await app.http.inject('/healthz')).json()).toMatchObject({ schemaVersion: LATEST_SCHEMA });
        expect((await new TestClient(app).login('upgrade_alice')).statusCode).toBe(200);
      } finally {
        await app.close();
        await database.dispose();
      }
    },
  );

  it.skipIf(skip)('a database already at this schema starts without a backup', async () => {
    const database = await createTestDatabase(kind);
    const config = testConfig({ DATABASE_URL: database.url });
    await (await buildApp(config, { logger: false })).close();
    await (await buildApp(config, { logger: false })).close();
    await expect(readdir(config.backupDir)).rejects.toThrow(/ENOENT/);
    await database.dispose();
  });

  it.skipIf(skip)('a database upgraded by a newer version refuses to start, saying so', async () => {
    const database = await createTestDatabase(kind);
    const config = testConfig({ DATABASE_URL: database.url });
    await (await buildApp(config, { logger: false })).close();
    const db = openDatabase(database.url);
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(
      db.kysely,
    );
    await db.close();
    await expect(buildApp(config, { logger: false })).rejects.toThrow(
      /has schema 9999-from-the-future, newer than this version .* knows/,
    );
    await database.dispose();
  });
});
