import { ConfigResponse, ErrorEnvelope } from '@messenger/shared';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { Csrf } from '../../http/csrf.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { Scheduler } from '../../scheduler.ts';
import type { CleanupService } from './cleanup.service.ts';
import type { SystemService } from './system.service.ts';
import { VERSION } from '../../version.ts';
import { LATEST_SCHEMA } from '../../db/database.ts';

export interface SystemModuleDeps {
  system: SystemService;
  cleanup: CleanupService;
  scheduler: Scheduler;
  /** How often the cleanup of empty rooms and orphan files runs (ADM-7). */
  cleanupMs: number;
  csrf: Csrf;
  metrics: Registry;
}

/** Bootstrap config for the client, health, readiness and metrics; the periodic cleanup (ADM-7). */
export const systemModule: ModulePlugin<SystemModuleDeps> = async (app, d) => {
  routeDefaults(app, { tags: ['system'], errors: [] });
  await d.cleanup.recordStart();
  d.scheduler.add({ name: 'cleanup', everyMs: d.cleanupMs, run: () => d.cleanup.tick() });

  app.get(
    '/api/config',
    {
      schema: {
        summary: 'Client bootstrap: CSRF token, limits, features',
        response: { 200: ConfigResponse },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return {
        csrfToken: d.csrf.issue(request, reply),
        secure: request.protocol === 'https',
        ...(await d.system.clientConfig()),
      };
    },
  );

  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness: the process answers, with its version and the schema it migrated to at start',
        response: {
          200: z.object({ status: z.literal('ok'), version: z.string(), schemaVersion: z.string() }),
        },
      },
    },
    async () => ({ status: 'ok' as const, version: VERSION, schemaVersion: LATEST_SCHEMA }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: database reachable, migrations applied, state store reachable',
        response: {
          200: z.object({
            status: z.literal('ready'),
            schemaVersion: z.string().nullable(),
            /** The company directory (AUTH-13): answering, down, or not configured. */
            directory: z.enum(['ok', 'unreachable', 'off']),
          }),
          503: ErrorEnvelope,
        },
      },
    },
    async (request) => {
      try {
        return { status: 'ready' as const, ...(await d.system.readiness()) };
      } catch (err) {
        request.log.warn({ err }, 'not ready');
        throw new AppError('server.unavailable');
      }
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(d.metrics.contentType);
    return d.metrics.metrics();
  });
};
