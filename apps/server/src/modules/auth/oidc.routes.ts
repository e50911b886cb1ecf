import { ErrorCode } from '@messenger/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../app-error.ts';
import { clientInfo, setSessionCookie } from '../../http/auth-hook.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import type { StateStore } from '../../state/index.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { AuthService } from './auth.service.ts';
import { OidcRejectedError, OidcUnavailableError, type OidcClient, type PendingLogin } from './oidc.ts';
import type { ServerSettingsService } from '../system/server-settings.service.ts';

/** Binds a login to the browser that started it: the callback must come back with the same cookie. */
const STATE_COOKIE = 'mx_oidc_state';
const COOKIE_PATH = '/auth/oidc';
/** How long the user may take at the provider. */
const PENDING_MS = 10 * 60_000;

export interface OidcRoutesDeps {
  oidc: OidcClient | null;
  auth: AuthService;
  sessions: SessionsService;
  store: StateStore;
  limiter: RateLimiter;
  /** The rate limits in force (administrators change them at run time, ADMIN-3). */
  limits: Pick<ServerSettingsService, 'rateLimit'>;
}

/**
 * The company sign-in button's two stops (AUTH-15), at the original's paths: `/auth/oidc/login` sends the
 * browser to the provider, `/auth/oidc/callback` signs it in and goes to the chat. Anything that fails goes
 * to the login screen with `?sso_error=<code>`, which it explains in the user's language; never a 500.
 */
export const oidcModule: ModulePlugin<OidcRoutesDeps> = async (app, d) => {
  const fail = (reply: FastifyReply, code: ErrorCode) =>
    reply.header('cache-control', 'no-store').redirect(`/?sso_error=${encodeURIComponent(code)}`, 302);
  const codeOf = (err: unknown, request: FastifyRequest): ErrorCode => {
    if (err instanceof AppError) return err.code;
    if (err instanceof OidcUnavailableError) {
      request.log.warn({ err }, 'OIDC provider unavailable');
      return 'auth.sso_unavailable';
    }
    if (err instanceof OidcRejectedError) {
      request.log.warn({ reason: err.message }, 'OIDC sign-in refused');
      return 'auth.sso_failed';
    }
    // Anything else (the state store, the database) is ours, not the user's: logged, and explained.
    request.log.error({ err }, 'OIDC sign-in failed');
    return 'auth.sso_unavailable';
  };
  const cookieOptions = (request: FastifyRequest) => ({
    path: COOKIE_PATH,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: request.protocol === 'https',
  });

  app.get(
    '/auth/oidc/login',
    { schema: { tags: ['auth'], summary: 'Start company sign-in: redirect to the OpenID provider' } },
    async (request, reply) => {
      if (!d.oidc) return fail(reply, 'auth.sso_off');
      try {
        await d.limiter.consume('login', await d.limits.rateLimit('login'), [`ip:${request.ip}`]);
        const { url, pending } = await d.oidc.start();
        await d.store.set(`oidc:${pending.state}`, JSON.stringify(pending), PENDING_MS);
        reply.setCookie(STATE_COOKIE, pending.state, {
          ...cookieOptions(request),
          maxAge: PENDING_MS / 1000,
        });
        return reply.header('cache-control', 'no-store').redirect(url, 302);
      } catch (err) {
        return fail(reply, codeOf(err, request));
      }
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      schema: {
        tags: ['auth'],
        summary: 'Where the OpenID provider sends the browser back: sign in and go to the chat',
      },
    },
    async (request, reply) => {
      if (!d.oidc) return fail(reply, 'auth.sso_off');
      const expected = request.cookies[STATE_COOKIE];
      reply.clearCookie(STATE_COOKIE, cookieOptions(request));
      try {
        // Read as sent (no schema: a malformed query is a failed sign-in like any other, never a JSON 400).
        const at = request.url.indexOf('?');
        const query = at < 0 ? '' : request.url.slice(at + 1);
        const states = new URLSearchParams(query).getAll('state');
        const state = states.length === 1 ? states[0] : undefined;
        // A login this browser did not start (or one already finished) is refused before the code is used.
        if (!state || state !== expected) throw new OidcRejectedError('state does not match this browser');
        const saved = await d.store.take(`oidc:${state}`);
        if (!saved) throw new OidcRejectedError('unknown or used state');
        const pending = JSON.parse(saved) as PendingLogin;
        const identity = await d.oidc.finish(query, pending);
        const result = await d.auth.ssoLogin(identity, clientInfo(request));
        setSessionCookie(request, reply, result.token, d.sessions.absoluteMs);
        return reply.header('cache-control', 'no-store').redirect('/', 302);
      } catch (err) {
        return fail(reply, codeOf(err, request));
      }
    },
  );
};
