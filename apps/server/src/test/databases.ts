import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, withDatabase } from '../db/snapshot.ts';

/** A database a test suite runs against; `dispose` removes it. */
export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  url: string;
  dispose(): Promise<void>;
}

/** A fresh SQLite file in a temporary folder. */
export function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), 'mx-test-'));
  return { name: 'sqlite', url: `sqlite:${path.join(dir, 'test.db')}`, dispose: async () => {} };
}

/** A fresh PostgreSQL database on the server of DATABASE_URL, dropped by `dispose`. */
export async function postgresDatabase(baseUrl: string): Promise<TestDatabase> {
  const url = withDatabase(baseUrl, `mx_test_${randomBytes(6).toString('hex')}`);
  await createDatabase(url);
  return { name: 'postgres', url, dispose: () => dropDatabase(url) };
}

/** PostgreSQL runs when DATABASE_URL is set; otherwise its suites are reported as skipped. */
export const POSTGRES_URL = process.env.DATABASE_URL?.startsWith('postgres')
  ? process.env.DATABASE_URL
  : undefined;
export const REDIS_URL = process.env.REDIS_URL;

/** The database kinds every contract suite runs on: SQLite always, PostgreSQL when configured. */
export const DATABASE_KINDS = [
  { kind: 'sqlite' as const, skip: false },
  { kind: 'postgres' as const, skip: !POSTGRES_URL },
];

/** Creates a fresh database of the given kind. */
export function createTestDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  return kind === 'sqlite' ? Promise.resolve(sqliteDatabase()) : postgresDatabase(POSTGRES_URL!);
}
