import { createContext, useContext } from 'react';
import type { DecryptCache } from './decryptCache.ts';
import type { E2eClient } from './e2eClient.ts';

/** The signed-in user's E2E client and decrypted-message cache (null outside the shell, e.g. in tests). */
export const E2eContext = createContext<{ client: E2eClient; cache: DecryptCache } | null>(null);

/** The E2E client and cache, or null where there is none. */
export function useE2e() {
  return useContext(E2eContext);
}
