import type { Message } from '@messenger/shared';
import { useEffect, useSyncExternalStore } from 'react';
import type { Decrypted } from './decryptCache.ts';
import { useE2e } from './E2eContext.tsx';

const NONE = () => () => {};
const PENDING: Decrypted = { status: 'pending' };

/**
 * An encrypted message's decryption: asked of the worker once per (id, ciphertext), then read from the cache.
 * Pending until the worker answers; a failure carries its code (shown in words, never as a blank).
 */
export function useDecrypted(message: Message): Decrypted {
  const e2e = useE2e();
  const cache = e2e?.cache;
  const value = useSyncExternalStore(cache?.subscribe ?? NONE, () =>
    cache?.peek(message.id, message.ciphertext),
  );
  useEffect(() => {
    // Asked again whenever the entry goes (an edit's new ciphertext, a failure forgotten to be retried).
    if (!value && cache && message.ciphertext) cache.request(message);
  }, [value, cache, message]);
  if (!cache) return { status: 'failed', code: 'device.stopped' };
  return value ?? PENDING;
}
