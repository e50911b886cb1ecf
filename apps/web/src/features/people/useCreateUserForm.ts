import { NewPassword, Nickname, Username, type AdminCreateUserBody } from '@messenger/shared';
import { useForm, type FieldErrors } from '../../lib/useForm.ts';
import { check } from '../auth/validation.ts';

/** The create-user form's values. */
export interface CreateUserValues {
  username: string;
  nickname: string;
  password: string;
}

/** Sign-up's rules (the server applies the same shared schemas); nickname and password may stay empty. */
export function validateCreateUser(v: CreateUserValues): FieldErrors<keyof CreateUserValues> {
  return {
    username: v.username.trim() === '' ? 'validation.required' : check(Username, v.username),
    nickname: v.nickname.trim() === '' ? undefined : check(Nickname, v.nickname),
    password: v.password === '' ? undefined : check(NewPassword, v.password),
  };
}

/** View-model of the create-user dialog (ACCT-7): sends the account, then hands the result to `onCreated`. */
export function useCreateUserForm(create: (body: AdminCreateUserBody) => Promise<void>) {
  return useForm<keyof CreateUserValues>({
    initial: { username: '', nickname: '', password: '' },
    validate: validateCreateUser,
    submit: async ({ username, nickname, password }) => {
      await create({
        username: username.trim(),
        ...(nickname.trim() ? { nickname } : {}),
        ...(password ? { password } : {}),
      });
    },
    fieldOf: (err) => (err.code === 'user.username_taken' ? 'username' : null),
  });
}
