import { SESSION_COOKIE } from '@messenger/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext, ClientInfo, SessionsService } from '../modules/sessions/sessions.service.ts';
import { AppError } from '../app-error.ts';
import type { HttpApp } from './types.ts';

/** Who may call a route: anyone, a signed-in user, or a signed-in server administrator. */
export type AuthLevel = 'none' | 'user' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireAuth` on routes that need a logged-in caller. */
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Overrides, for one route, the level its scope's `requireAuth` asks for. */
    auth?: AuthLevel;
    /** Answers an account that must first choose a new password (ACCT-8): `/api/me` and the change itself. */
    beforePasswordChange?: boolean;
  }
}

/**
 * Makes every route of this plugin's scope need `level` unless the route's `config.auth` says otherwise: one
 * onRequest hook resolves the session cookie (401), holds back an account that must choose a new password
 * (403) and checks the server-admin flag (403) before the body is even read.
 */
export function requireAuth(app: HttpApp, sessions: SessionsService, level: AuthLevel = 'user'): void {
  app.addHook('onRequest', async (request) => {
    const need = request.routeOptions.config.auth ?? level;
    if (need === 'none') return;
    request.auth = await sessions.authenticate(request.cookies[SESSION_COOKIE]);
    // A temporary password from an administrator opens nothing but the way to replace it (ACCT-8).
    if (request.auth.user.must_change_password === 1 && !request.routeOptions.config.beforePasswordChange)
      throw new AppError('auth.password_change_required');
    if (need === 'admin' && request.auth.user.is_admin !== 1) throw new AppError('admin.required');
  });
}

/** The authenticated caller of a route behind `requireAuth`. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('auth.required');
  return request.auth;
}

/** The id of the authenticated caller of a route behind `requireAuth`. */
export function userIdOf(request: FastifyRequest): string {
  return authOf(request).user.id;
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
