import { useState } from 'react';
import { errorText } from '../../i18n/errorText.ts';
import { i18n } from '../../i18n/index.ts';
import { isApiError, type ApiClient } from '../../lib/api.ts';

/**
 * View-model of "delete account" (ACCT-1): the password is typed first, then a confirmation dialog asks once
 * more; a wrong password comes back under the field.
 */
export function useDeleteAccount(api: ApiClient, onDeleted: () => void) {
  const [password, setPassword] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [formError, setFormError] = useState<string | null>(null);
  return {
    password,
    confirming,
    pending,
    fieldError,
    formError,
    changePassword: (v: string) => {
      setPassword(v);
      setFieldError(undefined);
    },
    /** The form was submitted: ask for confirmation (a password is needed first). */
    ask: () => {
      setFormError(null);
      if (password === '') return setFieldError(i18n.t('validation.required'));
      setConfirming(true);
    },
    cancel: () => setConfirming(false),
    confirm: async () => {
      setConfirming(false);
      setPending(true);
      try {
        await api.deleteAccount(password);
        onDeleted();
      } catch (err) {
        if (isApiError(err, 'auth.wrong_password')) setFieldError(errorText(err));
        else setFormError(errorText(err));
        setPending(false);
      }
    },
  };
}
