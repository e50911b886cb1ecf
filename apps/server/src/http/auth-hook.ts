import { SESSION_COOKIE } from '@messenger/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext, ClientInfo, SessionsService } from '../modules/sessions/sessions.service.ts';
import { AppError } from '../app-error.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireAuth` on routes that need a logged-in caller. */
    auth: AuthContext | null;
  }
}

/** onRequest hook: resolves the session cookie or answers 401 before the body is even read. */
export function requireAuth(sessions: SessionsService) {
  return async (request: FastifyRequest): Promise<void> => {
    request.auth = await sessions.authenticate(request.cookies[SESSION_COOKIE]);
  };
}

/** The authenticated caller of a route protected by `requireAuth`. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('auth.required');
  return request.auth;
}

/** Where the request comes from (TRUST_PROXY decides whether X-Forwarded-For counts). */
export function clientInfo(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '') };
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure under HTTPS. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeMs: number,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  });
}
