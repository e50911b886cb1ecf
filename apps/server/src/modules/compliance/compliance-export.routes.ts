import {
  ExportIdParams,
  ExportResponse,
  ExportsResponse,
  OkResponse,
  StartExportBody,
  StartExportResponse,
} from '@messenger/shared';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { ComplianceExportService } from './compliance-export.service.ts';

/** A ZIP as a download: never cached (it can be deleted), never sniffed. */
function sendZip(reply: FastifyReply, zip: { stream: Readable; size: number; filename: string }) {
  return reply
    .header('content-type', 'application/zip')
    .header('content-length', String(zip.size))
    .header('content-disposition', `attachment; filename="${zip.filename}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(zip.stream);
}

/** Server administrators only. */
const admins = { auth: 'admin' as const };

/** Compliance exports (ADMIN-6), server administrators only; under /api. */
export const complianceModule: ModulePlugin<{
  sessions: SessionsService;
  exports: ComplianceExportService;
}> = async (app, d) => {
  requireAuth(app, d.sessions, 'admin');
  routeDefaults(app, { tags: ['admin'], errors: [400, 401, 403, 404, 409] });

  app.post(
    '/admin/exports',
    {
      config: admins,
      schema: {
        summary: "Start a ZIP export of one room's or one person's messages and files in a time range",
        body: StartExportBody,
        response: { 200: StartExportResponse },
      },
    },
    async (req) => d.exports.start(userIdOf(req), req.body),
  );

  app.get(
    '/admin/exports',
    {
      config: admins,
      schema: {
        summary: 'Exports of the last 7 days with status and progress, newest first (server admins)',
        response: { 200: ExportsResponse },
      },
    },
    async () => ({ exports: await d.exports.list() }),
  );

  app.get(
    '/admin/exports/:id',
    {
      config: admins,
      schema: {
        summary: 'One export (server admins)',
        params: ExportIdParams,
        response: { 200: ExportResponse },
      },
    },
    async (req) => ({ export: await d.exports.get(req.params.id) }),
  );

  app.get(
    '/admin/exports/:id/download',
    {
      config: admins,
      schema: {
        summary: 'Download the ZIP of a finished export (server admins; audited)',
        params: ExportIdParams,
        response: { 200: z.string().describe('application/zip') },
      },
    },
    async (req, reply) => {
      const zip = await d.exports.download(userIdOf(req), req.params.id);
      return sendZip(reply, zip);
    },
  );

  app.delete(
    '/admin/exports/:id',
    {
      config: admins,
      schema: {
        summary: 'Remove an export and its ZIP (server admins)',
        params: ExportIdParams,
        response: { 200: OkResponse },
      },
    },
    async (req) => {
      await d.exports.remove(userIdOf(req), req.params.id);
      return { ok: true as const };
    },
  );
};
