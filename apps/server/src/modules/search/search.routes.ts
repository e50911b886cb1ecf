import { AdvancedSearchBody, ErrorEnvelope, SearchQuery, SearchResponse } from '@messenger/shared';
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import type { HttpApp } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { SearchService } from './search.service.ts';

const errors = {
  400: ErrorEnvelope,
  401: ErrorEnvelope,
  403: ErrorEnvelope,
  404: ErrorEnvelope,
  429: ErrorEnvelope,
};

/** `GET /api/search` and `POST /api/search/advanced` (the original's paths). */
export function searchRoutes(app: HttpApp, d: { search: SearchService; sessions: SessionsService }): void {
  const onRequest = requireAuth(d.sessions);
  const tags = ['search'];

  app.get(
    '/api/search',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Search messages and file names of your rooms',
        querystring: SearchQuery,
        response: { 200: SearchResponse, ...errors },
      },
    },
    async (req) => d.search.simple(authOf(req).user.id, req.query),
  );

  app.post(
    '/api/search/advanced',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Search with filters: room, sender, dates, files, mentions',
        body: AdvancedSearchBody,
        response: { 200: SearchResponse, ...errors },
      },
    },
    async (req) => d.search.advanced(authOf(req).user.id, req.body),
  );
}
