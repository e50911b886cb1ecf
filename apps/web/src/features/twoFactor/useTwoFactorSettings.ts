import type { TwoFactorSetup, TwoFactorStatus } from '@messenger/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../../lib/api.ts';
import { useForm } from '../../lib/useForm.ts';
import { cleanCode, validateAppCode } from './codes.ts';
import { twoFactorApi } from './twoFactorApi.ts';

type Load =
  { status: 'loading' } | { status: 'ready'; value: TwoFactorStatus } | { status: 'error'; error: unknown };

/** What the section shows besides the status: setting up, or recovery codes to save. */
type Panel =
  { kind: 'none' } | { kind: 'setup'; setup: TwoFactorSetup | null } | { kind: 'codes'; codes: string[] };

/** View-model of the settings' two-step verification (AUTH-16): turn on, turn off, new recovery codes. */
export function useTwoFactorSettings(api: ApiClient) {
  const calls = useMemo(() => twoFactorApi(api), [api]);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [notice, setNotice] = useState<'turnedOn' | 'turnedOff' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const reload = useCallback(async () => {
    try {
      setLoad({ status: 'ready', value: await calls.status() });
    } catch (error) {
      setLoad({ status: 'error', error });
    }
  }, [calls]);

  useEffect(() => {
    let cancelled = false;
    calls.status().then(
      (value) => !cancelled && setLoad({ status: 'ready', value }),
      (error: unknown) => !cancelled && setLoad({ status: 'error', error }),
    );
    return () => {
      cancelled = true;
    };
  }, [calls]);

  const offForm = useForm({
    initial: { password: '' },
    validate: (v) => ({ password: v.password === '' ? 'validation.required' : undefined }),
    submit: async ({ password }) => {
      await calls.disable(password);
      offForm.reset();
      setNotice('turnedOff');
      await reload();
    },
    fieldOf: (err) => (err.code === 'auth.wrong_password' ? 'password' : null),
  });

  const renewForm = useForm({
    initial: { code: '' },
    validate: validateAppCode,
    submit: async ({ code }) => {
      const codes = await calls.renewCodes(cleanCode(code));
      renewForm.reset();
      setPanel({ kind: 'codes', codes });
    },
    fieldOf: (err) => (err.code === 'auth.two_factor_invalid' ? 'code' : null),
  });

  return {
    load,
    panel,
    notice,
    actionError,
    offForm,
    renewForm,
    /** Makes a new secret and shows the QR code. */
    startSetup: async () => {
      setNotice(null);
      setActionError(null);
      setPanel({ kind: 'setup', setup: null });
      try {
        const setup = await calls.setup();
        setPanel({ kind: 'setup', setup });
      } catch (err) {
        setPanel({ kind: 'none' });
        setActionError(err);
      }
    },
    /** The first code turns it on; the recovery codes come back to be saved. */
    confirmSetup: async (code: string) => {
      const codes = await calls.enable(code);
      setPanel({ kind: 'codes', codes });
      setNotice('turnedOn');
      await reload();
    },
    closePanel: () => {
      setPanel({ kind: 'none' });
      void reload();
    },
  };
}
