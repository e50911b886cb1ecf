/** Test-only helpers (not exported from index.ts): deterministic randomness and in-memory users/devices. */
import { ed25519FromSeed, generateEd25519, type Ed25519KeyPair } from './ed25519.ts';
import { signDeviceCert, TrustStore } from './identity.ts';
import { MlsDevice } from './mls/device.ts';
import type { RandomSource } from './random.ts';

/** A random source that hands out the given byte strings in order (and fails loudly when it runs out). */
export function fixedRandom(...outputs: Uint8Array[]): RandomSource {
  const queue = [...outputs];
  return (length) => {
    const next = queue.shift();
    if (!next || next.length !== length)
      throw new Error(`fixedRandom: wanted ${length} bytes, next is ${next?.length}`);
    return new Uint8Array(next);
  };
}

/** `length` bytes counting up from `start` (mod 256). */
export function counting(length: number, start = 0): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (start + i) & 0xff);
}

/** A user with an MSK. */
export interface TestUser {
  uid: string;
  msk: Ed25519KeyPair;
  mskVersion: number;
}

/** A fresh user. */
export async function makeUser(uid: string): Promise<TestUser> {
  return { uid, msk: await generateEd25519(), mskVersion: 1 };
}

/** A trust store that has pinned these users' MSKs. */
export function trustOf(...users: TestUser[]): TrustStore {
  const trust = new TrustStore();
  for (const u of users) trust.pin(u.uid, u.msk.publicKey, u.mskVersion);
  return trust;
}

/** A device of `user`, certified by `certifier` (the user's own MSK unless a forgery is wanted). */
export async function makeDevice(
  user: TestUser,
  did: string,
  trust: TrustStore,
  options: { certifier?: Ed25519KeyPair; certifiedDsk?: Uint8Array; dskSeed?: Uint8Array } = {},
): Promise<MlsDevice> {
  const dsk = options.dskSeed ? await ed25519FromSeed(options.dskSeed) : await generateEd25519();
  const cert = await signDeviceCert((options.certifier ?? user.msk).seed, {
    uid: user.uid,
    did,
    dskPub: options.certifiedDsk ?? dsk.publicKey,
    created: 1_760_000_000_000,
    mskVersion: user.mskVersion,
  });
  return MlsDevice.create({ uid: user.uid, did, dsk, cert }, trust);
}
