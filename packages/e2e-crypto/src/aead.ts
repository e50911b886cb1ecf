/** HKDF-SHA256 and AES-256-GCM through WebCrypto. */
import { buf } from './bytes.ts';

/** HKDF-SHA256(ikm, salt, info) -> `length` bytes. */
export async function hkdfSha256(
  ikm: Uint8Array,
  salt: Uint8Array,
  info: Uint8Array,
  length: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', buf(ikm), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: buf(salt), info: buf(info) },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}

/** AES-256-GCM seal: ciphertext ‖ 16-byte tag. */
export async function aesGcmSeal(
  key: Uint8Array,
  iv: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Promise<Uint8Array> {
  if (key.length !== 32) throw new RangeError('AES-256-GCM key must be 32 bytes');
  const k = await crypto.subtle.importKey('raw', buf(key), 'AES-GCM', false, ['encrypt']);
  return new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: buf(iv), additionalData: buf(aad) },
      k,
      buf(plaintext),
    ),
  );
}

/** AES-256-GCM open; undefined when the tag does not verify (wrong key, IV, AAD or altered bytes). */
export async function aesGcmOpen(
  key: Uint8Array,
  iv: Uint8Array,
  aad: Uint8Array,
  sealed: Uint8Array,
): Promise<Uint8Array | undefined> {
  const k = await crypto.subtle.importKey('raw', buf(key), 'AES-GCM', false, ['decrypt']);
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: buf(iv), additionalData: buf(aad) }, k, buf(sealed)),
    );
  } catch {
    return undefined;
  }
}
