import { createCipheriv, createPublicKey, hkdfSync, verify as nodeVerify } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { concat, fromHex, fromUtf8, toHex, u32, utf8 } from './bytes.ts';
import { ed25519FromSeed } from './ed25519.ts';
import {
  deriveMessageKey,
  openEnvelope,
  PAD_BLOCK,
  padContent,
  sealEnvelope,
  type Envelope,
  type OpenContext,
} from './envelope.ts';
import { E2eCryptoError, FAILURE_WORDS, type E2eFailureCode } from './errors.ts';
import { counting, fixedRandom } from './test-fixtures.ts';

// Fixed inputs of the known-answer tests: every key, salt and IV is a counting pattern.
const E = counting(32, 0x00);
const SALT = counting(16, 0xa0);
const IV = counting(12, 0xc0);
const DSK_SEED = counting(32, 0x40);
const GID = counting(16, 0x10);
const MSG_ID = '0190a000-0000-7000-8000-000000000001';
const SENDER = { uid: 'u_alice', did: 'd_alice1' };

const KAT = {
  dskPub: '2543b92ff1095511476adc8369db6ddc933665a11978dda1404ee1066ca9559d',
  messageKey: '63249b543b08c1622280d62c2b32978f53415ba7c8b72ca790009fbc0ec2b5fd',
  hdr:
    '{"v":1,"cs":1,"room":"r_kat","gid":"EBESExQVFhcYGRobHB0eHw","epoch":17,"sender":{"uid":"u_alice","did":"d_alice1"},' +
    '"msgId":"0190a000-0000-7000-8000-000000000001","ts":1732240000000,"salt":"oKGio6SlpqeoqaqrrK2urw","iv":"wMHCw8TFxsfIycrL"}',
  sig: '8e0f60ac9b9591d09171227cdd7c01c0375825077c9529789e3d0215d9754417aba3291391d4f6c6b37b087b8e64b6934dccb47d6501ef9aa9bd916357362f0f',
};

async function sealKat(
  overrides: { content?: { type: string; [k: string]: unknown } } = {},
): Promise<Envelope> {
  return sealEnvelope({
    contentKey: E,
    roomId: 'r_kat',
    groupId: GID,
    epoch: 17,
    sender: SENDER,
    signingSeed: DSK_SEED,
    msgId: MSG_ID,
    ts: 1_732_240_000_000,
    content: overrides.content ?? { type: 'text', body: 'hello' },
    random: fixedRandom(SALT, IV),
  });
}

