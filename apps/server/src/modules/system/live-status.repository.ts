import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';

/** The database's side of the live status (ADMIN-4): counts, size and a ping; all cheap. */
export class LiveStatusRepository {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Rooms on the server (archived ones included). */
  async rooms(): Promise<number> {
    const row = await this.db
      .selectFrom('rooms')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The database's bytes as the database counts them (SQLite: its main file's pages, WAL not included). */
  async databaseBytes(): Promise<number> {
    const query = dialectOf(this.db).pick({
      sqlite: sql<{
        bytes: number | string;
      }>`select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()`,
      postgres: sql<{ bytes: number | string }>`select pg_database_size(current_database()) as bytes`,
    });
    const { rows } = await query.execute(this.db);
    return Number(rows[0]?.bytes ?? 0);
  }

  /** Whether the database answers a trivial query. */
  async ping(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }
}
