import { errorMessage, type ErrorCode, type ErrorEnvelope } from '@messenger/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../app-error.ts';
import { localeFromHeader } from './locale.ts';

/** Writes the one error envelope `{error, code}` in the caller's language. */
export function sendError(request: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  const body: ErrorEnvelope = {
    error: errorMessage(err.code, localeFromHeader(request.headers['accept-language'])),
    code: err.code,
  };
  if (err.fields) body.fields = err.fields;
  if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.retryAfterSeconds));
  return reply.status(err.status).type('application/json; charset=utf-8').send(body);
}

/** Maps any thrown error (ours, Fastify's, validation) to an AppError; unknown errors become a 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const fields = fe.validation.map((v) => ({
      path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      message: v.message ?? 'invalid',
    }));
    const where = fe.validationContext === 'body' ? 'request.invalid_body' : 'request.invalid_query';
    return new AppError(where, { fields });
  }
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  const byStatus: Partial<Record<number, ErrorCode>> = {
    413: 'request.too_large',
    415: 'request.unsupported_media_type',
    404: 'route.not_found',
    405: 'route.method_not_allowed',
    429: 'rate.limited',
  };
  if (byStatus[status]) return new AppError(byStatus[status]);
  if (status >= 400 && status < 500) {
    // Fastify's content-type parser errors: malformed or empty JSON, bad content-length.
    return new AppError(
      fe.code?.startsWith('FST_ERR_CTP') || err instanceof SyntaxError
        ? 'request.invalid_json'
        : 'request.invalid_body',
    );
  }
  return new AppError('server.internal');
}

/** Installs the error and not-found handlers so every failure uses the envelope. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const appErr = toAppError(err);
    if (appErr.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: appErr.code }, 'request rejected');
    return sendError(request, reply, appErr);
  });
}
