import { AdvancedSearchBody, SearchQuery, SearchResponse } from '@messenger/shared';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { SearchService } from './search.service.ts';

/** `GET /api/search` and `POST /api/search/advanced` (the original's paths). */
export const searchModule: ModulePlugin<{ search: SearchService; sessions: SessionsService }> = async (
  app,
  d,
) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['search'], errors: [400, 401, 403, 404, 429] });
  const found = { 200: SearchResponse };

  app.get(
    '/search',
    {
      schema: {
        summary: 'Search messages and file names of your rooms',
        querystring: SearchQuery,
        response: found,
      },
    },
    async (req) => d.search.simple(userIdOf(req), req.query),
  );

  app.post(
    '/search/advanced',
    {
      schema: {
        summary: 'Search with filters: room, sender, dates, files, mentions',
        body: AdvancedSearchBody,
        response: found,
      },
    },
    async (req) => d.search.advanced(userIdOf(req), req.body),
  );
};
