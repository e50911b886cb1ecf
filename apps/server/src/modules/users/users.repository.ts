import { sql, type Kysely, type Selectable } from 'kysely';
import { containsPattern, dialectOf } from '../../db/dialect.ts';
import type { Database, UsersTable } from '../../db/schema.ts';

export type UserRow = Selectable<UsersTable>;

/** Thrown when a username is already taken (unique index on the lower-cased name). */
export class UniqueViolation extends Error {}

/** All SQL about users. */
export class UsersRepository {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async findById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByUsername(username: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('username_lower', '=', username.toLowerCase())
      .executeTakeFirst();
  }

  /** The account of an identity at the directory or the OpenID provider. */
  async findByExternalId(source: 'ldap' | 'oidc', externalId: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('auth_source', '=', source)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
  }

  /** Active local accounts with this e-mail address (ignoring case). */
  async findLocalByEmail(email: string): Promise<UserRow[]> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('auth_source', '=', 'local')
      .where('deleted_at', 'is', null)
      .where('deactivated_at', 'is', null)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .execute();
  }

  /** Makes a local account an OpenID provider's (AUTH-15): its password stops working here. */
  async linkToOidc(id: string, sub: string, noPassword: string, now: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ auth_source: 'oidc', external_id: sub, password_hash: noPassword, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Inserts a user; the first user ever (or `forceAdmin`) becomes server administrator. The admin claim is
   * a unique settings row written in the same transaction, so two simultaneous first sign-ups cannot both win.
   */
  async insert(
    user: Omit<
      UserRow,
      | 'is_admin'
      | 'status_message'
      | 'avatar_version'
      | 'deleted_at'
      | 'deactivated_at'
      | 'auth_source'
      | 'external_id'
      | 'email'
      | 'department'
      | 'totp_secret'
      | 'totp_enabled_at'
      | 'totp_last_step'
      | 'must_change_password'
    > &
      Partial<Pick<UserRow, 'auth_source' | 'external_id' | 'email' | 'department' | 'must_change_password'>>,
    forceAdmin = false,
  ): Promise<UserRow> {
    // Inside a unit of work (an administrator creating an account) the claim joins its transaction.
    const inTransaction = <T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
      this.db.isTransaction ? fn(this.db) : this.db.transaction().execute(fn);
    try {
      return await inTransaction(async (trx) => {
        const claim = await trx
          .insertInto('settings')
          .values({ key: 'admin_claimed', value: user.id })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst();
        const isAdmin = forceAdmin || Number(claim.numInsertedOrUpdatedRows ?? 0) > 0 ? 1 : 0;
        const row: UserRow = {
          auth_source: 'local',
          external_id: null,
          email: null,
          department: null,
          ...user,
          is_admin: isAdmin,
          status_message: '',
          avatar_version: 0,
          deleted_at: null,
          deactivated_at: null,
          totp_secret: null,
          totp_enabled_at: null,
          totp_last_step: null,
          must_change_password: user.must_change_password ?? 0,
        };
        await trx.insertInto('users').values(row).execute();
        return row;
      });
    } catch (err) {
      if (dialectOf(this.db).isUniqueViolation(err)) throw new UniqueViolation('username taken');
      throw err;
    }
  }

  /**
   * What the directory or the OpenID provider says of an account at each sign-in (AUTH-13, AUTH-15); a null
   * `isAdmin` leaves the admin flag as it is.
   */
  async refreshFromDirectory(
    id: string,
    d: { nickname: string; email: string | null; department: string | null; isAdmin: boolean | null },
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('users')
      .set({
        nickname: d.nickname,
        email: d.email,
        department: d.department,
        ...(d.isAdmin === null ? {} : { is_admin: d.isAdmin ? 1 : 0 }),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  /** The owner's new password; a temporary one set by an administrator is so replaced (ACCT-8). */
  async updatePassword(id: string, passwordHash: string, now: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: 0, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** A temporary password set by an administrator, to be changed at the next sign-in (ACCT-8). */
  async setTemporaryPassword(id: string, passwordHash: string, now: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: 1, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /**
   * The active server administrators' ids, locked until the transaction ends on PostgreSQL, so two
   * administrators demoting each other at once cannot leave none (ACCT-9).
   */
  async lockActiveAdmins(): Promise<string[]> {
    const q = this.db
      .selectFrom('users')
      .select('id')
      .where('is_admin', '=', 1)
      .where('deleted_at', 'is', null)
      .where('deactivated_at', 'is', null)
      .orderBy('id');
    return (await dialectOf(this.db).forUpdate(q).execute()).map((r) => r.id);
  }

  /** Users by id (missing ids are skipped). */
  async findMany(ids: string[]): Promise<UserRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
  }

  /**
   * A page of the directory (deleted accounts left out) ordered by username, optionally filtered by a case-insensitive substring of
   * username or nickname. `after` is the last username of the previous page.
   */
  /** Live users by username after `after`, matching `q` in username or name (and e-mail with `withEmail`). */
  async search(
    q: string | undefined,
    after: string | undefined,
    limit: number,
    withEmail = false,
  ): Promise<UserRow[]> {
    let query = this.db
      .selectFrom('users')
      .selectAll()
      .where('deleted_at', 'is', null)
      .orderBy('username_lower')
      .limit(limit);
    if (after) query = query.where('username_lower', '>', after);
    if (q) {
      const pattern = containsPattern(q);
      query = query.where(
        withEmail
          ? sql<boolean>`(username_lower like ${pattern} escape '\\' or lower(nickname) like ${pattern} escape '\\' or lower(email) like ${pattern} escape '\\')`
          : sql<boolean>`(username_lower like ${pattern} escape '\\' or lower(nickname) like ${pattern} escape '\\')`,
      );
    }
    return query.execute();
  }

  /** Changes name and/or status message; untouched fields stay. */
  async updateProfile(
    id: string,
    set: { nickname?: string | undefined; statusMessage?: string | undefined; email?: string | undefined },
    now: number,
  ): Promise<void> {
    await this.db
      .updateTable('users')
      .set({
        ...(set.nickname !== undefined ? { nickname: set.nickname } : {}),
        ...(set.statusMessage !== undefined ? { status_message: set.statusMessage } : {}),
        ...(set.email !== undefined ? { email: set.email === '' ? null : set.email } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Gives the profile image its next version and returns it. Versions only grow, also across a removal
   * (which keeps the last one, negated), so an image URL never comes back with other bytes (FILE-12).
   */
  async bumpAvatarVersion(id: string, now: number): Promise<number> {
    const r = await this.db
      .updateTable('users')
      .set({ avatar_version: sql<number>`abs(avatar_version) + 1`, updated_at: now })
      .where('id', '=', id)
      .returning('avatar_version')
      .executeTakeFirstOrThrow();
    return Number(r.avatar_version);
  }

  /**
   * The profile image's version, read with the user's row locked until the transaction ends (PostgreSQL; on
   * SQLite the transaction alone keeps others out): no image change can give or commit a version meanwhile.
   */
  async lockAvatarVersion(id: string): Promise<number | undefined> {
    const q = this.db.selectFrom('users').select('avatar_version').where('id', '=', id);
    const r = await dialectOf(this.db).forUpdate(q).executeTakeFirst();
    return r && Number(r.avatar_version);
  }

  /** Removes the profile image (its version, kept negated); returns the version it had, or 0 if none. */
  async retireAvatar(id: string, now: number): Promise<number> {
    const r = await this.db
      .updateTable('users')
      .set({ avatar_version: sql<number>`-avatar_version`, updated_at: now })
      .where('id', '=', id)
      .where('avatar_version', '>', 0)
      .returning('avatar_version')
      .executeTakeFirst();
    return r ? -Number(r.avatar_version) : 0;
  }

  /** Users among these ids, with their profile image version (the orphan sweep, ADM-7). */
  async avatarVersions(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'avatar_version'])
      .where('id', 'in', ids)
      .execute();
    return new Map(rows.map((r) => [r.id, Number(r.avatar_version)]));
  }

  async setStatusMessage(id: string, statusMessage: string, now: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ status_message: statusMessage, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Anonymizes a deleted account in place (ACCT-1): the username is freed (replaced by a tombstone no
   * sign-up can choose), name, status, image and password hash are cleared; the row stays for foreign keys.
   */
  async anonymize(id: string, now: number): Promise<void> {
    const tombstone = `deleted:${id}`;
    await this.db
      .updateTable('users')
      .set({
        username: tombstone,
        username_lower: tombstone,
        nickname: '',
        status_message: '',
        password_hash: '',
        avatar_version: 0,
        is_admin: 0,
        // The directory or provider identity is free again: signing in there later makes a new account.
        external_id: null,
        email: null,
        department: null,
        totp_secret: null,
        totp_enabled_at: null,
        totp_last_step: null,
        must_change_password: 0,
        deleted_at: now,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await this.db.deleteFrom('recovery_codes').where('user_id', '=', id).execute();
  }

  /** Grants or removes server administration (ACCT-5). */
  async setAdmin(id: string, isAdmin: boolean, now: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ is_admin: isAdmin ? 1 : 0, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Deactivates (a time) or reactivates (null) an account (ACCT-4). */
  async setDeactivated(id: string, at: number | null, now: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ deactivated_at: at, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
