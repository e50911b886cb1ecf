import type { SelfUser } from '@messenger/shared';
import type { ApiClient } from '../../lib/api.ts';
import { useForm } from '../../lib/useForm.ts';
import { validatePasswordChange } from './validation.ts';

/**
 * View-model of the "choose a new password" screen (ACCT-8): the temporary password as the current one, the
 * new one twice; once changed, the account as the server now sees it opens the messenger.
 */
export function useRequiredPasswordChange(api: ApiClient, onChanged: (user: SelfUser) => void) {
  return useForm({
    initial: { current: '', next: '', confirm: '' },
    validate: validatePasswordChange,
    submit: async ({ current, next }) => {
      await api.changePassword({ currentPassword: current, newPassword: next });
      onChanged(await api.me());
    },
    fieldOf: (err) => (err.code === 'auth.wrong_password' ? 'current' : null),
  });
}
