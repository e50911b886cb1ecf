import type { Kysely, Selectable, Transaction } from 'kysely';
import { hotStatements, type HotStatements } from '../../db/database.ts';
import type { Database, SessionsTable } from '../../db/schema.ts';
import type { UserRow } from '../users/users.repository.ts';

export type SessionRow = Selectable<SessionsTable>;

type Handle = Kysely<Database> | Transaction<Database>;

/** All SQL about sessions. */
export class SessionsRepository {
  private readonly db: Handle;
  /** SQLite: every authenticated request looks its session up, so that skips query building. */
  private readonly hot: HotStatements | undefined;

  /** On the pool, or bound to a transaction (account deletion ends sessions inside its own). */
  constructor(db: Handle) {
    this.db = db;
    this.hot = hotStatements(db);
  }

  async insert(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  async findByTokenHash(tokenHash: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** The session of a token hash with its user (undefined if the account is gone), as of one moment. */
  async findWithUser(
    tokenHash: string,
  ): Promise<{ session: SessionRow; user: UserRow | undefined } | undefined> {
    const hot = this.hot?.ready ? this.hot : undefined;
    if (hot) {
      const session = hot.get<SessionRow>('SELECT * FROM sessions WHERE token_hash = ?', tokenHash);
      if (!session) return undefined;
      return { session, user: hot.get<UserRow>('SELECT * FROM users WHERE id = ?', session.user_id) };
    }
    const session = await this.findByTokenHash(tokenHash);
    if (!session) return undefined;
    const user = await this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', session.user_id)
      .executeTakeFirst();
    return { session, user };
  }

  /** Sessions of a user that are neither revoked nor past either expiry, most recently used first. */
  async listActive(userId: string, now: number, idleMs: number): Promise<SessionRow[]> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', now - idleMs)
      .orderBy('last_seen_at', 'desc')
      .execute();
  }

  /** Revokes one session of a user; returns whether it was active. */
  async revoke(userId: string, id: string, reason: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('sessions')
      .set({ revoked_at: now, revoked_reason: reason })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Revokes every active session of a user except one; returns the revoked ids. */
  async revokeAllExcept(
    userId: string,
    exceptId: string | null,
    reason: string,
    now: number,
  ): Promise<string[]> {
    const run = async (trx: Transaction<Database>): Promise<string[]> => {
      let q = trx
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null);
      if (exceptId) q = q.where('id', '!=', exceptId);
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length > 0) {
        await trx
          .updateTable('sessions')
          .set({ revoked_at: now, revoked_reason: reason })
          .where('id', 'in', ids)
          .execute();
      }
      return ids;
    };
    return this.db.isTransaction ? run(this.db as Transaction<Database>) : this.db.transaction().execute(run);
  }

  async touch(id: string, now: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }

  /** Revocation and expiry columns of these sessions (absent ones are gone), in chunks the drivers accept. */
  async expiryOf(
    ids: string[],
  ): Promise<Pick<SessionRow, 'id' | 'revoked_at' | 'revoked_reason' | 'expires_at' | 'last_seen_at'>[]> {
    const out = [];
    for (let i = 0; i < ids.length; i += 500) {
      out.push(
        ...(await this.db
          .selectFrom('sessions')
          .select(['id', 'revoked_at', 'revoked_reason', 'expires_at', 'last_seen_at'])
          .where('id', 'in', ids.slice(i, i + 500))
          .execute()),
      );
    }
    return out;
  }

  /** Moves last-seen to `now`, only while the session is still active (touching never revives one). */
  async touchActive(id: string, now: number, idleMs: number): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', now - idleMs)
      .execute();
  }

  /** Removes sessions that ended before `before` (kept until then to answer "revoked" rather than "unknown"). */
  async deleteEndedBefore(before: number): Promise<number> {
    const r = await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
