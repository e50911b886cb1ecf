import { describe, expect, it } from 'vitest';
import { validateCreateUser } from './useCreateUserForm.ts';

describe('the create-user form', () => {
  it('ACCT-7: checks the username like sign-up; name and first password may stay empty', () => {
    expect(validateCreateUser({ username: '', nickname: '', password: '' })).toEqual({
      username: 'validation.required',
      nickname: undefined,
      password: undefined,
    });
    expect(validateCreateUser({ username: 'new hire', nickname: '', password: '' }).username).toBe(
      'validation.username',
    );
    expect(validateCreateUser({ username: 'new_hire', nickname: '신입', password: '' })).toEqual({
      username: undefined,
      nickname: undefined,
      password: undefined,
    });
    expect(validateCreateUser({ username: 'new_hire', nickname: '', password: 'short' }).password).toBe(
      'validation.password',
    );
  });
});
