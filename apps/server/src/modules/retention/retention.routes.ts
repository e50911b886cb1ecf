import { ErrorEnvelope, RetentionPreviewQuery, RetentionReport } from '@messenger/shared';
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { Scheduler } from '../../scheduler.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { RetentionService } from './retention.service.ts';

const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 409: ErrorEnvelope };
/** Server administrators only. */
const admins = { auth: 'admin' as const };

/** Retention (RET-1, RET-3): the hourly job, and the server admin's preview and run-now, under /api. */
export const retentionModule: ModulePlugin<{
  sessions: SessionsService;
  retention: RetentionService;
  scheduler: Scheduler;
  /** How often the job runs. */
  retentionMs: number;
}> = async (app, d) => {
  requireAuth(app, d.sessions);
  d.scheduler.add({ name: 'retention', everyMs: d.retentionMs, run: () => d.retention.tick() });

  app.get(
    '/admin/retention/preview',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: 'What retention would remove now, per room; removes nothing (server admins)',
        querystring: RetentionPreviewQuery,
        response: { 200: RetentionReport, ...errors },
      },
    },
    async (req) => d.retention.preview(req.query.days),
  );

  app.post(
    '/admin/retention/run',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: 'Run retention now and answer what it removed (server admins)',
        response: { 200: RetentionReport, ...errors },
      },
    },
    async (req) => d.retention.runNow(authOf(req).user.id),
  );
};
