import type {
  FastifyBaseLogger,
  FastifyPluginAsync,
  FastifyPluginOptions,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

/** The Fastify instance with zod schemas as its type provider. */
export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * A module as one Fastify plugin: it registers its routes, socket commands and scheduled jobs, and gets
 * everything it needs as its options (no service locator). Encapsulated: its hooks stay in its scope.
 */
export type ModulePlugin<Deps extends FastifyPluginOptions> = FastifyPluginAsync<
  Deps,
  RawServerDefault,
  ZodTypeProvider
>;
