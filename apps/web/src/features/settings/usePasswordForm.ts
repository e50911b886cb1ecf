import { useState } from 'react';
import type { ApiClient } from '../../lib/api.ts';
import { useForm } from '../../lib/useForm.ts';
import { validatePasswordChange } from '../auth/validation.ts';

/** View-model of the change-password form; remembers how many other devices were signed out. */
export function usePasswordForm(api: ApiClient) {
  const [revoked, setRevoked] = useState<number | null>(null);
  const form = useForm({
    initial: { current: '', next: '', confirm: '' },
    validate: validatePasswordChange,
    submit: async ({ current, next }) => {
      setRevoked(null);
      const result = await api.changePassword({ currentPassword: current, newPassword: next });
      form.reset();
      setRevoked(result.revokedSessions);
    },
    fieldOf: (err) => (err.code === 'auth.wrong_password' ? 'current' : null),
  });
  return { ...form, revoked };
}
