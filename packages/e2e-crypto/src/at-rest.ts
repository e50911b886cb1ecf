/**
 * Sealing the session state at rest in the browser (SPEC E2E-39): AES-256-GCM under a device-local key that
 * WebCrypto creates non-extractable, so script (or a copy of the IndexedDB files) can use it in this origin
 * but never read it out. The AAD names what the blob is (e.g. the user and device), so one sealed blob
 * cannot be passed off as another.
 */
import { buf, concat, utf8 } from './bytes.ts';
import { E2eCryptoError } from './errors.ts';
import type { RandomSource } from './random.ts';
import { secureRandom } from './random.ts';

/**
 * WebCrypto's `CryptoKey`, named so it also compiles under Node's lib (where `CryptoKey` is only a value); in
 * the browser's lib it is exactly `CryptoKey`.
 */
export type DeviceLocalKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The AAD as bytes: a string is taken as UTF-8, so `"x"` and `utf8("x")` seal alike. */
const aadBytes = (aad: string | Uint8Array): Uint8Array => (typeof aad === 'string' ? utf8(aad) : aad);

/** A fresh AES-GCM-256 key that cannot be exported (IndexedDB stores it as a structured-clone handle). */
export async function generateDeviceLocalKey(): Promise<DeviceLocalKey> {
  return (await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ])) as DeviceLocalKey;
}

/** iv (12 random bytes) ‖ AES-256-GCM(key, iv, aad (UTF-8 if a string), bytes) ‖ tag. */
export async function sealAtRest(
  key: DeviceLocalKey,
  bytes: Uint8Array,
  aad: string | Uint8Array,
  random: RandomSource = secureRandom,
): Promise<Uint8Array> {
  const iv = random(IV_BYTES);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: buf(iv), additionalData: buf(aadBytes(aad)) },
    key,
    buf(bytes),
  );
  return concat(iv, new Uint8Array(ct));
}

/** The bytes sealAtRest sealed; a wrong key or AAD, or any changed or missing byte, is `e2e.malformed`. */
export async function openAtRest(
  key: DeviceLocalKey,
  sealed: Uint8Array,
  aad: string | Uint8Array,
): Promise<Uint8Array> {
  if (sealed.length < IV_BYTES + TAG_BYTES)
    throw new E2eCryptoError('e2e.malformed', 'sealed state too short');
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: buf(sealed.subarray(0, IV_BYTES)), additionalData: buf(aadBytes(aad)) },
        key,
        buf(sealed.subarray(IV_BYTES)),
      ),
    );
  } catch {
    throw new E2eCryptoError('e2e.malformed', 'sealed state does not open with this key');
  }
}
