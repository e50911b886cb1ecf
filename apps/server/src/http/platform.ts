import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import type { AppConfig } from '../config.ts';
import { instrumentHttp } from '../modules/system/metrics.ts';
import { VERSION } from '../version.ts';
import type { Csrf } from './csrf.ts';
import { registerErrorHandling } from './error-handler.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import type { HttpApp } from './types.ts';
import type { TlsFiles } from './tls.ts';

function loggerOptions(config: AppConfig) {
  return {
    level: config.logLevel,
    // Never log credentials, cookies or tokens, even if a serializer starts including headers.
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
      ],
      censor: '[redacted]',
    },
  };
}

/** How the HTTP app logs: the given logger, or the configured redacting one (to `stream` if given). */
export interface HttpLogging {
  logger?: FastifyBaseLogger | boolean;
  logStream?: { write(line: string): void };
}

/** The Fastify instance: zod validation, plain JSON replies, the one error envelope, lenient empty JSON. */
export function createHttp(config: AppConfig, logging: HttpLogging, tls: TlsFiles | null = null): HttpApp {
  const http = Fastify({
    logger: logging.logger ?? {
      ...loggerOptions(config),
      ...(logging.logStream ? { stream: logging.logStream } : {}),
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    ...(tls ? { https: { cert: tls.cert, key: tls.key } } : {}),
  }).withTypeProvider<ZodTypeProvider>() as unknown as HttpApp;
  http.setValidatorCompiler(validatorCompiler);
  // Responses are shaped by presenters typed from the shared schemas; re-validating every reply with zod
  // cost more than the query itself on history pages, so replies are plain JSON (schemas still document them).
  http.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerErrorHandling(http);
  // A DELETE (or POST) that says JSON but sends no body is common from scripts: treat it as no body, and let
  // the route's schema decide. Everything else goes through Fastify's safe parser (prototype poisoning).
  const parseJson = http.getDefaultJsonParser('error', 'error');
  http.removeContentTypeParser('application/json');
  http.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    return parseJson(request, String(body), done);
  });
  return http;
}

/**
 * What every route shares, registered before the modules: metrics, request ids and HSTS, cookies, security
 * headers, the CSRF check, multipart uploads and the OpenAPI document with its page.
 */
export async function registerPlatform(
  http: HttpApp,
  d: { csrf: Csrf; metrics: Registry; maxUploadBytes: number },
): Promise<void> {
  instrumentHttp(http, d.metrics);
  http.decorateRequest('auth', null);
  http.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.protocol === 'https')
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  await http.register(fastifyCookie);
  registerSecurityHeaders(http);
  // CSRF before anything reads the body: every state-changing request needs the token (SPEC SEC-2).
  http.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/')) d.csrf.verify(request);
  });
  // Streamed to disk part by part; FileStorage enforces MAX_UPLOAD_BYTES (one byte of slack here lets it
  // see the overflow), the other limits bound the form around the one file.
  await http.register(fastifyMultipart, {
    limits: { fileSize: d.maxUploadBytes + 1, files: 1, fields: 5, fieldSize: 1024, parts: 10 },
  });
  await http.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Intranet Messenger API', version: VERSION },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  // staticCSP off: our own strict CSP (helmet) applies to the docs page too; no validator badge (air-gapped).
  await http.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: false, validatorUrl: false });
  http.get('/api/openapi.json', { schema: { hide: true } }, async () => http.swagger());
}
