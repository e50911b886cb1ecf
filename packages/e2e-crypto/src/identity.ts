/**
 * Identities (design 5.2): a user's master signing key (MSK) certifies each of the user's devices; the
 * device certificate plus its signature is the device's MLS credential; our own authentication service
 * accepts a credential only if it verifies under the MSK pinned for that user, names the leaf's signature
 * key, and is not revoked.
 */
import { bytesEqual, concat, fromB64url, fromUtf8, lp, toB64url, u32, utf8 } from './bytes.ts';
import { ed25519Sign, ed25519Verify } from './ed25519.ts';
import { E2eCryptoError } from './errors.ts';
import { LABELS } from './labels.ts';

/** The certified facts about one device. */
export interface DeviceCert {
  /** Format version (1). */
  v: number;
  uid: string;
  did: string;
  /** The device signing key (DSK, Ed25519, also its MLS leaf signature key), base64url. */
  dskPub: string;
  /** When the MSK signed it, ms since the epoch. */
  created: number;
  /** Version of the user's MSK that signed it. */
  mskVersion: number;
}

/** A device certificate with its MSK signature. */
export interface SignedDeviceCert {
  cert: DeviceCert;
  /** Canonical bytes of `cert` (what was signed). */
  certBytes: Uint8Array;
  /** Ed25519 signature by the MSK over label ‖ lp(certBytes). */
  sig: Uint8Array;
}

/** Canonical bytes of a certificate: UTF-8 JSON with this fixed key order and no whitespace. */
export function canonicalCertBytes(cert: DeviceCert): Uint8Array {
  const { v, uid, did, dskPub, created, mskVersion } = cert;
  return utf8(JSON.stringify({ v, uid, did, dskPub, created, mskVersion }));
}

function certSignatureInput(certBytes: Uint8Array): Uint8Array {
  return concat(utf8(LABELS.deviceCert), lp(certBytes));
}

/** Signs a device certificate with the user's MSK seed. */
export async function signDeviceCert(
  mskSeed: Uint8Array,
  fields: { uid: string; did: string; dskPub: Uint8Array; created: number; mskVersion: number },
): Promise<SignedDeviceCert> {
  const cert: DeviceCert = { v: 1, ...fields, dskPub: toB64url(fields.dskPub) };
  const certBytes = canonicalCertBytes(cert);
  return { cert, certBytes, sig: await ed25519Sign(mskSeed, certSignatureInput(certBytes)) };
}

/** The MLS BasicCredential identity of a device: u32(len certBytes) ‖ certBytes ‖ 64-byte signature. */
export function encodeCredentialIdentity(signed: SignedDeviceCert): Uint8Array {
  return concat(u32(signed.certBytes.length), signed.certBytes, signed.sig);
}

/** Parses a credential identity; `e2e.credential_rejected` if it is not exactly one canonical certificate. */
export function decodeCredentialIdentity(identity: Uint8Array): SignedDeviceCert {
  const fail = (why: string) => new E2eCryptoError('e2e.credential_rejected', why);
  if (identity.length < 4 + 64) throw fail('too short');
  const len = new DataView(identity.buffer, identity.byteOffset, identity.byteLength).getUint32(0);
  if (identity.length !== 4 + len + 64) throw fail('length');
  const certBytes = identity.slice(4, 4 + len);
  let cert: DeviceCert;
  try {
    cert = JSON.parse(fromUtf8(certBytes)) as DeviceCert;
  } catch {
    throw fail('not JSON');
  }
  const ok =
    cert !== null &&
    typeof cert === 'object' &&
    cert.v === 1 &&
    typeof cert.uid === 'string' &&
    typeof cert.did === 'string' &&
    typeof cert.dskPub === 'string' &&
    Number.isSafeInteger(cert.created) &&
    Number.isSafeInteger(cert.mskVersion);
  // Only the canonical encoding is accepted, so one certificate has exactly one credential.
  if (!ok || !bytesEqual(canonicalCertBytes(cert), certBytes)) throw fail('not canonical');
  return { cert, certBytes, sig: identity.slice(4 + len) };
}

