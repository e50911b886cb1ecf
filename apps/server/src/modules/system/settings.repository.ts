import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';

/** Server-wide settings and secrets kept in the database, so every process shares them. */
export class SettingsRepository {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Returns the named secret, creating it once (first writer wins across processes). */
  async secret(key: string): Promise<Buffer> {
    await this.db
      .insertInto('settings')
      .values({ key, value: randomBytes(32).toString('hex') })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    return Buffer.from(row.value, 'hex');
  }

  /** The value stored under `key`, or null. */
  async read(key: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value ?? null;
  }

  /**
   * The value stored under `key` (null when none), its row locked until the transaction ends so that two
   * writers that read, change and write it take turns (SQLite: transactions already do).
   */
  async readLocked(key: string): Promise<string | null> {
    await this.db
      .insertInto('settings')
      .values({ key, value: '' })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await dialectOf(this.db)
      .forUpdate(this.db.selectFrom('settings').select('value').where('key', '=', key))
      .executeTakeFirst();
    return row?.value || null;
  }

  /** Stores `value` under `key`, replacing what was there. */
  async write(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  /** A trivial query: is the database answering? */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }
}
