import { createCipheriv } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { generateDeviceLocalKey, openAtRest, sealAtRest } from './at-rest.ts';
import { buf, concat, fromHex, toHex, u32, utf8 } from './bytes.ts';
import { E2eCryptoError } from './errors.ts';
import { MlsDevice } from './mls/device.ts';
import { decodeSessionState, encodeSessionState } from './session-state.ts';
import { StateReader, StateWriter } from './state-codec.ts';
import { counting, fixedRandom, makeDevice, makeUser, trustOf } from './test-fixtures.ts';

async function malformed(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toSatisfy((e) => e instanceof E2eCryptoError && e.code === 'e2e.malformed');
}

describe('the state codec (SPEC E2E-39)', () => {
  test('E2E-39: fields are big-endian and length-prefixed behind a 4-byte magic and a version byte (known answer)', () => {
    const bytes = new StateWriter()
      .header('E2ET', 1)
      .str('r1')
      .u64(258)
      .bool(true)
      .list([Uint8Array.of(0xaa)], (w, b) => w.bytes(b))
      .finish();
    expect(toHex(bytes)).toBe(
      '45324554' + '01' + '00000002' + '7231' + '0000000000000102' + '01' + '00000001' + '00000001aa',
    );
    const r = new StateReader(bytes, 'test');
    r.header('E2ET', 1);
    expect([r.str(), r.u64(), r.bool(), r.list((r) => toHex(r.bytes()))]).toEqual(['r1', 258, true, ['aa']]);
    expect(() => r.end()).not.toThrow();
  });

  test('E2E-39: a reader refuses another magic or version, a short field, a bad boolean, a huge count and leftover bytes', () => {
    const read = (hex: string, body: (r: StateReader) => unknown) => () => {
      const r = new StateReader(fromHex(hex), 'test');
      r.header('E2ET', 1);
      body(r);
      r.end();
    };
    const refused = (f: () => void, why: string) =>
      expect(f).toThrow(new E2eCryptoError('e2e.malformed', `test: ${why}`));
    refused(
      read('4532455801', () => undefined),
      'not this kind of state',
    );
    refused(
      read('4532455402', () => undefined),
      'unknown version 2',
    );
    refused(
      read('45324554010000000561', (r) => r.str()),
      'truncated',
    );
    refused(
      read('4532455401' + '02', (r) => r.bool()),
      'not a boolean',
    );
    refused(
      read('4532455401' + 'ffffffff', (r) => r.list((r) => r.u8())),
      'count larger than the state',
    );
    refused(
      read('4532455401' + '0000000161' + '00', (r) => r.str()),
      'trailing bytes',
    );
    refused(
      read('4532455401' + '00000002c328', (r) => r.str()),
      'not UTF-8',
    );
  });
});