/** A user's pinned master key. */
export interface PinnedMsk {
  mskPub: Uint8Array;
  mskVersion: number;
}

/**
 * What this device trusts: the MSK pinned per user (trust on first use, or verified) and the revoked
 * devices. A different MSK for a pinned user is never accepted silently: `pin` throws `e2e.identity_changed`.
 */
export class TrustStore {
  readonly #pins = new Map<string, PinnedMsk>();
  readonly #revoked = new Set<string>();

  /** Pins `uid`'s MSK on first sight; same key again is fine; a different key throws `e2e.identity_changed`. */
  pin(uid: string, mskPub: Uint8Array, mskVersion: number): 'pinned' | 'unchanged' {
    const known = this.#pins.get(uid);
    if (!known) {
      this.#pins.set(uid, { mskPub: new Uint8Array(mskPub), mskVersion });
      return 'pinned';
    }
    if (known.mskVersion === mskVersion && bytesEqual(known.mskPub, mskPub)) return 'unchanged';
    throw new E2eCryptoError('e2e.identity_changed', uid);
  }

  /**
   * Replaces a user's pinned MSK after the person accepted (or verified) their identity change; only
   * `E2eSession.acceptIdentity` calls it, never a server answer by itself.
   */
  replace(uid: string, mskPub: Uint8Array, mskVersion: number): void {
    this.#pins.set(uid, { mskPub: new Uint8Array(mskPub), mskVersion });
  }

  /** The pinned MSK of a user, if any. */
  pinned(uid: string): PinnedMsk | undefined {
    return this.#pins.get(uid);
  }

  /** Every pinned master key, by user (what the device state keeps at rest, SPEC E2E-39). */
  pins(): { uid: string; mskPub: Uint8Array; mskVersion: number }[] {
    return [...this.#pins].map(([uid, p]) => ({ uid, mskPub: p.mskPub, mskVersion: p.mskVersion }));
  }

  /** Every device marked as revoked. */
  revokedDevices(): { uid: string; did: string }[] {
    return [...this.#revoked].map((key) => {
      const [uid, did] = key.split('\u0000') as [string, string];
      return { uid, did };
    });
  }

  /** Marks a device as revoked (from the MSK-signed revocation list). */
  revoke(uid: string, did: string): void {
    this.#revoked.add(`${uid}\u0000${did}`);
  }

  /** Whether a device is revoked. */
  isRevoked(uid: string, did: string): boolean {
    return this.#revoked.has(`${uid}\u0000${did}`);
  }

  /**
   * Validates a credential identity against the leaf's signature key. Returns the certificate, or throws
   * `e2e.credential_rejected` (unpinned user, wrong MSK or version, DSK mismatch, revoked).
   */
  async validate(identity: Uint8Array, signaturePublicKey: Uint8Array): Promise<DeviceCert> {
    const signed = decodeCredentialIdentity(identity);
    const { cert } = signed;
    const pin = this.#pins.get(cert.uid);
    const fail = (why: string) =>
      new E2eCryptoError('e2e.credential_rejected', `${cert.uid}/${cert.did}: ${why}`);
    if (!pin) throw fail('no pinned master key');
    if (pin.mskVersion !== cert.mskVersion) throw fail('master key version');
    if (!(await ed25519Verify(pin.mskPub, certSignatureInput(signed.certBytes), signed.sig)))
      throw fail('signature');
    let dsk: Uint8Array;
    try {
      dsk = fromB64url(cert.dskPub);
    } catch {
      throw fail('dsk encoding');
    }
    if (!bytesEqual(dsk, signaturePublicKey)) throw fail('device key differs from the leaf signature key');
    if (this.isRevoked(cert.uid, cert.did)) throw fail('revoked');
    return cert;
  }
}
