import path from 'node:path';
import type { AppConfig } from '../config.ts';
import { LATEST_SCHEMA, migrateToLatest, schemaStatus, unknownMigrations, type Db } from '../db/database.ts';
import { VERSION } from '../version.ts';

/** The database was upgraded by a newer version than this one: start-up stops (OPS-8). */
export class SchemaTooNewError extends Error {}

export interface SchemaUpgrade {
  /** The schema before and after. */
  from: string | null;
  to: string | null;
  /** The backup written before migrating, when there was something to migrate. */
  backup: string | null;
}

/**
 * Brings the database to this version's schema at start (OPS-8): refuses a database whose schema is newer
 * than the code, writes a backup first when existing data is about to be migrated (BACKUP_BEFORE_MIGRATE),
 * then applies the pending migrations.
 */
export async function upgradeSchema(db: Db, config: AppConfig): Promise<SchemaUpgrade> {
  const unknown = await unknownMigrations(db);
  if (unknown.length > 0) {
    throw new SchemaTooNewError(
      `the database (${db.description}) has schema ${unknown.at(-1)}, newer than this version ${VERSION} ` +
        `knows (${LATEST_SCHEMA}): start the newer version again, or restore a backup taken before it upgraded`,
    );
  }
  const before = await schemaStatus(db);
  let backup: string | null = null;
  if (before.pending > 0 && before.version !== null && config.backupBeforeMigrate) {
    // Loaded only here: most starts have nothing to migrate.
    const { backupFileName, createBackup } = await import('./backup.ts');
    const file = path.join(config.backupDir, backupFileName(`pre-migrate-${before.version}`));
    backup = (await createBackup({ dataDir: config.dataDir, databaseUrl: config.databaseUrl }, file)).file;
  }
  await migrateToLatest(db);
  return { from: before.version, to: (await schemaStatus(db)).version, backup };
}