describe('MlsDevice state (SPEC E2E-39)', () => {
  async function pair() {
    const users = await Promise.all(['u_alice', 'u_bob'].map(makeUser));
    const [alice, bob] = users as [
      Awaited<ReturnType<typeof makeUser>>,
      Awaited<ReturnType<typeof makeUser>>,
    ];
    const aliceDevice = await makeDevice(alice, 'd_alice', trustOf(...users));
    const bobDevice = await makeDevice(bob, 'd_bob', trustOf(...users));
    return { alice, bob, aliceDevice, bobDevice };
  }

  test('E2E-39: a restored device keeps its identity and pins, and joins from a welcome to a key package made before the export', async () => {
    const { bob, aliceDevice, bobDevice } = await pair();
    const kp = await bobDevice.generateKeyPackage();
    await bobDevice.generateKeyPackage({ lastResort: true });
    bobDevice.trust.revoke('u_carol', 'd_carol');
    const state = bobDevice.exportState();
    const restored = await MlsDevice.restore(state);

    expect(restored.identity.uid).toBe('u_bob');
    expect(restored.identity.did).toBe('d_bob');
    expect(toHex(restored.identity.dsk.seed)).toBe(toHex(bobDevice.identity.dsk.seed));
    expect(restored.identity.cert).toEqual(bobDevice.identity.cert);
    expect(restored.trust.pins()).toEqual(bobDevice.trust.pins());
    expect(restored.trust.pinned(bob.uid)?.mskVersion).toBe(1);
    expect(restored.trust.isRevoked('u_carol', 'd_carol')).toBe(true);
    expect(restored.keyPackageCount).toBe(2);
    // Exporting again gives the same bytes: nothing was lost or reordered on the way.
    expect(toHex(restored.exportState())).toBe(toHex(state));

    const group = await aliceDevice.createGroup('r_1');
    const bundle = await group.add([kp]);
    group.merge(bundle);
    const joined = await restored.joinFromWelcome('r_1', bundle.welcome!);
    expect(toHex(await joined.contentKey())).toBe(toHex(await group.contentKey()));
    // The one-shot key package is used up; the last resort one stays.
    expect(restored.keyPackageCount).toBe(1);
    // The original device (not the restored one) never saw the welcome; the restored one is a separate copy.
    expect(bobDevice.keyPackageCount).toBe(2);
  });

  test('E2E-39: every cut of the device state, one extra byte, another version and pieces that do not belong together are e2e.malformed', async () => {
    const { aliceDevice, bobDevice } = await pair();
    await bobDevice.generateKeyPackage();
    const state = bobDevice.exportState();
    for (let n = 0; n < state.length; n++) await malformed(MlsDevice.restore(state.subarray(0, n)));
    await malformed(MlsDevice.restore(concat(state, Uint8Array.of(0))));
    const version = state.slice();
    version[4] = 2;
    await malformed(MlsDevice.restore(version));

    // Field offsets: magic+version (5), uid, did, then the 32-byte seed and public key.
    const uidLen = new DataView(state.buffer, state.byteOffset).getUint32(5);
    const didAt = 5 + 4 + uidLen;
    const didLen = new DataView(state.buffer, state.byteOffset).getUint32(didAt);
    const seedAt = didAt + 4 + didLen + 4;
    const otherSeed = state.slice();
    otherSeed[seedAt]! ^= 1;
    await malformed(MlsDevice.restore(otherSeed));
    const otherPub = state.slice();
    otherPub[seedAt + 32 + 4]! ^= 1;
    await malformed(MlsDevice.restore(otherPub));

    // Bob's certificate and keys under Alice's uid: refused, not a device of a mixed identity.
    const alice = aliceDevice.exportState();
    const aliceUidLen = new DataView(alice.buffer, alice.byteOffset).getUint32(5);
    await malformed(
      MlsDevice.restore(concat(alice.subarray(0, 5 + 4 + aliceUidLen), state.subarray(5 + 4 + uidLen))),
    );
  });

  test('E2E-39: a state whose certificate no longer verifies under the pinned master key is refused', async () => {
    const users = await Promise.all(['u_alice', 'u_bob'].map(makeUser));
    const [alice] = users as [Awaited<ReturnType<typeof makeUser>>];
    const impostor = await makeUser('u_alice');
    // The device's trust store pins an impostor's master key for its own user.
    const device = await makeDevice(alice, 'd_alice', trustOf(impostor));
    await malformed(MlsDevice.restore(device.exportState()));
  });
});

