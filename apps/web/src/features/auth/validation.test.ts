import { describe, expect, it } from 'vitest';
import { validateLogin, validatePasswordChange, validateRegister } from './validation.ts';

const okRegister = {
  username: 'kim_minji',
  nickname: '김민지',
  password: 'long enough',
  confirm: 'long enough',
};

describe('validateRegister', () => {
  it('accepts a valid sign-up, with or without a nickname', () => {
    expect(Object.values(validateRegister(okRegister)).filter(Boolean)).toEqual([]);
    expect(Object.values(validateRegister({ ...okRegister, nickname: '  ' })).filter(Boolean)).toEqual([]);
  });

  it('uses the shared schema messages as i18n keys', () => {
    expect(validateRegister({ ...okRegister, username: 'ab' }).username).toBe('validation.username');
    expect(validateRegister({ ...okRegister, username: '김민지' }).username).toBe('validation.username');
    expect(validateRegister({ ...okRegister, nickname: '가'.repeat(21) }).nickname).toBe(
      'validation.nickname',
    );
    expect(validateRegister({ ...okRegister, password: 'short', confirm: 'short' }).password).toBe(
      'validation.password',
    );
  });

  it('asks for required fields and a matching confirmation', () => {
    const empty = validateRegister({ username: '', nickname: '', password: '', confirm: '' });
    expect(empty).toMatchObject({
      username: 'validation.required',
      password: 'validation.required',
      confirm: 'validation.required',
    });
    expect(validateRegister({ ...okRegister, confirm: 'something else' }).confirm).toBe(
      'validation.confirmMismatch',
    );
  });
});

describe('validateLogin', () => {
  it('only checks presence', () => {
    expect(validateLogin({ username: ' ', password: '' })).toEqual({
      username: 'validation.required',
      password: 'validation.required',
    });
    expect(validateLogin({ username: 'a', password: 'b' })).toEqual({
      username: undefined,
      password: undefined,
    });
  });
});

describe('validatePasswordChange', () => {
  it('needs the current password, a valid new one, different from the current, confirmed', () => {
    expect(validatePasswordChange({ current: '', next: 'short', confirm: 'x' })).toEqual({
      current: 'validation.required',
      next: 'validation.password',
      confirm: 'validation.confirmMismatch',
    });
    expect(
      validatePasswordChange({ current: 'same password', next: 'same password', confirm: 'same password' })
        .next,
    ).toBe('validation.samePassword');
    expect(
      Object.values(
        validatePasswordChange({ current: 'old password', next: 'new password', confirm: 'new password' }),
      ).filter(Boolean),
    ).toEqual([]);
  });
});
