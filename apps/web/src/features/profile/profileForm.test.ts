import { describe, expect, it } from 'vitest';
import { imageError, nicknameError, profileChanges, statusError } from './profileForm.ts';

describe('profile form (FILE-12)', () => {
  it('checks the nickname and status message with the shared rules', () => {
    expect(nicknameError('김철수')).toBeUndefined();
    expect(nicknameError('   ')).toBe('validation.nickname');
    expect(nicknameError('가'.repeat(21))).toBe('validation.nickname');
    expect(statusError('')).toBeUndefined();
    expect(statusError('가'.repeat(100))).toBeUndefined();
    expect(statusError('가'.repeat(101))).toBe('validation.status_message');
  });

  it('refuses a file the server would refuse before uploading it', () => {
    expect(imageError({ type: 'image/png', size: 1000 })).toBeUndefined();
    expect(imageError({ type: '', size: 1000 })).toBeUndefined();
    expect(imageError({ type: 'application/pdf', size: 1000 })).toBe('profile.imageType');
    expect(imageError({ type: 'image/jpeg', size: 5 * 1024 * 1024 + 1 })).toBe('profile.imageTooLarge');
  });

  it('sends only what changed, trimmed and NFC as the server stores it', () => {
    const saved = { nickname: '김철수', statusMessage: '' };
    expect(profileChanges(saved, { nickname: ' 김철수 ', statusMessage: ' ' })).toBeNull();
    expect(profileChanges(saved, { nickname: '김부장', statusMessage: '' })).toEqual({ nickname: '김부장' });
    // A decomposed (NFD) Hangul name is the same name.
    expect(profileChanges(saved, { nickname: '김철수'.normalize('NFD'), statusMessage: '회의 중' })).toEqual({
      statusMessage: '회의 중',
    });
  });
});
