import { describe, expect, test } from 'vitest';
import { fromUtf8, toB64url } from './bytes.ts';
import { generateEd25519 } from './ed25519.ts';
import { E2eCryptoError } from './errors.ts';
import {
  decodeCredentialIdentity,
  encodeCredentialIdentity,
  signDeviceCert,
  TrustStore,
  type SignedDeviceCert,
} from './identity.ts';
import { makeUser, trustOf } from './test-fixtures.ts';

async function rejected(promise: Promise<unknown>, code = 'e2e.credential_rejected'): Promise<void> {
  await expect(promise).rejects.toSatisfy((e) => e instanceof E2eCryptoError && e.code === code);
}

describe('device certificates and our authentication service (design 5.2)', () => {
  test('E2E-2: a certificate is canonical JSON {v, uid, did, dskPub, created, mskVersion}; the credential is u32 len ‖ cert ‖ sig', async () => {
    const alice = await makeUser('u_alice');
    const dsk = await generateEd25519();
    const signed = await signDeviceCert(alice.msk.seed, {
      uid: 'u_alice',
      did: 'd_1',
      dskPub: dsk.publicKey,
      created: 1_760_000_000_000,
      mskVersion: 1,
    });
    expect(fromUtf8(signed.certBytes)).toBe(
      `{"v":1,"uid":"u_alice","did":"d_1","dskPub":"${toB64url(dsk.publicKey)}","created":1760000000000,"mskVersion":1}`,
    );
    const identity = encodeCredentialIdentity(signed);
    expect(identity.length).toBe(4 + signed.certBytes.length + 64);
    expect(decodeCredentialIdentity(identity)).toEqual(signed);
    expect(await trustOf(alice).validate(identity, dsk.publicKey)).toEqual(signed.cert);
  });

  test('E2E-2: the AS rejects a cert signed by another MSK, a DSK that is not the leaf key, an unpinned user, a revoked device', async () => {
    const alice = await makeUser('u_alice');
    const mallory = await makeUser('u_mallory');
    const dsk = await generateEd25519();
    const fields = { uid: 'u_alice', did: 'd_1', dskPub: dsk.publicKey, created: 1, mskVersion: 1 };
    const good = encodeCredentialIdentity(await signDeviceCert(alice.msk.seed, fields));
    const forged = encodeCredentialIdentity(await signDeviceCert(mallory.msk.seed, fields));
    const trust = trustOf(alice);
    await rejected(trust.validate(forged, dsk.publicKey));
    await rejected(trust.validate(good, (await generateEd25519()).publicKey));
    await rejected(new TrustStore().validate(good, dsk.publicKey));
    await rejected(
      trust.validate(
        encodeCredentialIdentity(await signDeviceCert(alice.msk.seed, { ...fields, mskVersion: 2 })),
        dsk.publicKey,
      ),
    );
    trust.revoke('u_alice', 'd_1');
    await rejected(trust.validate(good, dsk.publicKey));
  });

  test('E2E-2: a non-canonical or truncated credential is rejected', async () => {
    const alice = await makeUser('u_alice');
    const dsk = await generateEd25519();
    const signed = await signDeviceCert(alice.msk.seed, {
      uid: 'u_alice',
      did: 'd_1',
      dskPub: dsk.publicKey,
      created: 1,
      mskVersion: 1,
    });
    const spaced: SignedDeviceCert = {
      ...signed,
      certBytes: new TextEncoder().encode(fromUtf8(signed.certBytes).replace(',', ', ')),
    };
    expect(() => decodeCredentialIdentity(encodeCredentialIdentity(spaced))).toThrow(E2eCryptoError);
    expect(() => decodeCredentialIdentity(encodeCredentialIdentity(signed).subarray(0, 50))).toThrow(
      E2eCryptoError,
    );
  });

  test('E2E-2: a pinned master key that changes is never accepted silently (e2e.identity_changed)', async () => {
    const alice = await makeUser('u_alice');
    const trust = new TrustStore();
    expect(trust.pin('u_alice', alice.msk.publicKey, 1)).toBe('pinned');
    expect(trust.pin('u_alice', alice.msk.publicKey, 1)).toBe('unchanged');
    const other = await generateEd25519();
    expect(() => trust.pin('u_alice', other.publicKey, 1)).toThrow(
      expect.objectContaining({ code: 'e2e.identity_changed' }),
    );
    expect(() => trust.pin('u_alice', other.publicKey, 2)).toThrow(
      expect.objectContaining({ code: 'e2e.identity_changed' }),
    );
    expect(trust.pinned('u_alice')!.mskPub).toEqual(alice.msk.publicKey);
  });
});
