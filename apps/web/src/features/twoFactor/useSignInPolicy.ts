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
    /**
     * Saves one change. The switch moves at once (a controlled input would otherwise snap back until the
     * answer), then shows what the server answered, or moves back when it refused.
     */
    change: async (change: SignInPolicyUpdate) => {
      const before = data;
      if (before) setData({ ...before, policy: { ...before.policy, ...change } });
      setSaving(true);
      setSaved(false);
      setError(null);
      try {
        setData(await calls.updatePolicy(change));
        setSaved(true);
      } catch (err) {
        setData(before);
        setError(err);
      } finally {
        setSaving(false);
      }
    },
  };
}
