import { describe, expect, it } from 'vitest';
import { noticeForCode, noticeForReason } from './notices.ts';

describe('signed-out notices', () => {
  it('explains a password change elsewhere specifically', () => {
    expect(noticeForReason('password_changed')).toBe('passwordChanged');
    expect(noticeForReason('revoked')).toBe('sessionRevoked');
    expect(noticeForReason('logout')).toBe('sessionRevoked');
    expect(noticeForReason('expired')).toBe('sessionExpired');
  });

  it('says nothing when the browser simply was not signed in', () => {
    expect(noticeForCode('auth.required')).toBeNull();
    expect(noticeForCode('auth.session_revoked')).toBe('sessionRevoked');
    expect(noticeForCode('auth.session_expired')).toBe('sessionExpired');
  });
});
