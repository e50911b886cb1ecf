/**
 * Verification of a person's master key by comparing safety numbers or scanning a QR code (design 5.9,
 * SPEC E2E-80..E2E-82). Users verify users, never devices: a user's devices are trusted through their
 * master key's certificates, so comparing the master keys is enough.
 */
import { buf, bytesEqual, concat, fromB64url, lp, toB64url, u8, utf8 } from './bytes.ts';
import { ed25519Sign, ed25519Verify, type Ed25519KeyPair } from './ed25519.ts';
import { E2eCryptoError } from './errors.ts';
import { LABELS } from './labels.ts';

/** One side of a verification: a user and the master key this device holds for them. */
export interface VerificationParty {
  uid: string;
  /** The user's master signing key (Ed25519 public key, 32 bytes). */
  mskPub: Uint8Array;
}

/** Version byte of the QR payload; a scanner refuses any other. */
const QR_VERSION = 1;
/** Safety number shape: 12 groups of 5 digits, each group from 5 bytes (60 of the 64 fingerprint bytes). */
const GROUPS = 12;
const GROUP_BYTES = 5;

/** fp(u) = SHA-256(label ‖ lp(uid) ‖ mskPub): the uid is length-prefixed so no two (uid, key) pairs collide. */
export async function fingerprint(party: VerificationParty): Promise<Uint8Array> {
  const input = concat(utf8(LABELS.fingerprint), lp(utf8(party.uid)), party.mskPub);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', buf(input)));
}

/** Both fingerprints, ordered by uid, so that both people compute the same bytes whoever asks. */
async function orderedFingerprints(a: VerificationParty, b: VerificationParty): Promise<Uint8Array> {
  const [first, second] = a.uid <= b.uid ? [a, b] : [b, a];
  return concat(await fingerprint(first), await fingerprint(second));
}

/**
 * The safety number of two users: 12 groups of 5 digits (each 5 bytes of the ordered fingerprints as a
 * big-endian integer mod 100000, zero-padded). The same for both sides; a different key gives another number.
 */
export async function safetyNumber(a: VerificationParty, b: VerificationParty): Promise<string[]> {
  const bytes = await orderedFingerprints(a, b);
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let value = 0;
    // 5 bytes are at most 2^40, well inside a safe integer.
    for (let i = 0; i < GROUP_BYTES; i++) value = value * 256 + bytes[g * GROUP_BYTES + i]!;
    groups.push(String(value % 100_000).padStart(5, '0'));
  }
  return groups;
}

/** The QR payload of two users: base64url(u8(1) ‖ fp(first) ‖ fp(second)), ordered by uid like the number. */
export async function verificationCode(a: VerificationParty, b: VerificationParty): Promise<string> {
  return toB64url(concat(u8(QR_VERSION), await orderedFingerprints(a, b)));
}

/**
 * Whether a scanned QR payload is the one this device computes for the same two users from the keys it
 * holds: true means both devices hold the same master keys. A payload that is not one of ours (wrong
 * encoding, length or version) is `e2e.malformed`, so a camera reading some other code is not "mismatch".
 */
export async function checkVerificationCode(
  scanned: string,
  me: VerificationParty,
  them: VerificationParty,
): Promise<boolean> {
  let bytes: Uint8Array;
  try {
    bytes = fromB64url(scanned.trim());
  } catch {
    throw new E2eCryptoError('e2e.malformed', 'verification code is not base64url');
  }
  if (bytes.length !== 1 + 64 || bytes[0] !== QR_VERSION)
    throw new E2eCryptoError('e2e.malformed', 'not a verification code of this version');
  return bytesEqual(bytes.subarray(1), await orderedFingerprints(me, them));
}

/**
 * A verified mark as the user's own devices share it (design 5.9): "`uid` verified `target`'s master key
 * `targetMskPub`", signed by `uid`'s master key. The server stores it and hands it to the user's other devices;
 * it cannot make one, since only the user's master key signs, and a mark for a key since replaced matches no
 * pinned key, so an old mark the server replays verifies nothing.
 */
export interface VerifiedMark {
  uid: string;
  target: string;
  targetMskPub: Uint8Array;
}

const verifiedMarkInput = (mark: VerifiedMark) =>
  concat(utf8(LABELS.verifiedMark), lp(utf8(mark.uid)), lp(utf8(mark.target)), mark.targetMskPub);

/** The master key's signature of a verified mark (64 bytes). */
export async function signVerifiedMark(msk: Ed25519KeyPair, mark: VerifiedMark): Promise<Uint8Array> {
  return ed25519Sign(msk.seed, verifiedMarkInput(mark));
}

/** Whether `sig` is `mskPub`'s signature of the mark; false for any other mark, key or malformed input. */
export async function checkVerifiedMark(
  mskPub: Uint8Array,
  mark: VerifiedMark,
  sig: Uint8Array,
): Promise<boolean> {
  if (mark.targetMskPub.length !== 32) return false;
  return ed25519Verify(mskPub, verifiedMarkInput(mark), sig);
}
