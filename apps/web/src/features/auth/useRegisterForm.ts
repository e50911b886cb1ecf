import type { RegisterBody } from '@messenger/shared';
import { useForm } from '../../lib/useForm.ts';
import { validateRegister } from './validation.ts';

/** View-model of the sign-up form. */
export function useRegisterForm(register: (body: RegisterBody) => Promise<void>) {
  return useForm({
    initial: { username: '', nickname: '', password: '', confirm: '' },
    validate: validateRegister,
    submit: ({ username, nickname, password }) =>
      register({ username: username.trim(), password, nickname: nickname.trim() || undefined }),
    fieldOf: (err) => (err.code === 'user.username_taken' ? 'username' : null),
  });
}
