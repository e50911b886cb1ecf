import { describe, expect, it } from 'vitest';
import { noticeForCode, noticeForReason } from './notices.ts';

describe('signed-out notices', () => {
  it('explains a password change elsewhere specifically', () => {
    expect(noticeForReason('password_changed')).toBe('passwordChanged');
    expect(noticeForReason('revoked')).toBe('sessionRevoked');
    expect(noticeForReason('logout')).toBe('sessionRevoked');
    expect(noticeForReason('expired')).toBe('sessionExpired');
  });

  it('ACCT-1, ACCT-4: says why an account deletion or a deactivation ended the session', () => {
    expect(noticeForReason('account_deleted')).toBe('accountDeleted');
    expect(noticeForReason('deactivated')).toBe('deactivated');
    expect(noticeForCode('auth.account_deactivated')).toBe('deactivated');
  });

  it('AUTH-16: says when the administrator required or reset two-step verification', () => {
    expect(noticeForReason('two_factor_required')).toBe('twoFactorRequired');
    expect(noticeForReason('two_factor_reset')).toBe('twoFactorReset');
  });

  it('ACCT-8: says an administrator reset the password, so the temporary one is what to type', () => {
    expect(noticeForReason('password_reset')).toBe('passwordReset');
  });

  it('says nothing when the browser simply was not signed in', () => {
    expect(noticeForCode('auth.required')).toBeNull();
    expect(noticeForCode('auth.session_revoked')).toBe('sessionRevoked');
    expect(noticeForCode('auth.session_expired')).toBe('sessionExpired');
  });
});
