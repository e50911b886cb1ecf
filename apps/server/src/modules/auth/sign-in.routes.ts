import {
  AuthProvidersResponse,
  ErrorEnvelope,
  SignInPolicyResponse,
  SignInPolicyUpdate,
  type AuthProvider,
} from '@messenger/shared';
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { SignInPolicyService } from './sign-in-policy.ts';

export interface SignInRoutesDeps {
  sessions: SessionsService;
  policy: SignInPolicyService;
  /** The OIDC button, when OIDC is configured. */
  oidcButton: { label: string | null } | null;
}

/** Which sign-in methods are on (AUTH-14) and the administrator's switches for them; under /api. */
export const signInModule: ModulePlugin<SignInRoutesDeps> = async (app, d) => {
  requireAuth(app, d.sessions, 'admin');
  routeDefaults(app, { tags: ['auth'], errors: [] });

  app.get(
    '/auth/providers',
    {
      config: { auth: 'none' as const },
      schema: {
        summary: 'The sign-in methods the login screen shows',
        response: { 200: AuthProvidersResponse },
      },
    },
    async (_request, reply): Promise<AuthProvidersResponse> => {
      reply.header('cache-control', 'no-store');
      const policy = await d.policy.get();
      const providers: AuthProvider[] = d.oidcButton
        ? [{ type: 'oidc', provider: 'oidc', label: d.oidcButton.label, loginUrl: '/auth/oidc/login' }]
        : [];
      const directory = d.policy.sso.ldap;
      return {
        providers,
        // Off, the form stays reachable at /?local=1 for the break-glass administrator (AUTH-14).
        passwordLogin: policy.localLogin || directory,
        directory,
        signup: policy.localSignup && policy.localLogin,
      };
    },
  );

  const response = async (): Promise<SignInPolicyResponse> => ({
    policy: await d.policy.get(),
    sso: d.policy.sso,
    breakGlassUsername: (await d.policy.breakGlassUser())?.username ?? null,
  });

  app.get(
    '/admin/sign-in-policy',
    {
      schema: {
        summary: 'The sign-in switches (server admins)',
        response: { 200: SignInPolicyResponse, 401: ErrorEnvelope, 403: ErrorEnvelope },
      },
    },
    response,
  );

  app.put(
    '/admin/sign-in-policy',
    {
      schema: {
        summary:
          'Change sign-in switches: local sign-up, local login, required second factor (server admins)',
        body: SignInPolicyUpdate,
        response: {
          200: SignInPolicyResponse,
          400: ErrorEnvelope,
          401: ErrorEnvelope,
          403: ErrorEnvelope,
        },
      },
    },
    async (request) => {
      await d.policy.update(authOf(request).user.id, request.body);
      return response();
    },
  );
};
