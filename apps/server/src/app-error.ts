import { ERRORS, type ErrorCode } from '@messenger/shared';

/** A failure the client should see: a stable code, its HTTP status and localized message come from shared. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: { path: string; message: string }[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    opts: {
      fields?: { path: string; message: string }[];
      retryAfterSeconds?: number;
      /** What went wrong underneath, for the log only (a 5xx is logged with its causes; clients see the code). */
      cause?: unknown;
    } = {},
  ) {
    super(code, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.fields = opts.fields;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}
