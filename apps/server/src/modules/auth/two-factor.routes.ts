import {
  AdminUser,
  DisableTwoFactorBody,
  ErrorEnvelope,
  LoginSuccess,
  OkResponse,
  RecoveryCodesResponse,
  TwoFactorChallengeBody,
  TwoFactorCodeBody,
  TwoFactorEnrollResponse,
  TwoFactorLoginBody,
  TwoFactorSetup,
  TwoFactorStatus,
  UserIdParams,
} from '@messenger/shared';
import { z } from 'zod';
import { authOf, clientInfo, requireAuth, setSessionCookie } from '../../http/auth-hook.ts';
import type { Csrf } from '../../http/csrf.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import { presentAdminUser } from '../account/account.presenter.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import { presentSelfUser } from '../users/users.presenter.ts';
import type { TwoFactorService } from './two-factor.service.ts';

export interface TwoFactorRoutesDeps {
  twoFactor: TwoFactorService;
  sessions: SessionsService;
  csrf: Csrf;
}

const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 429: ErrorEnvelope };
/** The steps after the password have no session yet: the challenge says whose sign-in it is. */
const open = { auth: 'none' as const };

/** Two-step verification (AUTH-16) under /api: the login steps, the account's own settings, the admin reset. */
export const twoFactorModule: ModulePlugin<TwoFactorRoutesDeps> = async (app, d) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['auth'], errors: [] });

  app.post(
    '/login/two-factor',
    {
      config: open,
      schema: {
        summary: 'Finish a login with a code from the authenticator app or a recovery code',
        body: TwoFactorLoginBody,
        response: { 200: LoginSuccess, ...errors },
      },
    },
    async (request, reply) => {
      const { challenge, code } = request.body;
      const result = await d.twoFactor.verifyLogin(challenge, code, clientInfo(request));
      setSessionCookie(request, reply, result.token, d.sessions.absoluteMs);
      return { user: presentSelfUser(result.user), csrfToken: d.csrf.issue(request, reply, result.token) };
    },
  );

  app.post(
    '/login/two-factor/setup',
    {
      config: open,
      schema: {
        summary: 'The authenticator secret of a login that must set up two-step verification',
        body: TwoFactorChallengeBody,
        response: { 200: TwoFactorSetup, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return d.twoFactor.loginSetup(request.body.challenge);
    },
  );

  app.post(
    '/login/two-factor/enroll',
    {
      config: open,
      schema: {
        summary: 'Turn two-step verification on with a first code and finish the login',
        body: TwoFactorLoginBody,
        response: { 200: TwoFactorEnrollResponse, 409: ErrorEnvelope, ...errors },
      },
    },
    async (request, reply) => {
      const { challenge, code } = request.body;
      const result = await d.twoFactor.loginEnroll(challenge, code, clientInfo(request));
      setSessionCookie(request, reply, result.token, d.sessions.absoluteMs);
      reply.header('cache-control', 'no-store');
      return {
        user: presentSelfUser(result.user),
        csrfToken: d.csrf.issue(request, reply, result.token),
        recoveryCodes: result.recoveryCodes,
      };
    },
  );

  app.get(
    '/me/two-factor',
    {
      schema: {
        summary: "The caller's two-step verification",
        response: { 200: TwoFactorStatus, 401: ErrorEnvelope },
      },
    },
    async (request) => d.twoFactor.status(authOf(request).user),
  );

  app.post(
    '/me/two-factor/setup',
    {
      schema: {
        summary: 'A new authenticator secret to scan; confirmed by POST /api/me/two-factor',
        response: { 200: TwoFactorSetup, 409: ErrorEnvelope, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return d.twoFactor.beginSetup(authOf(request).user);
    },
  );

  app.post(
    '/me/two-factor',
    {
      schema: {
        summary: 'Turn two-step verification on with a first code; the recovery codes are shown once',
        body: TwoFactorCodeBody,
        response: { 200: RecoveryCodesResponse, 409: ErrorEnvelope, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { recoveryCodes: await d.twoFactor.enable(authOf(request).user, request.body.code) };
    },
  );

  app.delete(
    '/me/two-factor',
    {
      schema: {
        summary: 'Turn two-step verification off (password confirms; refused while the policy requires it)',
        body: DisableTwoFactorBody,
        response: { 200: OkResponse, ...errors },
      },
    },
    async (request) => {
      await d.twoFactor.disable(authOf(request).user, request.body.password);
      return { ok: true as const };
    },
  );

  app.post(
    '/me/two-factor/recovery-codes',
    {
      schema: {
        summary: 'A new set of recovery codes (the old ones stop working), confirmed by a code from the app',
        body: TwoFactorCodeBody,
        response: { 200: RecoveryCodesResponse, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { recoveryCodes: await d.twoFactor.renewRecoveryCodes(authOf(request).user, request.body.code) };
    },
  );

  app.delete(
    '/admin/users/:id/two-factor',
    {
      config: { auth: 'admin' as const },
      schema: {
        tags: ['admin'],
        summary: "Reset an account's two-step verification; its sessions end (server admins)",
        params: UserIdParams,
        response: { 200: z.object({ user: AdminUser }), 404: ErrorEnvelope, ...errors },
      },
    },
    async (request) => ({
      user: presentAdminUser(await d.twoFactor.reset(authOf(request).user, request.params.id)),
    }),
  );
};
