import {
  ChangePasswordBody,
  ChangePasswordResponse,
  ErrorEnvelope,
  LoginBody,
  LoginResponse,
  LogoutResponse,
  MeResponse,
  OkResponse,
  RegisterBody,
  SessionIdParams,
  SessionsResponse,
  SESSION_COOKIE,
} from '@messenger/shared';
import type { AppConfig } from '../../config.ts';
import {
  authOf,
  clearSessionCookie,
  clientInfo,
  requireAuth,
  setSessionCookie,
} from '../../http/auth-hook.ts';
import type { Csrf } from '../../http/csrf.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import type { HttpApp } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import { presentSession } from '../sessions/sessions.presenter.ts';
import { presentSelfUser } from '../users/users.presenter.ts';
import type { AuthService } from './auth.service.ts';

export interface AuthRoutesDeps {
  auth: AuthService;
  sessions: SessionsService;
  csrf: Csrf;
  limiter: RateLimiter;
  config: AppConfig;
}

const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 429: ErrorEnvelope };

/** Accounts and sessions: /api/register, /api/login, /api/logout, /api/me... */
export function authRoutes(app: HttpApp, d: AuthRoutesDeps): void {
  const authed = requireAuth(d.sessions);

  app.post(
    '/api/register',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account and log in',
        body: RegisterBody,
        response: { 200: LoginResponse, 409: ErrorEnvelope, ...errors },
      },
    },
    async (request, reply) => {
      await d.limiter.consume('register', d.config.rateLimits.register, [`ip:${request.ip}`]);
      const result = await d.auth.register(request.body, clientInfo(request));
      setSessionCookie(request, reply, result.token, d.sessions.absoluteMs);
      return { user: presentSelfUser(result.user), csrfToken: d.csrf.issue(request, reply, result.token) };
    },
  );

  app.post(
    '/api/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with username and password',
        body: LoginBody,
        response: { 200: LoginResponse, ...errors },
      },
    },
    async (request, reply) => {
      const name = request.body.username.trim().toLowerCase();
      await d.limiter.consume('login', d.config.rateLimits.login, [`ip:${request.ip}`, `user:${name}`]);
      const result = await d.auth.login(request.body, clientInfo(request));
      setSessionCookie(request, reply, result.token, d.sessions.absoluteMs);
      return { user: presentSelfUser(result.user), csrfToken: d.csrf.issue(request, reply, result.token) };
    },
  );

  app.post(
    '/api/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 200: LogoutResponse, 403: ErrorEnvelope },
      },
    },
    async (request, reply) => {
      try {
        const { user, session } = await d.sessions.authenticate(request.cookies[SESSION_COOKIE]);
        await d.auth.logout(user.id, session.id);
      } catch {
        // Already signed out or expired: logging out again is not an error.
      }
      clearSessionCookie(request, reply);
      return { ok: true as const, csrfToken: d.csrf.issue(request, reply, null) };
    },
  );

  app.get(
    '/api/me',
    {
      onRequest: authed,
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user',
        response: { 200: MeResponse, 401: ErrorEnvelope },
      },
    },
    async (request) => ({ user: presentSelfUser(authOf(request).user) }),
  );

  app.put(
    '/api/me/password',
    {
      onRequest: authed,
      schema: {
        tags: ['auth'],
        summary: 'Change the password; every other session is signed out',
        body: ChangePasswordBody,
        response: { 200: ChangePasswordResponse, ...errors },
      },
    },
    async (request) => {
      const { user, session } = authOf(request);
      const revokedSessions = await d.auth.changePassword(user, session.id, request.body);
      return { ok: true as const, revokedSessions };
    },
  );

  app.get(
    '/api/me/sessions',
    {
      onRequest: authed,
      schema: {
        tags: ['auth'],
        summary: "The caller's active sessions",
        response: { 200: SessionsResponse, 401: ErrorEnvelope },
      },
    },
    async (request) => {
      const { user, session } = authOf(request);
      const rows = await d.sessions.list(user.id);
      return { sessions: rows.map((r) => presentSession(r, session.id)) };
    },
  );

  app.delete(
    '/api/me/sessions/:id',
    {
      onRequest: authed,
      schema: {
        tags: ['auth'],
        summary: 'Sign out one of the caller’s sessions',
        params: SessionIdParams,
        response: { 200: OkResponse, 404: ErrorEnvelope, ...errors },
      },
    },
    async (request, reply) => {
      const { user, session } = authOf(request);
      await d.sessions.revoke(user.id, request.params.id, 'revoked');
      if (request.params.id === session.id) clearSessionCookie(request, reply);
      return { ok: true as const };
    },
  );
}
