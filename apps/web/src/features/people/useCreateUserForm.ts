import { NewPassword, Nickname, Username, type AdminCreateUserBody } from '@messenger/shared';
import type { FieldErrors } from '../../lib/useForm.ts';
import { useForm } from '../../lib/useForm.ts';

/** The create-user form's values. */
export interface CreateUserValues {
  username: string;
  nickname: string;
  password: string;
}

/** The i18n key of the first problem of `value`, or undefined. */
function check(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: string) {
  const r = schema.safeParse(value) as { success: boolean; error?: { issues: { message: string }[] } };
  return r.success ? undefined : (r.error?.issues[0]?.message ?? 'validation.required');
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
