import type { E2eClient } from './e2eClient.ts';
import { deleteDeviceDb } from './worker/deviceStore.ts';

/** The signed-in user's E2E client while the shell is mounted (the logout reaches it here). */
let active: E2eClient | null = null;

/** Registers the running client; returns the cleanup. */
export function setActiveE2eClient(client: E2eClient): () => void {
  active = client;
  return () => {
    if (active === client) active = null;
  };
}

/**
 * Logout wipes the device (design e2e.md 5.7): the worker deletes the IndexedDB database and stops, or, with no
 * worker running, the page deletes the database itself.
 */
export async function wipeE2eDevice(uid: string): Promise<void> {
  const client = active?.uid === uid ? active : null;
  if (client) return client.wipe();
  if (typeof indexedDB !== 'undefined') await deleteDeviceDb(uid).catch(() => undefined);
}
