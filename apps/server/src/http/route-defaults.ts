import { ErrorEnvelope } from '@messenger/shared';
import type { HttpApp } from './types.ts';

/** The error statuses a scope's routes answer with the error envelope. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503;

/**
 * Gives every route of this plugin's scope its OpenAPI tags and, where the route documents its responses,
 * the error envelope for each of `errors`, so a route states only its own summary and schemas. A route's
 * own tags or responses win.
 */
export function routeDefaults(app: HttpApp, defaults: { tags: string[]; errors: ErrorStatus[] }): void {
  const errors = Object.fromEntries(defaults.errors.map((status) => [status, ErrorEnvelope]));
  app.addHook('onRoute', (route) => {
    const schema = route.schema ?? {};
    route.schema = {
      tags: defaults.tags,
      ...schema,
      ...(schema.response ? { response: { ...errors, ...(schema.response as object) } } : {}),
    };
  });
}
