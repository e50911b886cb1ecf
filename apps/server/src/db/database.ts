import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  sql,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  type DialectAdapter,
  type KyselyConfig,
  type SqliteDatabase,
} from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import pg from 'pg';
import { postgresDialect, sqliteDialect, type AdapterWithDialect, type Dialect } from './dialect.ts';
import type { Database } from './schema.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { PG_APPLICATION_NAME } from './snapshot.ts';

/** The one query-builder handle, with the dialect it talks to. */
export interface Db {
  kysely: Kysely<Database>;
  /** Chosen here once; repositories reach it from any handle by `dialectOf`. */
  dialect: Dialect;
  /** Human-readable description for the startup banner (no password). */
  description: string;
  close(): Promise<void>;
}

// PostgreSQL returns bigint (int8) as a string; our bigints are epoch milliseconds, safe as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

const STATEMENT_CACHE_MAX = 500;

/** A statement as sent to the database, for `OpenOptions.onQuery`. */
export interface ObservedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/** How openDatabase opens a handle. */
export interface OpenOptions {
  /** Called with every statement sent, Kysely's and hot ones (tests count and EXPLAIN them); unset in production. */
  onQuery?: ((query: ObservedQuery) => void) | undefined;
}

/** The better-sqlite3 connection (and the query observer) behind each SQLite Kysely handle of openDatabase. */
const sqliteHandles = new WeakMap<object, { sqlite: SQLite.Database; onQuery?: OpenOptions['onQuery'] }>();

/**
 * Hand-prepared statements for a hot path on SQLite (no query building, one prepare per SQL text). Made by
 * `hotStatements(handle)`, which gives undefined where only Kysely may be used; SQL here is SQLite's.
 */
export class HotStatements {
  private readonly sqlite: SQLite.Database;
  private readonly onQuery: OpenOptions['onQuery'];
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(sqlite: SQLite.Database, onQuery?: OpenOptions['onQuery']) {
    this.sqlite = sqlite;
    this.onQuery = onQuery;
  }

  /**
   * Whether the statements may run now. Kysely keeps a transaction open on the same connection across
   * awaits; reading then would see its uncommitted rows, so callers take the Kysely path (which waits).
   */
  get ready(): boolean {
    return !this.sqlite.inTransaction;
  }

  /** The prepared statement of `sql` (prepared on first use). */
  statement(sql: string): SQLite.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    this.onQuery?.({ sql, parameters: params });
    return this.statement(sql).all(...params) as T[];
  }

  get<T>(sql: string, ...params: unknown[]): T | undefined {
    this.onQuery?.({ sql, parameters: params });
    return this.statement(sql).get(...params) as T | undefined;
  }
}

/**
 * Hot-path statements on the SQLite connection behind a handle from openDatabase; undefined for PostgreSQL
 * and for transaction handles, which go through Kysely.
 */
export function hotStatements(handle: object): HotStatements | undefined {
  const h = sqliteHandles.get(handle);
  return h && new HotStatements(h.sqlite, h.onQuery);
}

/** Kysely's log option reporting each query to `onQuery` (none without one: no cost in production). */
function queryLog(onQuery: OpenOptions['onQuery']): KyselyConfig['log'] {
  if (!onQuery) return undefined;
  return (event) => {
    if (event.level === 'query') onQuery({ sql: event.query.sql, parameters: event.query.parameters });
  };
}

/**
 * Kysely's SQLite driver prepares every query anew; preparing took a fifth of the CPU of a history page.
 * Statements are reused per SQL text (bounded: `in (...)` lists of varying length make new texts).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= STATEMENT_CACHE_MAX) cache.clear();
        stmt = sqlite.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/**
 * SQLite does roll back schema changes with a transaction, but Kysely's adapter says it does not, so its
 * migrator would run migrations outside one: an upgrade interrupted midway (a backfill of a million messages
 * killed after a minute) would leave half a schema that every later start fails on. With this adapter all
 * pending migrations run in one transaction, as on PostgreSQL. It also carries the dialect for `dialectOf`.
 */
