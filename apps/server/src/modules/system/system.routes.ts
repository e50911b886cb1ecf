import { ConfigResponse, ErrorEnvelope, PROTOCOL_VERSION } from '@messenger/shared';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { AppConfig } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { schemaStatus } from '../../db/database.ts';
import { AppError } from '../../app-error.ts';
import type { Csrf } from '../../http/csrf.ts';
import type { HttpApp } from '../../http/types.ts';
import type { StateStore } from '../../state/index.ts';
import { VERSION } from '../../version.ts';
import type { SettingsRepository } from './settings.repository.ts';

export interface SystemRoutesDeps {
  config: AppConfig;
  csrf: Csrf;
  db: Db;
  settings: SettingsRepository;
  store: StateStore;
  metrics: Registry;
}

/** Bootstrap config for the client, health, readiness and metrics. */
export function systemRoutes(app: HttpApp, d: SystemRoutesDeps): void {
  app.get(
    '/api/config',
    {
      schema: {
        tags: ['system'],
        summary: 'Client bootstrap: CSRF token, limits, features',
        response: { 200: ConfigResponse },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const rl = d.config.rateLimits;
      return {
        csrfToken: d.csrf.issue(request, reply),
        version: VERSION,
        protocolVersion: PROTOCOL_VERSION,
        registrationOpen: d.config.openRegistration,
        upload: { maxBytes: d.config.maxUploadBytes },
        rateLimits: rl,
        features: { redis: d.store.kind === 'redis', oidc: false, ldap: false, antivirus: false },
      };
    },
  );

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: database reachable, migrations applied, state store reachable',
        response: {
          200: z.object({ status: z.literal('ready'), schemaVersion: z.string().nullable() }),
          503: ErrorEnvelope,
        },
      },
    },
    async (request) => {
      try {
        await d.settings.ping();
        const status = await schemaStatus(d.db);
        if (status.pending > 0 || !(await d.store.ping())) throw new AppError('server.unavailable');
        return { status: 'ready' as const, schemaVersion: status.version };
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
}
