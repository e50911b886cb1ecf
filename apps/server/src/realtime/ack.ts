import { errorMessage, type Ack, type ErrorCode } from '@messenger/shared';
import type { z } from 'zod';
import { AppError } from '../app-error.ts';
import { localeFromHeader } from '../http/locale.ts';
import type { IoSocket } from './broadcaster.ts';

/** Validation messages that deserve their own code on the socket (the client shows them as is). */
const VALIDATION_CODES: Record<string, ErrorCode> = {
  'validation.message_too_long': 'message.too_long',
  'validation.message_empty': 'message.empty',
};

function failure(socket: IoSocket, code: ErrorCode): Ack<never> {
  return {
    ok: false,
    error: {
      code,
      message: errorMessage(code, localeFromHeader(socket.handshake.headers['accept-language'])),
    },
  };
}

/**
 * Socket command plumbing: validate the payload with its shared schema, run the service call, answer the
 * ack with the result or a coded error. Unknown errors are logged and answered as server.internal.
 */
export function command<S extends z.ZodType, T>(
  socket: IoSocket,
  schema: S,
  run: (input: z.output<S>) => Promise<T>,
  log: (err: unknown) => void,
) {
  return async (payload: unknown, ack?: (result: Ack<T>) => void): Promise<void> => {
    const reply = typeof ack === 'function' ? ack : () => {};
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const special = parsed.error.issues.map((i) => VALIDATION_CODES[i.message]).find(Boolean);
      reply(failure(socket, special ?? 'request.invalid_body'));
      return;
    }
    try {
      reply({ ok: true, data: await run(parsed.data) });
    } catch (err) {
      if (err instanceof AppError) {
        reply(failure(socket, err.code));
      } else {
        log(err);
        reply(failure(socket, 'server.internal'));
      }
    }
  };
}
