import { AdminAuditQuery, AdminAuditResponse, ErrorEnvelope } from '@messenger/shared';
import { z } from 'zod';
import { requireAuth } from '../../http/auth-hook.ts';
import { sendCsvStream } from '../../http/file-reply.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { AuditService } from './audit.service.ts';

/** The server-wide audit log (AUDIT-2), server administrators only; under /api. */
export const auditModule: ModulePlugin<{ sessions: SessionsService; audit: AuditService }> = async (
  app,
  d,
) => {
  requireAuth(app, d.sessions, 'admin');
  routeDefaults(app, { tags: ['admin'], errors: [] });

  app.get(
    '/admin/audit',
    {
      schema: {
        summary:
          'The audit log, newest first, filtered; format=csv or jsonl streams all of it (server admins)',
        querystring: AdminAuditQuery,
        response: {
          200: AdminAuditResponse.or(z.string()),
          400: ErrorEnvelope,
          401: ErrorEnvelope,
          403: ErrorEnvelope,
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      if (q.format === 'json') return d.audit.page(q);
      const chunks = await d.audit.export(q, q.format);
      const stamp = new Date().toISOString().slice(0, 10);
      return q.format === 'csv'
        ? sendCsvStream(reply, `audit-${stamp}.csv`, chunks)
        : sendCsvStream(reply, `audit-${stamp}.jsonl`, chunks, 'application/x-ndjson; charset=utf-8');
    },
  );
};