async function context(overrides: Partial<OpenContext> = {}): Promise<OpenContext> {
  const dsk = await ed25519FromSeed(DSK_SEED);
  return {
    roomId: 'r_kat',
    groupId: GID,
    contentKeyFor: (epoch) => (epoch === 17 ? E : undefined),
    senderKeyFor: (uid, did) => (uid === SENDER.uid && did === SENDER.did ? dsk.publicKey : undefined),
    ...overrides,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<E2eFailureCode> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(E2eCryptoError);
  return (error as E2eCryptoError).code;
}

describe('message envelope (design 5.4)', () => {
  test('E2E-7: the per-message key is HKDF-SHA256(E, salt, label ‖ lp(roomId) ‖ u64 epoch ‖ lp(msgId)), known answer', async () => {
    const key = await deriveMessageKey(E, SALT, 'r_kat', 17, MSG_ID);
    expect(toHex(key)).toBe(KAT.messageKey);
    // The same derivation written independently with node:crypto.
    const epoch = new Uint8Array(8);
    new DataView(epoch.buffer).setBigUint64(0, 17n);
    const info = Buffer.concat([
      Buffer.from('im.messenger msg v1'),
      Buffer.from([0, 0, 0, 5]),
      Buffer.from('r_kat'),
      epoch,
      Buffer.from([0, 0, 0, MSG_ID.length]),
      Buffer.from(MSG_ID),
    ]);
    expect(toHex(new Uint8Array(hkdfSync('sha256', E, SALT, info, 32)))).toBe(KAT.messageKey);
    // Every input changes the key.
    for (const other of [
      deriveMessageKey(E, SALT, 'r_kau', 17, MSG_ID),
      deriveMessageKey(E, SALT, 'r_kat', 18, MSG_ID),
      deriveMessageKey(E, SALT, 'r_kat', 17, MSG_ID.replace(/1$/, '2')),
      deriveMessageKey(E, counting(16, 0xa1), 'r_kat', 17, MSG_ID),
      deriveMessageKey(counting(32, 1), SALT, 'r_kat', 17, MSG_ID),
    ]) {
      expect(toHex(await other)).not.toBe(KAT.messageKey);
    }
  });

  test('E2E-7: envelope layout with fixed key, salt, IV and DSK: header bytes, AES-256-GCM ciphertext, signature', async () => {
    const dsk = await ed25519FromSeed(DSK_SEED);
    expect(toHex(dsk.publicKey)).toBe(KAT.dskPub);
    const env = await sealKat();
    expect(fromUtf8(env.hdr)).toBe(KAT.hdr);
    expect(toHex(env.sig)).toBe(KAT.sig);
    // The ciphertext is AES-256-GCM(K, IV, AAD = hdr) of the JSON padded with spaces to 256 bytes.
    const plain = Buffer.alloc(PAD_BLOCK, 0x20);
    plain.write('{"type":"text","body":"hello"}');
    const cipher = createCipheriv('aes-256-gcm', fromHex(KAT.messageKey), IV);
    cipher.setAAD(env.hdr);
    const expected = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    expect(toHex(env.ct)).toBe(expected.toString('hex'));
    expect(env.ct.length).toBe(PAD_BLOCK + 16);
    // The signature is plain Ed25519 over label ‖ u32(len hdr) ‖ hdr ‖ ct, checked by node:crypto.
    const signed = concat(utf8('im.messenger sig v1'), u32(env.hdr.length), env.hdr, env.ct);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), dsk.publicKey]);
    const pub = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(nodeVerify(null, signed, pub, env.sig)).toBe(true);
  });

  test('E2E-7: plaintext is padded to a multiple of 256 bytes and stays JSON', () => {
    for (const n of [0, 200, 226, 227, 500, 5000]) {
      const padded = padContent({ type: 'text', body: 'x'.repeat(n) });
      expect(padded.length % PAD_BLOCK).toBe(0);
      expect(JSON.parse(fromUtf8(padded))).toEqual({ type: 'text', body: 'x'.repeat(n) });
    }
    expect(padContent({ type: 'text', body: '' }).length).toBe(256);
    expect(padContent({ type: 'text', body: 'x'.repeat(990) }).length).toBe(1024);
  });

  test('E2E-8: a sealed message opens to its header and content', async () => {
    const env = await sealKat({ content: { type: 'text', body: '안녕 ✓', mentions: ['u_bob'] } });
    const opened = await openEnvelope(env, await context());
    expect(opened.content).toEqual({ type: 'text', body: '안녕 ✓', mentions: ['u_bob'] });
    expect(opened.header).toMatchObject({ room: 'r_kat', epoch: 17, msgId: MSG_ID, sender: SENDER });
  });

  test('E2E-8: flipping any byte of hdr, ct or sig is refused as e2e.bad_signature, never rendered', async () => {
    const env = await sealKat();
    const ctx = await context();
    for (const part of ['hdr', 'ct', 'sig'] as const) {
      // First, middle and last byte of each part.
      for (const at of [0, Math.floor(env[part].length / 2), env[part].length - 1]) {
        const tampered = { ...env, [part]: new Uint8Array(env[part]) };
        tampered[part][at]! ^= 0x01;
        const code = await failureOf(openEnvelope(tampered, ctx));
        // A flipped header byte can also break its JSON; either way nothing is shown.
        expect(part === 'hdr' ? ['e2e.bad_signature', 'e2e.malformed'] : ['e2e.bad_signature']).toContain(
          code,
        );
      }
    }
    // A truncated signature or ciphertext is refused too.
    expect(await failureOf(openEnvelope({ ...env, sig: env.sig.subarray(0, 63) }, ctx))).toBe(
      'e2e.bad_signature',
    );
    expect(await failureOf(openEnvelope({ ...env, ct: env.ct.subarray(0, 16) }, ctx))).toBe(
      'e2e.bad_signature',
    );
  });

  test('E2E-8: an unknown sender device is refused as e2e.unknown_sender', async () => {
    const env = await sealKat();
    const ctx = await context({ senderKeyFor: () => undefined });
    expect(await failureOf(openEnvelope(env, ctx))).toBe('e2e.unknown_sender');
  });

  test('E2E-8: a signature by another device key is e2e.bad_signature (the sender named in hdr did not sign)', async () => {
    const env = await sealKat();
    const other = await ed25519FromSeed(counting(32, 0x41));
    const ctx = await context({ senderKeyFor: () => other.publicKey });
    expect(await failureOf(openEnvelope(env, ctx))).toBe('e2e.bad_signature');
  });

  test('E2E-8: a message for another room or group is refused as e2e.context_mismatch', async () => {
    const env = await sealKat();
    expect(await failureOf(openEnvelope(env, await context({ roomId: 'r_other' })))).toBe(
      'e2e.context_mismatch',
    );
    expect(await failureOf(openEnvelope(env, await context({ groupId: counting(16, 0x11) })))).toBe(
      'e2e.context_mismatch',
    );
  });

  test('E2E-8: a live message must name the current epoch (a stale one is e2e.epoch_mismatch); history need not', async () => {
    const env = await sealKat();
    expect(await failureOf(openEnvelope(env, await context({ liveEpoch: 18 })))).toBe('e2e.epoch_mismatch');
    expect((await openEnvelope(env, await context({ liveEpoch: 17 }))).content.type).toBe('text');
    expect((await openEnvelope(env, await context())).content.type).toBe('text');
  });

  test('E2E-8: no key for the epoch is e2e.missing_epoch_key; a wrong key for it is e2e.undecryptable', async () => {
    const env = await sealKat();
    expect(await failureOf(openEnvelope(env, await context({ contentKeyFor: () => undefined })))).toBe(
      'e2e.missing_epoch_key',
    );
    expect(
      await failureOf(openEnvelope(env, await context({ contentKeyFor: () => counting(32, 0x01) }))),
    ).toBe('e2e.undecryptable');
  });

  test('E2E-8: a malformed header (bad JSON, wrong version, short IV) is e2e.malformed', async () => {
    const env = await sealKat();
    const ctx = await context();
    const withHeader = (text: string) => openEnvelope({ ...env, hdr: utf8(text) }, ctx);
    expect(await failureOf(withHeader('not json'))).toBe('e2e.malformed');
    expect(await failureOf(withHeader(KAT.hdr.replace('"v":1', '"v":2')))).toBe('e2e.malformed');
    expect(await failureOf(withHeader(KAT.hdr.replace('wMHCw8TFxsfIycrL', 'wMHCw8TFxsfIycr')))).toBe(
      'e2e.malformed',
    );
  });

  test('E2E-8: every failure code has words a person understands', () => {
    for (const words of Object.values(FAILURE_WORDS)) expect(words.length).toBeGreaterThan(20);
  });
});
