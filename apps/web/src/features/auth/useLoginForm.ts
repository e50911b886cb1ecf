import type { LoginBody } from '@messenger/shared';
import { useForm } from '../../lib/useForm.ts';
import { validateLogin } from './validation.ts';

/** View-model of the login form. */
export function useLoginForm(login: (body: LoginBody) => Promise<void>, initialUsername: string) {
  return useForm({
    initial: { username: initialUsername, password: '' },
    validate: validateLogin,
    submit: (values) => login({ username: values.username.trim(), password: values.password }),
  });
}
