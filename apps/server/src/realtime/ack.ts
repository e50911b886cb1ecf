import {
  CLIENT_COMMANDS,
  errorMessage,
  type Ack,
  type ClientCommandName,
  type ErrorCode,
} from '@messenger/shared';
import type { z } from 'zod';
import { AppError } from '../app-error.ts';
import { localeFromHeader } from '../http/locale.ts';
import type { IoSocket } from './broadcaster.ts';

/** Validation messages that deserve their own code on the socket (the client shows them as is). */
const VALIDATION_CODES: Record<string, ErrorCode> = {
  'validation.message_too_long': 'message.too_long',
  'validation.message_empty': 'message.empty',
};

/** What a command's handler receives: its payload after the shared schema's parse. */
export type CommandInput<E extends ClientCommandName> = z.output<(typeof CLIENT_COMMANDS)[E]>;

function failure(socket: IoSocket, code: ErrorCode): Ack<never> {
  return {
    ok: false,
    error: {
      code,
      message: errorMessage(code, localeFromHeader(socket.handshake.headers['accept-language'])),
    },
  };
}

/** Acks are optional on the wire: a client that sent none gets no answer. */
function replier<T>(ack: unknown): (result: Ack<T>) => void {
  return typeof ack === 'function' ? (ack as (result: Ack<T>) => void) : () => {};
}

/**
 * Validates a command's payload with its shared schema (CLIENT_COMMANDS), the one check every command
 * passes: a bad payload is answered `request.invalid_body` (or the message's own code for an empty or too
 * long body), like HTTP's envelope, and the handler never sees it.
 */
function parse<E extends ClientCommandName>(
  socket: IoSocket,
  event: E,
  payload: unknown,
): { ok: true; input: CommandInput<E> } | { ok: false; error: Ack<never> } {
  const parsed = CLIENT_COMMANDS[event].safeParse(payload);
  if (parsed.success) return { ok: true, input: parsed.data as CommandInput<E> };
  const special = parsed.error.issues.map((i) => VALIDATION_CODES[i.message]).find(Boolean);
  return { ok: false, error: failure(socket, special ?? 'request.invalid_body') };
}

/**
 * Socket command plumbing: validate the payload with its shared schema, run the service call, answer the
 * ack with the result or a coded error. Unknown errors are logged and answered as server.internal.
 */
export function command<E extends ClientCommandName, T>(
  socket: IoSocket,
  event: E,
  run: (input: CommandInput<E>) => Promise<T>,
  log: (err: unknown) => void,
) {
  return async (payload: unknown, ack?: unknown): Promise<void> => {
    const reply = replier<T>(ack);
    const p = parse(socket, event, payload);
    if (!p.ok) return reply(p.error);
    try {
      reply({ ok: true, data: await run(p.input) });
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

/**
 * A fire-and-forget command (typing, presence): validated like `command`, then handed over. A bad payload
 * is dropped, and answered with the error ack only if the client sent an ack anyway.
 */
export function signal<E extends ClientCommandName>(
  socket: IoSocket,
  event: E,
  run: (input: CommandInput<E>) => void,
) {
  return (payload: unknown, ack?: unknown): void => {
    const p = parse(socket, event, payload);
    if (p.ok) run(p.input);
    else replier(ack)(p.error);
  };
}
