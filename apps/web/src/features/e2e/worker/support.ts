/**
 * Whether this browser can hold an E2E device: a secure context, WebCrypto Ed25519 and X25519 (the MLS
 * cipher suite of design e2e.md 5.1), IndexedDB and Web Locks in workers. Checked once, in the worker, by
 * really generating a key of each.
 */
export async function detectSupport(): Promise<boolean> {
  if (!globalThis.isSecureContext || !globalThis.crypto?.subtle) return false;
  if (typeof indexedDB === 'undefined' || !globalThis.navigator?.locks) return false;
  try {
    await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    await crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']);
    return true;
  } catch {
    return false;
  }
}
