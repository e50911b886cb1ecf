import { ErrorEnvelope, ServerSettingsResponse, ServerSettingsUpdate } from '@messenger/shared';
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import type { ModulePlugin } from '../../http/types.ts';
import { DEFAULT_ALLOWED_EXTENSIONS } from '../files/file-types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { ServerSettingsService } from './server-settings.service.ts';

const errors = { 401: ErrorEnvelope, 403: ErrorEnvelope };

/** The server settings administrators change without a restart (ADMIN-3); under /api. */
export const serverSettingsModule: ModulePlugin<{
  sessions: SessionsService;
  serverSettings: ServerSettingsService;
}> = async (app, d) => {
  requireAuth(app, d.sessions);

  const response = async (): Promise<ServerSettingsResponse> => ({
    settings: await d.serverSettings.get(),
    defaults: d.serverSettings.defaults,
    uploadCeilingBytes: d.serverSettings.uploadCeilingBytes,
    knownExtensions: [...DEFAULT_ALLOWED_EXTENSIONS].sort(),
  });

  app.get(
    '/admin/settings',
    {
      config: { auth: 'admin' as const },
      schema: {
        tags: ['admin'],
        summary: 'Upload limits, rate limits, retention and notification defaults in force (server admins)',
        response: { 200: ServerSettingsResponse, ...errors },
      },
    },
    response,
  );

  app.put(
    '/admin/settings',
    {
      config: { auth: 'admin' as const },
      schema: {
        tags: ['admin'],
        summary: 'Change some server settings; they apply at once on every process (server admins)',
        body: ServerSettingsUpdate,
        response: { 200: ServerSettingsResponse, 400: ErrorEnvelope, ...errors },
      },
    },
    async (request) => {
      await d.serverSettings.update(authOf(request).user.id, request.body);
      return response();
    },
  );
};
