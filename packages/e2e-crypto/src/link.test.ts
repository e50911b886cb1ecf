/** Device linking primitives (SPEC E2E-100..E2E-103): the QR payload, the code and the sealed secrets. */
import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from './bytes.ts';
import { E2eCryptoError, type E2eFailureCode } from './errors.ts';
import {
  decodeLinkQr,
  encodeLinkQr,
  generateLinkKeyPair,
  linkCode,
  linkCommitment,
  linkKeyPairFrom,
  openLinkSecrets,
  sealLinkSecrets,
  type LinkContext,
  type LinkKeyPair,
} from './link.ts';
import { counting } from './test-fixtures.ts';

async function refused(promise: Promise<unknown>, code: E2eFailureCode): Promise<void> {
  await expect(promise).rejects.toSatisfy((e) => e instanceof E2eCryptoError && e.code === code);
}

const secrets = { mskSeed: counting(32, 1), backupKey: counting(32, 100) };

/** The two ephemeral pairs of RFC 7748 §6.1 (Alice = new device, Bob = existing device). */
async function rfcPairs(): Promise<{ fresh: LinkKeyPair; existing: LinkKeyPair; context: LinkContext }> {
  const fresh = await linkKeyPairFrom(
    fromHex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'),
  );
  const existing = await linkKeyPairFrom(
    fromHex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'),
  );
  const context = { uid: 'u_anna', linkId: 'l_1', newPub: fresh.publicKey, existingPub: existing.publicKey };
  return { fresh, existing, context };
}

describe('device link crypto', () => {
  test('E2E-100 a key pair from a raw private key has the RFC 7748 public key', async () => {
    const { fresh, existing } = await rfcPairs();
    expect(toHex(fresh.publicKey)).toBe('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
    expect(toHex(existing.publicKey)).toBe(
      'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
    );
  });

  test('E2E-100 the QR payload round-trips and anything else is e2e.link_qr_invalid', async () => {
    const keys = await generateLinkKeyPair();
    const offer = { uid: 'u_anna', linkId: 'lnk_abc', publicKey: keys.publicKey, secret: counting(16) };
    const text = encodeLinkQr(offer);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text.length).toBeLessThan(100);
    expect(decodeLinkQr(text)).toEqual(offer);
    for (const bad of ['', 'not base64!', text.slice(0, -2), `${text}AA`, `B${text.slice(1)}`])
      expect(() => decodeLinkQr(bad)).toThrow(E2eCryptoError);
  });

  test('E2E-101 both devices derive the same 8-digit code (known answer)', async () => {
    const { fresh, existing, context } = await rfcPairs();
    const onNew = await linkCode(fresh, context);
    const onExisting = await linkCode(existing, context);
    expect(onNew).toMatch(/^\d{8}$/);
    expect(onNew).toBe(onExisting);
    // Computed independently (Python hmac: RFC 7748 shared secret, HKDF-SHA256, mod 10^8).
    expect(onNew).toBe('19837748');
  });

  test('E2E-101 the code depends on the user and the link id', async () => {
    const { fresh, context } = await rfcPairs();
    const code = await linkCode(fresh, context);
    expect(await linkCode(fresh, { ...context, uid: 'u_other' })).not.toBe(code);
    expect(await linkCode(fresh, { ...context, linkId: 'l_2' })).not.toBe(code);
  });

  test('E2E-103 a server that swapped a key makes the codes differ and the secrets not open', async () => {
    const fresh = await generateLinkKeyPair();
    const existing = await generateLinkKeyPair();
    const server = await generateLinkKeyPair();
    // The server gives the existing device its own key instead of the new device's, and the other way round.
    const seenByExisting = {
      uid: 'u',
      linkId: 'l',
      newPub: server.publicKey,
      existingPub: existing.publicKey,
    };
    const seenByNew = { uid: 'u', linkId: 'l', newPub: fresh.publicKey, existingPub: server.publicKey };
    expect(await linkCode(existing, seenByExisting)).not.toBe(await linkCode(fresh, seenByNew));
    const sealed = await sealLinkSecrets(existing, seenByExisting, undefined, secrets);
    const real = { ...seenByNew, existingPub: existing.publicKey };
    await refused(openLinkSecrets(fresh, real, undefined, sealed), 'e2e.link_failed');
    // What the server itself can open is only what it was sealed to; the person refuses on a code mismatch.
  });

  test('E2E-102 the sealed secrets open on the new device, with and without a backup key', async () => {
    const { fresh, existing, context } = await rfcPairs();
    const sealed = await sealLinkSecrets(existing, context, undefined, secrets);
    expect(await openLinkSecrets(fresh, context, undefined, sealed)).toEqual(secrets);
    const noBackup = await sealLinkSecrets(existing, context, undefined, { mskSeed: secrets.mskSeed });
    expect(await openLinkSecrets(fresh, context, undefined, noBackup)).toEqual({ mskSeed: secrets.mskSeed });
  });

  test('E2E-103 on the QR path a wrong or missing secret does not open, nor does another link id', async () => {
    const { fresh, existing, context } = await rfcPairs();
    const secret = counting(16, 7);
    const sealed = await sealLinkSecrets(existing, context, secret, secrets);
    expect(await openLinkSecrets(fresh, context, secret, sealed)).toEqual(secrets);
    await refused(openLinkSecrets(fresh, context, counting(16, 8), sealed), 'e2e.link_failed');
    await refused(openLinkSecrets(fresh, context, undefined, sealed), 'e2e.link_failed');
    await refused(openLinkSecrets(fresh, { ...context, linkId: 'l_2' }, secret, sealed), 'e2e.link_failed');
    const flipped = sealed.slice();
    flipped[20]! ^= 1;
    await refused(openLinkSecrets(fresh, context, secret, flipped), 'e2e.link_failed');
  });

  test('E2E-104 the commitment names exactly one key', async () => {
    const { fresh, existing } = await rfcPairs();
    const c = await linkCommitment(fresh.publicKey);
    expect(c).toBe(await linkCommitment(fresh.publicKey));
    expect(c).not.toBe(await linkCommitment(existing.publicKey));
  });
});
