/**
 * Adding a device from another device (design 5.6 (i), SPEC E2E-100..E2E-104). The new device makes an
 * ephemeral X25519 key pair and a 16-byte secret; the existing device makes its own ephemeral pair and seals
 * the master key seed (and the backup key, if it has one) to the new device under a key derived from the ECDH
 * output and the transcript (both public keys, the user, the link id, and the QR secret when it scanned one).
 *
 * Two ways to get the new device's key to the existing one without trusting the server that relays it:
 * - QR: the existing device scans it from the new device's screen (with the secret, which the server never sees);
 * - code: both screens show an 8-digit code derived from the ECDH output and the transcript, and the person
 *   confirms on the existing device that they match. The new device first publishes only a commitment to its
 *   key and reveals the key after it received the existing device's, so a server in the middle must fix both
 *   its substitute keys before it can compute either code: it cannot grind a key until the codes collide.
 */
import { buf, bytesEqual, concat, fromB64url, fromUtf8, lp, toB64url, u8, utf8 } from './bytes.ts';
import { aesGcmOpen, aesGcmSeal, hkdfSha256 } from './aead.ts';
import { E2eCryptoError } from './errors.ts';
import { LABELS } from './labels.ts';
import type { RandomSource } from './random.ts';
import { secureRandom } from './random.ts';
import { StateReader, StateWriter } from './state-codec.ts';

/** Version of the QR payload and of the sealed secrets. */
export const LINK_VERSION = 1;
/** Bytes of the QR secret. */
export const LINK_SECRET_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;

// PKCS#8 wrapping of a raw X25519 private key (RFC 8410): SEQUENCE { 0, AlgId 1.3.101.110, OCTET STRING { k } }.
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
  0x6e,
  0x04,
  0x22,
  0x04,
  0x20,
);

/** One side's ephemeral X25519 key pair, raw (32 bytes each); lives only for one link. */
export interface LinkKeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** The key pair of a raw private key (deterministic: tests fix it). */
export async function linkKeyPairFrom(privateKey: Uint8Array): Promise<LinkKeyPair> {
  if (privateKey.length !== 32) throw new RangeError('an X25519 private key is 32 bytes');
  const key = await crypto.subtle.importKey('pkcs8', buf(concat(PKCS8_PREFIX, privateKey)), 'X25519', true, [
    'deriveBits',
  ]);
  // WebCrypto derives no public key from a private one directly; its JWK export carries it (x).
  const jwk = await crypto.subtle.exportKey('jwk', key);
  return { privateKey: new Uint8Array(privateKey), publicKey: fromB64url(jwk.x!) };
}

/** A fresh ephemeral key pair. */
export function generateLinkKeyPair(random: RandomSource = secureRandom): Promise<LinkKeyPair> {
  return linkKeyPairFrom(random(32));
}

/** A fresh QR secret (16 bytes). */
export function generateLinkSecret(random: RandomSource = secureRandom): Uint8Array {
  return random(LINK_SECRET_BYTES);
}

/** X25519(own private, peer public): the 32-byte shared secret. A low-order peer key fails (all zero). */
async function x25519(own: LinkKeyPair, peerPub: Uint8Array): Promise<Uint8Array> {
  if (peerPub.length !== 32) throw new E2eCryptoError('e2e.link_failed', 'a public key is 32 bytes');
  const priv = await crypto.subtle.importKey(
    'pkcs8',
    buf(concat(PKCS8_PREFIX, own.privateKey)),
    'X25519',
    false,
    ['deriveBits'],
  );
  const pub = await crypto.subtle.importKey('raw', buf(peerPub), 'X25519', false, []);
  try {
    return new Uint8Array(await crypto.subtle.deriveBits({ name: 'X25519', public: pub }, priv, 256));
  } catch {
    throw new E2eCryptoError('e2e.link_failed', 'the peer key is not usable');
  }
}

/**
 * The commitment the new device publishes first: SHA-256(label ‖ its public key), base64url. The existing
 * device checks the key revealed later against it.
 */
export async function linkCommitment(newPub: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', buf(concat(utf8(LABELS.linkCommit), newPub)));
  return toB64url(new Uint8Array(digest));
}

/** What the new device shows as a QR code. */
export interface LinkOffer {
  uid: string;
  /** The server's id of the link session. */
  linkId: string;
  /** The new device's ephemeral X25519 public key. */
  publicKey: Uint8Array;
  /** 16 random bytes that only the two screens see. */
  secret: Uint8Array;
}

/** The QR text: base64url(u8 version ‖ u8 len ‖ uid ‖ u8 len ‖ linkId ‖ public key ‖ secret). */
export function encodeLinkQr(offer: LinkOffer): string {
  const uid = utf8(offer.uid);
  const id = utf8(offer.linkId);
  if (uid.length > 255 || id.length > 255) throw new RangeError('uid or link id too long');
  if (offer.publicKey.length !== 32 || offer.secret.length !== LINK_SECRET_BYTES)
    throw new RangeError('bad key or secret length');
  return toB64url(
    concat(u8(LINK_VERSION), u8(uid.length), uid, u8(id.length), id, offer.publicKey, offer.secret),
  );
}

