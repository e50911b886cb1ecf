import {
  AdminCreateUserBody,
  AdminCreateUserResponse,
  AdminPasswordResetResponse,
  AdminSignOutResponse,
  AdminUser,
  AdminUsersQuery,
  AdminUsersResponse,
  DeleteAccountBody,
  ErrorEnvelope,
  OkResponse,
  SetServerAdminBody,
  UserIdParams,
} from '@messenger/shared';
import { z } from 'zod';
import { authOf, clearSessionCookie, requireAuth } from '../../http/auth-hook.ts';
import type { Csrf } from '../../http/csrf.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { AccountService } from './account.service.ts';

const errors = {
  400: ErrorEnvelope,
  401: ErrorEnvelope,
  403: ErrorEnvelope,
  404: ErrorEnvelope,
  409: ErrorEnvelope,
};
const One = z.object({ user: AdminUser });

/** Server administrators only. */
const admins = { auth: 'admin' as const };

/** The original's `DELETE /api/me`, and the server admin's user list with deactivation (ACCT-*), under /api. */
export const accountModule: ModulePlugin<{
  account: AccountService;
  sessions: SessionsService;
  csrf: Csrf;
}> = async (app, d) => {
  requireAuth(app, d.sessions);

  app.delete(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Delete my account (password confirms); every session ends',
        body: DeleteAccountBody,
        response: { 200: OkResponse.extend({ csrfToken: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      await d.account.deleteAccount(authOf(req).user, req.body.password);
      clearSessionCookie(req, reply);
      return { ok: true as const, csrfToken: d.csrf.issue(req, reply, null) };
    },
  );

  app.get(
    '/admin/users',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: 'Accounts with their state (server admins)',
        querystring: AdminUsersQuery,
        response: { 200: AdminUsersResponse, ...errors },
      },
    },
    async (req) => d.account.listUsers(req.query),
  );

  app.post(
    '/admin/users',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: 'Create a local account; it chooses its own password at its first sign-in (server admins)',
        body: AdminCreateUserBody,
        response: { 200: AdminCreateUserResponse, ...errors },
      },
    },
    async (req) => d.account.createUser(authOf(req).user, req.body),
  );

  app.post(
    '/admin/users/:id/password-reset',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: 'Set a temporary password (answered once); sessions end, a new one is chosen at sign-in',
        params: UserIdParams,
        response: { 200: AdminPasswordResetResponse, ...errors },
      },
    },
    async (req) => d.account.resetPassword(authOf(req).user, req.params.id),
  );

  app.delete(
    '/admin/users/:id',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: "Delete someone else's account, as account deletion does (server admins)",
        params: UserIdParams,
        response: { 200: OkResponse, ...errors },
      },
    },
    async (req) => {
      await d.account.deleteUser(authOf(req).user, req.params.id);
      return { ok: true as const };
    },
  );

  for (const [path, deactivated] of [
    ['deactivate', true],
    ['reactivate', false],
  ] as const) {
    app.post(
      `/admin/users/:id/${path}`,
      {
        config: admins,
        schema: {
          tags: ['admin'],
          summary: deactivated
            ? 'Deactivate an account: no login, sessions end (server admins)'
            : 'Reactivate a deactivated account (server admins)',
          params: UserIdParams,
          response: { 200: One, ...errors },
        },
      },
      async (req) => ({
        user: await d.account.setDeactivated(authOf(req).user, req.params.id, deactivated),
      }),
    );
  }

  app.post(
    '/admin/users/:id/admin',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: 'Grant or remove server administration (server admins; not their own)',
        params: UserIdParams,
        body: SetServerAdminBody,
        response: { 200: One, ...errors },
      },
    },
    async (req) => ({
      user: await d.account.setServerAdmin(authOf(req).user, req.params.id, req.body.admin),
    }),
  );

  app.post(
    '/admin/users/:id/sign-out',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: 'Sign an account out on every device at once (server admins)',
        params: UserIdParams,
        response: { 200: AdminSignOutResponse, ...errors },
      },
    },
    async (req) => ({
      ok: true as const,
      revokedSessions: await d.account.signOutEverywhere(authOf(req).user, req.params.id),
    }),
  );
};
