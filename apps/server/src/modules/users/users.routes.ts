import { PresenceQuery, PresenceResponse, UsersQuery, UsersResponse } from '@messenger/shared';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { UsersService } from './users.service.ts';

/** The user directory (paginated, searchable) and presence lookups, under /api. */
export const usersModule: ModulePlugin<{ users: UsersService; sessions: SessionsService }> = async (
  app,
  d,
) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['users'], errors: [400, 401] });

  app.get(
    '/users',
    {
      schema: {
        summary: 'Directory: search by name, paginated',
        querystring: UsersQuery,
        response: { 200: UsersResponse },
      },
    },
    async (req) => d.users.directory(userIdOf(req), req.query),
  );

  app.get(
    '/presence',
    {
      schema: {
        summary: 'Presence and status messages of users',
        querystring: PresenceQuery,
        response: { 200: PresenceResponse },
      },
    },
    async (req) => d.users.presence(req.query.userIds),
  );
};
