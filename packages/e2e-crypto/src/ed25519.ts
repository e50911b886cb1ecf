/** Ed25519 keys as raw bytes (ts-mls wants the 32-byte seed), signed and verified through WebCrypto. */
import { buf, concat, fromB64url } from './bytes.ts';
import type { RandomSource } from './random.ts';
import { secureRandom } from './random.ts';

/** An Ed25519 key pair as raw bytes: 32-byte seed (private) and 32-byte public key. */
export interface Ed25519KeyPair {
  /** 32-byte private seed; keep it in the Worker and encrypted at rest. */
  readonly seed: Uint8Array;
  /** 32-byte public key. */
  readonly publicKey: Uint8Array;
}

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): SEQUENCE { 0, AlgId 1.3.101.112, OCTET STRING { seed } }.
const PKCS8_PREFIX = Uint8Array.of(
  0x30,
  0x2e,
  0x02,
  0x01,
  0x00,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x04,
  0x22,
  0x04,
  0x20,
);

/** WebCrypto's key type, named so it also compiles under Node's lib (where `CryptoKey` is only a value). */
type SubtleKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

async function importSeed(seed: Uint8Array): Promise<SubtleKey> {
  if (seed.length !== 32) throw new RangeError('Ed25519 seed must be 32 bytes');
  return crypto.subtle.importKey('pkcs8', buf(concat(PKCS8_PREFIX, seed)), 'Ed25519', false, ['sign']);
}

/** The key pair of a seed (deterministic: tests fix the seed). */
export async function ed25519FromSeed(seed: Uint8Array): Promise<Ed25519KeyPair> {
  const extractable = await crypto.subtle.importKey(
    'pkcs8',
    buf(concat(PKCS8_PREFIX, seed)),
    'Ed25519',
    true,
    ['sign'],
  );
  // WebCrypto cannot derive the public key from a seed directly; its JWK export carries it (x).
  const jwk = await crypto.subtle.exportKey('jwk', extractable);
  return { seed: new Uint8Array(seed), publicKey: fromB64url(jwk.x!) };
}

/** A fresh key pair from the random source. */
export async function generateEd25519(random: RandomSource = secureRandom): Promise<Ed25519KeyPair> {
  return ed25519FromSeed(random(32));
}

/** An Ed25519 signature (64 bytes; deterministic for a given key and message). */
export async function ed25519Sign(seed: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('Ed25519', await importSeed(seed), buf(message)));
}

/** Whether `signature` is a valid Ed25519 signature of `message` under `publicKey`; false on malformed input. */
export async function ed25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey('raw', buf(publicKey), 'Ed25519', false, ['verify']);
    return await crypto.subtle.verify('Ed25519', key, buf(signature), buf(message));
  } catch {
    return false;
  }
}