class TransactionalSqliteAdapter extends SqliteAdapter implements AdapterWithDialect {
  readonly messengerDialect = sqliteDialect;

  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class MessengerSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

/** Kysely's PostgreSQL adapter, carrying the dialect so that every handle of the pool answers `dialectOf`. */
class PostgresAdapterWithDialect extends PostgresAdapter implements AdapterWithDialect {
  readonly messengerDialect = postgresDialect;
}

class MessengerPostgresDialect extends PostgresDialect {
  override createAdapter(): DialectAdapter {
    return new PostgresAdapterWithDialect();
  }
}

/** Opens SQLite (WAL, foreign keys, busy timeout) or PostgreSQL from a `sqlite:` or `postgres://` URL. */
export function openDatabase(url: string, opts: OpenOptions = {}): Db {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    const kysely = new Kysely<Database>({
      dialect: new MessengerSqliteDialect({ database: withStatementCache(sqlite) }),
      log: queryLog(opts.onQuery),
    });
    sqliteHandles.set(kysely, { sqlite, onQuery: opts.onQuery });
    return { kysely, dialect: sqliteDialect, description: `SQLite ${file}`, close: () => kysely.destroy() };
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, application_name: PG_APPLICATION_NAME });
  // pg-pool's end() resolves once it has asked its clients to end, not once they have: a connection still
  // closing can then hear the server's termination (a dropped test database, a restart) with nobody
  // listening, which would crash the process. close() therefore waits for every client's 'remove'.
  let open = 0;
  let allRemoved: (() => void) | undefined;
  pool.on('connect', (client) => {
    open += 1;
    client.on('error', () => {}); // a query in flight still rejects; this only stops the process crash
  });
  // An idle pooled connection that the server ends (a PostgreSQL restart, a failover, an administrator's
  // pg_terminate_backend) is reported here; without a listener it would crash the process. The pool drops
  // that connection and the next query opens a new one.
  pool.on('error', () => {});
  pool.on('remove', () => {
    open -= 1;
    if (open === 0) allRemoved?.();
  });
  const kysely = new Kysely<Database>({
    dialect: new MessengerPostgresDialect({ pool }),
    log: queryLog(opts.onQuery),
  });
  const u = new URL(url);
  return {
    kysely,
    dialect: postgresDialect,
    description: `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`,
    async close() {
      const removed = new Promise<void>((resolve) => (allRemoved = resolve));
      await kysely.destroy();
      if (open > 0) await removed;
    },
  };
}

function migrator(db: Db): Migrator {
  // Numbers are reserved per feature and features land in any order: a database that already has a later
  // migration still gets an earlier one that arrived after it (each migration stands on its own).
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => MIGRATIONS },
    allowUnorderedMigrations: true,
  });
}

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return result;
}

/**
 * Migrations the database records that this code does not know: the database was upgraded by a newer
 * version of the messenger (OPS-8). Empty for a new database.
 */
export async function unknownMigrations(db: Db): Promise<string[]> {
  let names: string[];
  try {
    const result = await sql<{ name: string }>`select name from kysely_migration`.execute(db.kysely);
    names = result.rows.map((r) => r.name);
  } catch {
    return []; // no migration table yet: a new database
  }
  return names.filter((n) => !Object.hasOwn(MIGRATIONS, n)).sort();
}

/** The schema this code brings: the name of its last migration. */
export const LATEST_SCHEMA = Object.keys(MIGRATIONS).sort().at(-1)!;

/** The schema version (name of the last applied migration) and how many are pending. */
export async function schemaStatus(db: Db): Promise<{ version: string | null; pending: number }> {
  const all = await migrator(db).getMigrations();
  const applied = all.filter((m) => m.executedAt !== undefined);
  return { version: applied.at(-1)?.name ?? null, pending: all.length - applied.length };
}
