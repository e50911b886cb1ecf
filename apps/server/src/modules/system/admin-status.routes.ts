import { AdminStatus, ErrorEnvelope } from '@messenger/shared';
import type { AppConfig } from '../../config.ts';
import { LATEST_SCHEMA } from '../../db/database.ts';
import { requireAuth } from '../../http/auth-hook.ts';
import { daysLeft, type TlsFiles } from '../../http/tls.ts';
import type { ModulePlugin } from '../../http/types.ts';
import { kindOf } from '../../db/snapshot.ts';
import { lastBackup } from '../../ops/backup-schedule.ts';
import type { StateStore } from '../../state/index.ts';
import { VERSION } from '../../version.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';

/** The server admin's status (OPS-10): version and schema, database, certificate end, last backup; under /api. */
export const adminStatusModule: ModulePlugin<{
  sessions: SessionsService;
  config: AppConfig;
  store: StateStore;
  tls: TlsFiles | null;
  now: () => number;
}> = async (app, d) => {
  requireAuth(app, d.sessions);
  const startedAt = new Date(d.now()).toISOString();
  app.get(
    '/admin/status',
    {
      config: { auth: 'admin' as const },
      schema: {
        tags: ['admin'],
        summary: 'Version, schema, database, certificate and backups (server admins)',
        response: { 200: AdminStatus, 401: ErrorEnvelope, 403: ErrorEnvelope },
      },
    },
    async (): Promise<AdminStatus> => {
      return {
        version: VERSION,
        schemaVersion: LATEST_SCHEMA,
        database: kindOf(d.config.databaseUrl),
        redis: d.store.kind === 'redis',
        startedAt,
        tls: d.tls
          ? { notAfter: d.tls.notAfter.toISOString(), daysLeft: daysLeft(d.tls.notAfter, d.now()) }
          : null,
        backup: {
          schedule: d.config.backupSchedule ?? null,
          keep: d.config.backupKeep,
          last: await lastBackup(d.store, d.config),
        },
      };
    },
  );
};
