import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { AppError } from '../app-error.ts';
import { sendError } from './error-handler.ts';
import type { HttpApp } from './types.ts';

/**
 * Serves the built web client, with index.html for client-side routes; JSON 404 for API paths. Files are
 * looked up when requested (one wildcard route, not one route per file found at start), so a rebuilt client
 * is served without a restart. Vite's content-hashed `assets/` are cached for good; index.html and the rest
 * are revalidated, so browsers pick up a new build.
 */
export function serveWebClient(http: HttpApp, webDist: string): void {
  const root = path.resolve(webDist);
  const assets = path.join(root, 'assets') + path.sep;
  void http.register(fastifyStatic, {
    root,
    wildcard: true,
    index: ['index.html'],
    dotfiles: 'ignore',
    // The client may not be built yet when the server starts: it is served once it exists.
    suppressWarning: true,
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header(
        'cache-control',
        file.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  http.setNotFoundHandler(async (request, reply) => {
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !/^\/(api|socket\.io|metrics|healthz|readyz)(\/|$)/.test(request.url) &&
      String(request.headers.accept ?? '').includes('text/html');
    if (isPage && existsSync(path.join(root, 'index.html')))
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return sendError(request, reply, new AppError('route.not_found'));
  });
}
