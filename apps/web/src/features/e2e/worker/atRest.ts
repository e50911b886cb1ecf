/**
 * The device-local key and the sealing of the device state at rest (design e2e.md 5.7: a non-extractable key
 * in IndexedDB; everything else stored only encrypted under it).
 *
 * TODO(merge h-crypto): the crypto core's `at-rest.ts` exports these three with the same signatures; replace
 * this file's body with `export { generateDeviceLocalKey, sealAtRest, openAtRest } from '@messenger/e2e-crypto';`.
 * Until then this stand-in keeps the worker usable: AES-256-GCM, a fresh 12-byte IV in front of the sealed bytes.
 */

const IV_BYTES = 12;

/** A fresh AES-GCM key the page can use but never export (structured-clone it into IndexedDB). */
export async function generateDeviceLocalKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** `bytes` encrypted under `key`, bound to `aad` (who the state belongs to). */
export async function sealAtRest(key: CryptoKey, bytes: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: aad as BufferSource },
      key,
      bytes as BufferSource,
    ),
  );
  const out = new Uint8Array(IV_BYTES + ct.length);
  out.set(iv);
  out.set(ct, IV_BYTES);
  return out;
}

/** The bytes `sealAtRest` sealed; throws when the key, the aad or a byte differs. */
export async function openAtRest(key: CryptoKey, sealed: Uint8Array, aad: Uint8Array): Promise<Uint8Array> {
  const iv = sealed.subarray(0, IV_BYTES);
  const ct = sealed.subarray(IV_BYTES);
  return new Uint8Array(
    await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: iv as BufferSource, additionalData: aad as BufferSource },
      key,
      ct as BufferSource,
    ),
  );
}
