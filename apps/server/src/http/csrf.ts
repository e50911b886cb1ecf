import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '@messenger/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../app-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF tokens are an HMAC of the cookie that identifies the browser: the session cookie when there is one,
 * otherwise a random pre-login cookie. A token therefore works only with the cookie it was issued for, and
 * a login (new session cookie) needs the new token that the login response returns.
 */
export class Csrf {
  private readonly secret: Buffer;
  private readonly allowedOrigins: Set<string>;

  constructor(secret: Buffer, allowedOrigins: string[]) {
    this.secret = secret;
    this.allowedOrigins = new Set(allowedOrigins);
  }

  /** Token for a given anchor cookie value. */
  tokenFor(anchor: string): string {
    return createHmac('sha256', this.secret).update(anchor).digest('base64url');
  }

  /** Makes sure the browser has an anchor cookie and returns the token bound to it. */
  issue(request: FastifyRequest, reply: FastifyReply, sessionCookie?: string | null): string {
    const session = sessionCookie === undefined ? request.cookies[SESSION_COOKIE] : sessionCookie;
    if (session) return this.tokenFor(`s:${session}`);
    let anchor = request.cookies[CSRF_COOKIE];
    if (!anchor || anchor.length < 32) {
      anchor = randomBytes(32).toString('base64url');
      reply.setCookie(CSRF_COOKIE, anchor, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
      });
      // Let the rest of this request see the new anchor.
      request.cookies[CSRF_COOKIE] = anchor;
    }
    return this.tokenFor(`p:${anchor}`);
  }

  /** Rejects a state-changing request from a foreign origin or without the right token. */
  verify(request: FastifyRequest): void {
    if (SAFE_METHODS.has(request.method)) return;
    this.checkOrigin(request);
    const sent = request.headers[CSRF_HEADER];
    const session = request.cookies[SESSION_COOKIE];
    const anchor = session
      ? `s:${session}`
      : request.cookies[CSRF_COOKIE]
        ? `p:${request.cookies[CSRF_COOKIE]}`
        : null;
    if (typeof sent !== 'string' || !anchor) throw new AppError('csrf.invalid');
    const expected = Buffer.from(this.tokenFor(anchor));
    const got = Buffer.from(sent);
    if (expected.length !== got.length || !timingSafeEqual(expected, got)) throw new AppError('csrf.invalid');
  }

  /** The Origin (or, failing that, Referer) must be this host or an allowed origin when a browser sends one. */
  private checkOrigin(request: FastifyRequest): void {
    let origin = request.headers.origin;
    if (!origin && request.headers.referer) {
      try {
        origin = new URL(request.headers.referer).origin;
      } catch {
        throw new AppError('csrf.bad_origin');
      }
    }
    if (!origin) return; // Not a browser: the token alone protects it.
    if (origin === `${request.protocol}://${request.host}` || this.allowedOrigins.has(origin)) return;
    throw new AppError('csrf.bad_origin');
  }
}
