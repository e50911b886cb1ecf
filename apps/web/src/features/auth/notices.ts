import type { SessionEndReason } from '@messenger/shared';
import type { AnyErrorCode } from '../../lib/api.ts';

/** Why the login screen is shown after a session ended by itself (not by logging out here). */
export type SignedOutNotice =
  | 'passwordChanged'
  | 'sessionRevoked'
  | 'sessionExpired'
  | 'accountDeleted'
  | 'deactivated'
  | 'twoFactorRequired'
  | 'twoFactorReset'
  | 'signedOutByAdmin'
  | 'passwordReset';

/** The notice for a `session:revoked` reason. */
export function noticeForReason(reason: SessionEndReason): SignedOutNotice {
  if (reason === 'password_changed') return 'passwordChanged';
  if (reason === 'expired') return 'sessionExpired';
  if (reason === 'account_deleted') return 'accountDeleted';
  if (reason === 'deactivated') return 'deactivated';
  if (reason === 'two_factor_required') return 'twoFactorRequired';
  if (reason === 'two_factor_reset') return 'twoFactorReset';
  if (reason === 'signed_out_by_admin') return 'signedOutByAdmin';
  if (reason === 'password_reset') return 'passwordReset';
  return 'sessionRevoked';
}

/** The notice for an `auth.*` error code; none when the browser simply was not signed in. */
export function noticeForCode(code: AnyErrorCode): SignedOutNotice | null {
  if (code === 'auth.session_expired') return 'sessionExpired';
  if (code === 'auth.session_revoked') return 'sessionRevoked';
  if (code === 'auth.account_deactivated') return 'deactivated';
  return null;
}
