import { NewPassword, Nickname, Username } from '@messenger/shared';
import type { FieldErrors } from '../../lib/useForm.ts';

interface SchemaLike {
  safeParse(value: unknown): { success: boolean; error?: { issues: { message: string }[] } | undefined };
}

/** The i18n key of the first problem of `value` under `schema`, or undefined when it is fine. */
export function check(schema: SchemaLike, value: string): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : (result.error?.issues[0]?.message ?? 'validation.required');
}

/** Login form values. */
export interface LoginValues {
  username: string;
  password: string;
}

/** Login only checks presence: the server decides whether the pair is right. */
export function validateLogin(values: LoginValues): FieldErrors<keyof LoginValues> {
  return {
    username: values.username.trim() === '' ? 'validation.required' : undefined,
    password: values.password === '' ? 'validation.required' : undefined,
  };
}

/** Sign-up form values. */
export interface RegisterValues {
  username: string;
  nickname: string;
  password: string;
  confirm: string;
}

/** Sign-up rules: the shared schemas (the server applies the same ones) plus the confirmation. */
export function validateRegister(values: RegisterValues): FieldErrors<keyof RegisterValues> {
  return {
    username: values.username.trim() === '' ? 'validation.required' : check(Username, values.username),
    // The nickname is optional: empty means "use the username".
    nickname: values.nickname.trim() === '' ? undefined : check(Nickname, values.nickname),
    password: values.password === '' ? 'validation.required' : check(NewPassword, values.password),
    confirm: confirmError(values.password, values.confirm),
  };
}

/** Change-password form values. */
export interface PasswordValues {
  current: string;
  next: string;
  confirm: string;
}

/** Change-password rules. */
export function validatePasswordChange(values: PasswordValues): FieldErrors<keyof PasswordValues> {
  let next = values.next === '' ? 'validation.required' : check(NewPassword, values.next);
  if (!next && values.current !== '' && values.next === values.current) next = 'validation.samePassword';
  return {
    current: values.current === '' ? 'validation.required' : undefined,
    next,
    confirm: confirmError(values.next, values.confirm),
  };
}

function confirmError(password: string, confirm: string): string | undefined {
  if (confirm === '') return 'validation.required';
  return confirm === password ? undefined : 'validation.confirmMismatch';
}
