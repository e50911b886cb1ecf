import {
  AdminUser,
  OkResponse,
  RecoveryCodesResponse,
  SignInPolicyResponse,
  TwoFactorSetup,
  TwoFactorStatus,
  type SignInPolicyUpdate,
} from '@messenger/shared';
import type { ApiClient, ResponseSchema } from '../../lib/api.ts';

const OneUser: ResponseSchema<{ user: AdminUser }> = {
  safeParse(value) {
    const r = AdminUser.safeParse((value as { user?: unknown } | null)?.user);
    return r.success ? { success: true, data: { user: r.data } } : { success: false };
  },
};

/** The HTTP calls of two-step verification (AUTH-16) and the sign-in policy (AUTH-14), over the one client. */
export function twoFactorApi(api: ApiClient) {
  return {
    /** The secret of a login that must set up two-step verification (the same one if asked again). */
    loginSetup: (challenge: string) =>
      api.call('POST', '/api/login/two-factor/setup', TwoFactorSetup, { challenge }),
    status: () => api.call('GET', '/api/me/two-factor', TwoFactorStatus),
    setup: () => api.call('POST', '/api/me/two-factor/setup', TwoFactorSetup),
    enable: async (code: string) =>
      (await api.call('POST', '/api/me/two-factor', RecoveryCodesResponse, { code })).recoveryCodes,
    disable: (password: string) => api.call('DELETE', '/api/me/two-factor', OkResponse, { password }),
    renewCodes: async (code: string) =>
      (await api.call('POST', '/api/me/two-factor/recovery-codes', RecoveryCodesResponse, { code }))
        .recoveryCodes,
    resetUser: async (userId: string) =>
      (await api.call('DELETE', `/api/admin/users/${encodeURIComponent(userId)}/two-factor`, OneUser)).user,
    policy: () => api.call('GET', '/api/admin/sign-in-policy', SignInPolicyResponse),
    updatePolicy: (change: SignInPolicyUpdate) =>
      api.call('PUT', '/api/admin/sign-in-policy', SignInPolicyResponse, change),
  };
}

export type TwoFactorApi = ReturnType<typeof twoFactorApi>;
