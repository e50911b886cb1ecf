import type { SignInPolicyResponse, SignInPolicyUpdate } from '@messenger/shared';
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../../lib/api.ts';
import { twoFactorApi } from './twoFactorApi.ts';

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: unknown };

/** View-model of the administrator's sign-in policy (AUTH-14, AUTH-16): each switch is saved when changed. */
export function useSignInPolicy(api: ApiClient) {
  const calls = useMemo(() => twoFactorApi(api), [api]);
  const [data, setData] = useState<SignInPolicyResponse | null>(null);
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    calls.policy().then(
      (r) => {
        if (cancelled) return;
        setData(r);
        setLoad({ status: 'ready' });
      },
      (err: unknown) => !cancelled && setLoad({ status: 'error', error: err }),
    );
    return () => {
      cancelled = true;
    };
  }, [calls]);

  return {
    data,
    load,
    saving,
    saved,
    error,
    /** Saves one change; the switches show what the server answered. */
    change: async (change: SignInPolicyUpdate) => {
      setSaving(true);
      setSaved(false);
      setError(null);
      try {
        setData(await calls.updatePolicy(change));
        setSaved(true);
      } catch (err) {
        setError(err);
      } finally {
        setSaving(false);
      }
    },
  };
}
