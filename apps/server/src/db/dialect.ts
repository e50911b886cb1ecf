import type { DialectAdapter } from 'kysely';

/**
 * The one seam between SQLite and PostgreSQL: every difference the code needs to know of is answered here,
 * never by an adapter check elsewhere. `openDatabase` chooses the dialect once, and every handle made from
 * that database (the pool, a transaction, a handle with plugins) answers `dialectOf`.
 */

/** The databases the server runs on. */
export type DialectName = 'sqlite' | 'postgres';

/** A select that can lock the rows it reads (Kysely's `forUpdate`). */
interface Lockable<Q> {
  forUpdate(): Q;
}

/** What differs between SQLite and PostgreSQL. */
export interface Dialect {
  /** Which database this is. */
  readonly name: DialectName;
  /**
   * Of one implementation per database (a search strategy, a migration's steps), the one for this database:
   * both stay side by side where they are used, and a third database would be a type error there.
   */
  pick<T>(choices: Readonly<Record<DialectName, T>>): T;
  /** Whether `err` is this database refusing a duplicate key (a unique index or a primary key). */
  isUniqueViolation(err: unknown): boolean;
  /**
   * `q` locking the rows it reads until the transaction ends: `for update` on PostgreSQL. SQLite needs no
   * lock: one connection per process runs one transaction at a time and its writer lock keeps others out.
   */
  forUpdate<Q extends Lockable<Q>>(q: Q): Q;
  /** Locks the rows `q` selects until the transaction ends, reading nothing for the caller (SQLite: a no-op). */
  lockRows(q: Lockable<{ execute(): Promise<unknown> }>): Promise<void>;
}

const errorCode = (err: unknown) => (err as { code?: string } | null)?.code;

/** SQLite (better-sqlite3). */
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  pick: (choices) => choices.sqlite,
  isUniqueViolation(err) {
    const code = errorCode(err);
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  },
  forUpdate: (q) => q,
  lockRows: async () => {},
};

/** PostgreSQL (pg). */
export const postgresDialect: Dialect = {
  name: 'postgres',
  pick: (choices) => choices.postgres,
  isUniqueViolation: (err) => errorCode(err) === '23505',
  forUpdate: (q) => q.forUpdate(),
  async lockRows(q) {
    await q.forUpdate().execute();
  },
};

/** A Kysely adapter made by `openDatabase`, which carries the dialect it chose. */
export interface AdapterWithDialect extends DialectAdapter {
  readonly messengerDialect: Dialect;
}

/** The dialect of a handle from `openDatabase` (the pool, a transaction, or either with plugins). */
export function dialectOf(handle: { getExecutor(): { readonly adapter: DialectAdapter } }): Dialect {
  const dialect = (handle.getExecutor().adapter as Partial<AdapterWithDialect>).messengerDialect;
  if (!dialect) throw new Error('a database handle not opened by openDatabase has no dialect');
  return dialect;
}

/**
 * Whether `err` is the database refusing a duplicate key, on either dialect: for services, which see no
 * handle (a code of one database never appears on the other).
 */
export function isUniqueViolation(err: unknown): boolean {
  return sqliteDialect.isUniqueViolation(err) || postgresDialect.isUniqueViolation(err);
}

/**
 * A `like` pattern finding `text` anywhere, lower-cased, with the wildcards typed in it escaped by `\`: the
 * query must say `escape '\'`, since SQLite has no default escape character.
 */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
