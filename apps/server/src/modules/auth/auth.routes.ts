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
import {
  authOf,
  clearSessionCookie,
  clientInfo,
  requireAuth,
  setSessionCookie,
} from '../../http/auth-hook.ts';
import type { Csrf } from '../../http/csrf.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import { presentSession } from '../sessions/sessions.presenter.ts';
import { presentSelfUser } from '../users/users.presenter.ts';
import type { AuthService } from './auth.service.ts';
import type { ServerSettingsService } from '../system/server-settings.service.ts';

export interface AuthRoutesDeps {
  auth: AuthService;
  sessions: SessionsService;
  csrf: Csrf;
  limiter: RateLimiter;
  /** The rate limits in force (administrators change them at run time, ADMIN-3). */
  limits: Pick<ServerSettingsService, 'rateLimit'>;
}

const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 429: ErrorEnvelope };
/** Signing up, in and out needs no session. */
const open = { auth: 'none' as const };

/** Accounts and sessions under /api: /register, /login, /logout, /me... */
export const authModule: ModulePlugin<AuthRoutesDeps> = async (app, d) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['auth'], errors: [] });

  app.post(
    '/register',
    {
      config: open,
      schema: {
        summary: 'Create an account and log in',
        body: RegisterBody,
        response: { 200: LoginResponse, 409: ErrorEnvelope, ...errors },
      },
    },
    async (request, reply) => {
      await d.limiter.consume('register', await d.limits.rateLimit('register'), [`ip:${request.ip}`]);
      const result = await d.auth.register(request.body, clientInfo(request));
      if ('twoFactor' in result) return result; // no session before the second factor (AUTH-16)
      setSessionCookie(request, reply, result.token, d.sessions.absoluteMs);
      return { user: presentSelfUser(result.user), csrfToken: d.csrf.issue(request, reply, result.token) };
    },
  );

  app.post(
    '/login',
    {
      config: open,
      schema: {
        summary: 'Log in with username and password',
        body: LoginBody,
        response: { 200: LoginResponse, ...errors },
      },
    },
    async (request, reply) => {
      const name = request.body.username.trim().toLowerCase();
      const rule = await d.limits.rateLimit('login');
      await d.limiter.consume('login', rule, [`ip:${request.ip}`, `user:${name}`]);
      const result = await d.auth.login(request.body, clientInfo(request));
      if ('twoFactor' in result) return result; // no session before the second factor (AUTH-16)
      setSessionCookie(request, reply, result.token, d.sessions.absoluteMs);
      return { user: presentSelfUser(result.user), csrfToken: d.csrf.issue(request, reply, result.token) };
    },
  );

  app.post(
    '/logout',
    {
      config: open,
      schema: {
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
    '/me',
    {
      config: { beforePasswordChange: true },
      schema: {
        summary: 'The logged-in user',
        response: { 200: MeResponse, 401: ErrorEnvelope },
      },
    },
    async (request) => ({ user: presentSelfUser(authOf(request).user) }),
  );

  app.put(
    '/me/password',
    {
      config: { beforePasswordChange: true },
      schema: {
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
    '/me/sessions',
    {
      schema: {
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
    '/me/sessions/:id',
    {
      schema: {
        summary: 'Sign out one of the caller’s sessions',
        params: SessionIdParams,
        response: { 200: OkResponse, 404: ErrorEnvelope, ...errors },
      },
    },
    async (request, reply) => {
      const { user, session } = authOf(request);
      await d.auth.revokeSession(user.id, request.params.id);
      if (request.params.id === session.id) clearSessionCookie(request, reply);
      return { ok: true as const };
    },
  );
};