/** The offer of a scanned QR text; anything else is `e2e.link_qr_invalid`. */
export function decodeLinkQr(text: string): LinkOffer {
  const fail = (why: string) => new E2eCryptoError('e2e.link_qr_invalid', why);
  let bytes: Uint8Array;
  try {
    bytes = fromB64url(text.trim());
  } catch {
    throw fail('not base64url');
  }
  if (bytes[0] !== LINK_VERSION) throw fail('unknown version');
  let at = 1;
  const field = (): string => {
    const n = bytes[at];
    if (n === undefined || at + 1 + n > bytes.length) throw fail('cut short');
    const value = bytes.subarray(at + 1, at + 1 + n);
    at += 1 + n;
    try {
      return fromUtf8(value);
    } catch {
      throw fail('not UTF-8');
    }
  };
  const uid = field();
  const linkId = field();
  if (bytes.length !== at + 32 + LINK_SECRET_BYTES) throw fail('wrong length');
  return {
    uid,
    linkId,
    publicKey: bytes.slice(at, at + 32),
    secret: bytes.slice(at + 32),
  };
}

/** Who and which link: what the transcript binds besides the two keys. */
export interface LinkContext {
  uid: string;
  linkId: string;
  /** The new device's ephemeral public key. */
  newPub: Uint8Array;
  /** The existing device's ephemeral public key. */
  existingPub: Uint8Array;
}

const transcript = (c: LinkContext) =>
  concat(utf8(LABELS.link), lp(utf8(c.uid)), lp(utf8(c.linkId)), lp(c.newPub), lp(c.existingPub));

/**
 * The 8-digit code both screens show (code path): HKDF-SHA256(ECDH, salt = code label, info = transcript),
 * 8 bytes read as an unsigned integer, mod 10^8, zero-padded. `own` is this side's pair, the peer's public key
 * is the other one of the context.
 */
export async function linkCode(own: LinkKeyPair, context: LinkContext): Promise<string> {
  const peer = bytesEqual(own.publicKey, context.newPub) ? context.existingPub : context.newPub;
  const shared = await x25519(own, peer);
  const bits = await hkdfSha256(shared, utf8(LABELS.linkCode), transcript(context), 8);
  const n = new DataView(bits.buffer).getBigUint64(0) % 100_000_000n;
  return n.toString().padStart(8, '0');
}

/** What the existing device hands over. */
export interface LinkSecrets {
  /** The master signing key's 32-byte seed. */
  mskSeed: Uint8Array;
  /** The backup key of history entries, when the existing device has one (recovery set up). */
  backupKey?: Uint8Array;
}

/** The sealing key and AAD: the secret is part of the key only on the QR path; the mode is bound either way. */
async function sealingKey(own: LinkKeyPair, context: LinkContext, secret: Uint8Array | undefined) {
  const peer = bytesEqual(own.publicKey, context.newPub) ? context.existingPub : context.newPub;
  const shared = await x25519(own, peer);
  const aad = concat(transcript(context), u8(secret ? 1 : 0));
  const key = await hkdfSha256(concat(shared, secret ?? new Uint8Array()), utf8(LABELS.linkKey), aad, 32);
  return { key, aad };
}

/**
 * The existing device seals the secrets to the new device: iv ‖ AES-256-GCM(key, iv, 'E2LK' v1 ‖ msk seed ‖
 * backup key?, AAD = transcript ‖ u8(qr)). `secret`: the QR secret when it scanned the code.
 */
export async function sealLinkSecrets(
  own: LinkKeyPair,
  context: LinkContext,
  secret: Uint8Array | undefined,
  content: LinkSecrets,
  random: RandomSource = secureRandom,
): Promise<Uint8Array> {
  const { key, aad } = await sealingKey(own, context, secret);
  const w = new StateWriter().header('E2LK', LINK_VERSION).bytes(content.mskSeed).bool(!!content.backupKey);
  if (content.backupKey) w.bytes(content.backupKey);
  const iv = random(IV_BYTES);
  return concat(iv, await aesGcmSeal(key, iv, aad, w.finish()));
}

/**
 * The new device opens the secrets. Anything that does not authenticate (a key swapped on the way, a wrong or
 * missing QR secret, another link's blob) is `e2e.link_failed`, and nothing of it is used.
 */
export async function openLinkSecrets(
  own: LinkKeyPair,
  context: LinkContext,
  secret: Uint8Array | undefined,
  sealed: Uint8Array,
): Promise<LinkSecrets> {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new E2eCryptoError('e2e.link_failed', 'too short');
  const { key, aad } = await sealingKey(own, context, secret);
  const plain = await aesGcmOpen(key, sealed.subarray(0, IV_BYTES), aad, sealed.subarray(IV_BYTES));
  if (!plain) throw new E2eCryptoError('e2e.link_failed', 'the sealed secrets do not open');
  const r = new StateReader(plain, 'link secrets');
  r.header('E2LK', LINK_VERSION);
  const mskSeed = r.bytes(32);
  const backupKey = r.bool() ? r.bytes(32) : undefined;
  r.end();
  return backupKey ? { mskSeed, backupKey } : { mskSeed };
}