describe('at-rest sealing (SPEC E2E-39)', () => {
  test('E2E-39: the device-local key is AES-GCM 256 and cannot be exported', async () => {
    const key = await generateDeviceLocalKey();
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    expect([...key.usages].sort()).toEqual(['decrypt', 'encrypt']);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  test('E2E-39: sealed is iv (12) ‖ AES-256-GCM ciphertext ‖ tag with the AAD in UTF-8 (known answer against node:crypto)', async () => {
    const raw = counting(32);
    const key = await crypto.subtle.importKey('raw', buf(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
    const iv = counting(12, 100);
    const plaintext = utf8('device state');
    const sealed = await sealAtRest(key, plaintext, 'u_1/d_1', fixedRandom(iv));
    const cipher = createCipheriv('aes-256-gcm', raw, iv);
    cipher.setAAD(utf8('u_1/d_1'));
    const expected = concat(iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag());
    expect(toHex(sealed)).toBe(toHex(expected));
    expect(toHex(await openAtRest(key, sealed, 'u_1/d_1'))).toBe(toHex(plaintext));
    // The AAD may be given as bytes too: a string is its UTF-8.
    expect(toHex(await openAtRest(key, sealed, utf8('u_1/d_1')))).toBe(toHex(plaintext));
  });

  test('E2E-39: each sealing draws a fresh IV, and a wrong key, another AAD, a changed, cut or extended blob are e2e.malformed', async () => {
    const key = await generateDeviceLocalKey();
    const state = concat(u32(7), utf8('the whole session state'));
    const a = await sealAtRest(key, state, 'u_1/d_1');
    const b = await sealAtRest(key, state, 'u_1/d_1');
    expect(toHex(a.subarray(0, 12))).not.toBe(toHex(b.subarray(0, 12)));
    expect(toHex(await openAtRest(key, a, 'u_1/d_1'))).toBe(toHex(state));

    await malformed(openAtRest(await generateDeviceLocalKey(), a, 'u_1/d_1'));
    await malformed(openAtRest(key, a, 'u_1/d_2'));
    for (const at of [0, 11, 12, a.length - 1]) {
      const changed = a.slice();
      changed[at]! ^= 0x80;
      await malformed(openAtRest(key, changed, 'u_1/d_1'));
    }
    await malformed(openAtRest(key, a.subarray(0, a.length - 1), 'u_1/d_1'));
    await malformed(openAtRest(key, concat(a, Uint8Array.of(0)), 'u_1/d_1'));
    await malformed(openAtRest(key, a.subarray(0, 20), 'u_1/d_1'));
  });
});

describe('the session state encoding (SPEC E2E-39)', () => {
  const parts = () => ({
    uid: 'u',
    did: 'd',
    mskSeed: counting(32),
    device: Uint8Array.of(0xde),
    groups: new Map([['r', Uint8Array.of(0x99)]]),
    epochs: new Map([
      ['r', new Map([[3, { contentKey: counting(32, 64), senders: new Map([['u/d', Uint8Array.of(7)]]) }]])],
    ]),
  });

  test('E2E-39: magic E2ES, version 1, uid, did, master seed, device, groups, then per room and epoch the key and senders (known answer)', () => {
    const bytes = encodeSessionState(parts(), 1);
    const lp = (hex: string) => (hex.length / 2).toString(16).padStart(8, '0') + hex;
    expect(toHex(bytes)).toBe(
      '4532455301' +
        lp('75') +
        lp('64') +
        lp(toHex(counting(32))) +
        lp('de') +
        '00000001' +
        lp('72') +
        lp('99') +
        '00000001' +
        lp('72') +
        '00000001' +
        '0000000000000003' +
        lp(toHex(counting(32, 64))) +
        '00000001' +
        lp(toHex(utf8('u/d'))) +
        lp('07'),
    );
    // Version 1 bytes (browsers that saved before recovery existed) still read, as a session without a backup key.
    expect(decodeSessionState(bytes)).toEqual({ ...parts(), backupKey: undefined, backedUp: new Map() });
  });

  test('E2E-67: version 2 appends the backup key and the backed-up epochs per room (known answer)', () => {
    const v1 = toHex(encodeSessionState(parts(), 1));
    const withBackup = {
      ...parts(),
      backupKey: counting(32, 5),
      backedUp: new Map([['r', new Set([3, 4])]]),
    };
    const bytes = encodeSessionState(withBackup);
    const lp = (hex: string) => (hex.length / 2).toString(16).padStart(8, '0') + hex;
    expect(toHex(bytes)).toBe(
      '4532455302' +
        v1.slice(10) +
        '01' +
        lp(toHex(counting(32, 5))) +
        '00000001' +
        lp('72') +
        '00000002' +
        '0000000000000003' +
        '0000000000000004',
    );
    expect(decodeSessionState(bytes)).toEqual(withBackup);
    // Without a backup key: a zero flag and an empty list.
    expect(toHex(encodeSessionState(parts()))).toBe('4532455302' + v1.slice(10) + '00' + '00000000');
    expect(() => decodeSessionState(concat(fromHex('4532455303'), bytes.subarray(5)))).toThrow(
      new E2eCryptoError('e2e.malformed', 'session state: unknown version 3'),
    );
  });

  test('E2E-39: a room or an epoch listed twice, or a content key not of 32 bytes, is e2e.malformed', () => {
    const bytes = encodeSessionState(parts());
    const refused = (b: Uint8Array, why: string) =>
      expect(() => decodeSessionState(b)).toThrow(
        new E2eCryptoError('e2e.malformed', `session state: ${why}`),
      );
    // The groups list: count 1 -> 2 with the same entry again.
    const groupsAt = 5 + 5 + 5 + 36 + 5;
    const entry = bytes.subarray(groupsAt + 4, groupsAt + 4 + 5 + 5);
    const twice = concat(
      bytes.subarray(0, groupsAt),
      u32(2),
      entry,
      entry,
      bytes.subarray(groupsAt + 4 + 10),
    );
    refused(twice, 'a room twice');
    // Same for an epoch: rebuild with two epochs, then make the second one's number equal the first.
    const two = parts();
    two.epochs.get('r')!.set(4, { contentKey: counting(32), senders: new Map() });
    const encoded = encodeSessionState(two);
    const at = toHex(encoded).lastIndexOf('0000000000000004') / 2;
    const same = encoded.slice();
    same[at + 7] = 3;
    refused(same, 'an epoch twice');
    const shortKey = parts();
    shortKey.epochs.get('r')!.get(3)!.contentKey = counting(31);
    refused(encodeSessionState(shortKey), 'field of 31 bytes, 32 expected');
  });
});
