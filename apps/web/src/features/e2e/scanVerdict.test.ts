import { safetyNumber, verificationCode } from '@messenger/e2e-crypto';
import { describe, expect, it } from 'vitest';
import { scannedVerdict } from './scanVerdict.ts';

const key = (seed: number) => Uint8Array.from({ length: 32 }, (_, i) => (seed + i) % 256);

describe("scanning the other screen's safety number QR code (SPEC E2E-81)", () => {
  it('E2E-81: the same two keys match from either side; a swapped key is a mismatch; another QR is not ours', async () => {
    const me = { uid: 'u_me', mskPub: key(1) };
    const them = { uid: 'u_them', mskPub: key(2) };
    const mine = await verificationCode(me, them);
    const theirs = await verificationCode(them, me);
    expect(mine).toHaveLength(87);
    expect(scannedVerdict(theirs, mine)).toBe('match');
    expect(scannedVerdict(`  ${theirs}\n`, mine)).toBe('match');
    // The server gave one of us another key for the other: both screens show a different code.
    const swapped = await verificationCode(me, { uid: 'u_them', mskPub: key(3) });
    expect(scannedVerdict(swapped, mine)).toBe('mismatch');
    expect(await safetyNumber(me, them)).not.toEqual(
      await safetyNumber(me, { uid: 'u_them', mskPub: key(3) }),
    );
    expect(scannedVerdict('https://example.com/menu', mine)).toBe('not-ours');
    expect(scannedVerdict('', mine)).toBe('not-ours');
  });
});
