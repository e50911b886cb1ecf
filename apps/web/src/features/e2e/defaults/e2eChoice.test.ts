import { E2E_ROOM_MEMBERS_MAX } from '@messenger/shared';
import { describe, expect, it } from 'vitest';
import { e2eChoice, encryptedBy, type E2eChoiceInput } from './e2eChoice.ts';

const base: E2eChoiceInput = { policy: 'default', capable: true, group: true, members: 3, optedOut: false };

describe('the new-chat dialog end-to-end choice (E2E-113)', () => {
  it('E2E-113: a small group starts encrypted and its creator may opt out under the default policy', () => {
    expect(e2eChoice(base)).toEqual({ kind: 'optional', on: true });
    expect(encryptedBy(e2eChoice({ ...base, optedOut: true }))).toBe(false);
  });

  it('E2E-113: a direct chat is always encrypted, the opt-out does not apply to it', () => {
    const c = e2eChoice({ ...base, group: false, members: 2, optedOut: true });
    expect(c).toEqual({ kind: 'fixed', reason: 'direct' });
    expect(encryptedBy(c)).toBe(true);
  });

  it('E2E-113: policy required leaves no opt-out for groups', () => {
    const c = e2eChoice({ ...base, policy: 'required', optedOut: true });
    expect(c).toEqual({ kind: 'fixed', reason: 'required' });
    expect(encryptedBy(c)).toBe(true);
  });

  it('E2E-113: a group over the cap is standard, with the reason', () => {
    const c = e2eChoice({ ...base, members: E2E_ROOM_MEMBERS_MAX + 1 });
    expect(c).toEqual({ kind: 'unavailable', reason: 'tooLarge' });
    expect(encryptedBy(c)).toBe(false);
    expect(encryptedBy(e2eChoice({ ...base, members: E2E_ROOM_MEMBERS_MAX }))).toBe(true);
  });

  it('E2E-113: a browser that cannot hold a device makes standard rooms, direct ones too', () => {
    expect(e2eChoice({ ...base, capable: false, group: false })).toEqual({
      kind: 'unavailable',
      reason: 'unsupported',
    });
  });

  it('E2E-111: policy off shows no switch and makes standard rooms', () => {
    for (const group of [true, false]) {
      const c = e2eChoice({ ...base, policy: 'off', group });
      expect(c).toEqual({ kind: 'none' });
      expect(encryptedBy(c)).toBe(false);
    }
  });
});
