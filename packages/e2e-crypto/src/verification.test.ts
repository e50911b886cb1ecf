import { describe, expect, test } from 'vitest';
import { toB64url, toHex } from './bytes.ts';
import { ed25519FromSeed, generateEd25519 } from './ed25519.ts';
import { E2eCryptoError } from './errors.ts';
import {
  checkVerificationCode,
  checkVerifiedMark,
  fingerprint,
  safetyNumber,
  signVerifiedMark,
  verificationCode,
} from './verification.ts';

// Fixed inputs: the answers below were computed independently (Python hashlib) from the formula of design 5.9.
const alice = { uid: 'u_alice', mskPub: Uint8Array.from({ length: 32 }, (_, i) => i) };
const bob = { uid: 'u_bob', mskPub: Uint8Array.from({ length: 32 }, (_, i) => 32 + i) };

describe('safety numbers and verification codes (design 5.9)', () => {
  test('E2E-80: fp(u) = SHA-256("im.messenger fp v1" ‖ lp(uid) ‖ mskPub), known answers', async () => {
    expect(toHex(await fingerprint(alice))).toBe(
      '03eaaee311cf15ae475ba3c7bb41a722f5b5fa9d28879f938ddcc2d56a143e43',
    );
    expect(toHex(await fingerprint(bob))).toBe(
      'ecbc8cf1d1ac256bc72d0caf036341ecbca675775444ec3aea6aa4086271ce45',
    );
  });

  test('E2E-80: the safety number is 12 groups of 5 digits, known answer, the same from both sides', async () => {
    const expected = [
      '31825',
      '73339',
      '07271',
      '32157',
      '73997',
      '71348',
      '60588',
      '38251',
      '97859',
      '96134',
      '85004',
      '60520',
    ];
    expect(await safetyNumber(alice, bob)).toEqual(expected);
    expect(await safetyNumber(bob, alice)).toEqual(expected);
  });

  test('E2E-80: another master key (even one bit) or another uid gives another number', async () => {
    const base = await safetyNumber(alice, bob);
    const flipped = new Uint8Array(bob.mskPub);
    flipped[31] = 63 ^ 0x01;
    const changed = await safetyNumber(alice, { uid: 'u_bob', mskPub: flipped });
    expect(changed).not.toEqual(base);
    // Only the groups from Bob's fingerprint change; Alice's half (the first 32 bytes) stays.
    expect(changed.slice(0, 6)).toEqual(base.slice(0, 6));
    expect(changed.slice(6)).toEqual(['35987', '82558', '88197', '78171', '34766', '73886']);
    expect(await safetyNumber(alice, { uid: 'u_bob2', mskPub: bob.mskPub })).not.toEqual(base);
    // Random real keys: always 12 zero-padded 5-digit groups.
    const k = await generateEd25519();
    const n = await safetyNumber(alice, { uid: 'u_carol', mskPub: k.publicKey });
    expect(n).toHaveLength(12);
    for (const g of n) expect(g).toMatch(/^\d{5}$/);
  });

  test('E2E-81: the QR payload is base64url(1 ‖ fp ‖ fp) ordered by uid; a scan matches only the same keys', async () => {
    const code = await verificationCode(alice, bob);
    expect(code).toBe(
      'AQPqruMRzxWuR1ujx7tBpyL1tfqdKIefk43cwtVqFD5D7LyM8dGsJWvHLQyvA2NB7LymdXdUROw66mqkCGJxzkU',
    );
    expect(await verificationCode(bob, alice)).toBe(code);
    // Bob scans Alice's screen: same keys on both sides -> match.
    expect(await checkVerificationCode(code, bob, alice)).toBe(true);
    // The server gave Bob another key for Alice: the scan does not match.
    const mallory = await generateEd25519();
    expect(await checkVerificationCode(code, bob, { uid: 'u_alice', mskPub: mallory.publicKey })).toBe(false);
    // A code for another pair of people does not match either.
    expect(await checkVerificationCode(code, bob, { uid: 'u_carol', mskPub: alice.mskPub })).toBe(false);
  });

  test('E2E-81: something that is not our code (other text, length or version) is e2e.malformed', async () => {
    const bytes = new Uint8Array(65);
    const bad = [
      'https://example.com/',
      toB64url(bytes.subarray(1)),
      toB64url(Uint8Array.of(2, ...bytes.subarray(1))),
    ];
    for (const scanned of bad)
      await expect(checkVerificationCode(scanned, alice, bob)).rejects.toSatisfy(
        (e) => e instanceof E2eCryptoError && e.code === 'e2e.malformed',
      );
  });
});

describe("verified marks shared with the user's own devices (design 5.9)", () => {
  const mark = { uid: alice.uid, target: bob.uid, targetMskPub: bob.mskPub };

  test("E2E-89: the mark is the master key's Ed25519 signature of label ‖ lp(uid) ‖ lp(target) ‖ key, known answer", async () => {
    const msk = await ed25519FromSeed(Uint8Array.from({ length: 32 }, (_, i) => 64 + i));
    const sig = await signVerifiedMark(msk, mark);
    // Computed independently (Python cryptography's Ed25519) from the same input.
    expect(toHex(sig)).toBe(
      '65745ef1a48250ca3affbca731e24baf4811ea9d38976c3c3485126d7a08165f89de6221c0e6ba09e422e80a4ebc38f673e0dcc3076fc36027b6bc11e6e0b20b',
    );
    expect(await checkVerifiedMark(msk.publicKey, mark, sig)).toBe(true);
  });

  test('E2E-89: a mark does not hold for another key, person, signer, or a flipped byte', async () => {
    const msk = await generateEd25519();
    const other = await generateEd25519();
    const sig = await signVerifiedMark(msk, mark);
    expect(await checkVerifiedMark(msk.publicKey, { ...mark, targetMskPub: alice.mskPub }, sig)).toBe(false);
    expect(await checkVerifiedMark(msk.publicKey, { ...mark, target: 'u_carol' }, sig)).toBe(false);
    expect(await checkVerifiedMark(msk.publicKey, { ...mark, uid: 'u_carol' }, sig)).toBe(false);
    expect(await checkVerifiedMark(other.publicKey, mark, sig)).toBe(false);
    const flipped = sig.slice();
    flipped[10]! ^= 1;
    expect(await checkVerifiedMark(msk.publicKey, mark, flipped)).toBe(false);
    expect(await checkVerifiedMark(msk.publicKey, mark, sig.subarray(1))).toBe(false);
  });
});
