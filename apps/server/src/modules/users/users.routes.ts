import {
  ErrorEnvelope,
  PresenceQuery,
  PresenceResponse,
  UsersQuery,
  UsersResponse,
  type Presence,
} from '@messenger/shared';
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import type { HttpApp } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import { presentUserSummary } from './users.presenter.ts';
import type { UsersRepository } from './users.repository.ts';

/** The user directory (paginated, searchable) and presence lookups. */
export function usersRoutes(
  app: HttpApp,
  d: {
    users: UsersRepository;
    sessions: SessionsService;
    presenceOf: (ids: string[]) => Promise<Map<string, Presence>>;
  },
): void {
  const onRequest = requireAuth(d.sessions);
  const tags = ['users'];

  app.get(
    '/api/users',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Directory: search by name, paginated',
        querystring: UsersQuery,
        response: { 200: UsersResponse, 400: ErrorEnvelope, 401: ErrorEnvelope },
      },
    },
    async (req) => {
      const me = authOf(req).user.id;
      const q = req.query;
      const after = q.cursor ? Buffer.from(q.cursor, 'base64url').toString('utf8') : undefined;
      const rows = await d.users.search(q.q?.trim() || undefined, after, q.limit + 1);
      const page = rows.slice(0, q.limit);
      return {
        users: page.filter((u) => u.id !== me).map((u) => presentUserSummary(u, u.id)),
        nextCursor:
          rows.length > q.limit ? Buffer.from(page.at(-1)!.username_lower).toString('base64url') : null,
      };
    },
  );

  app.get(
    '/api/presence',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Presence and status messages of users',
        querystring: PresenceQuery,
        response: { 200: PresenceResponse, 400: ErrorEnvelope, 401: ErrorEnvelope },
      },
    },
    async (req) => {
      const ids = req.query.userIds;
      const [presence, rows] = await Promise.all([d.presenceOf(ids), d.users.findMany(ids)]);
      return {
        presence: rows.map((u) => ({
          userId: u.id,
          presence: presence.get(u.id) ?? 'offline',
          statusMessage: u.status_message,
        })),
      };
    },
  );
}
