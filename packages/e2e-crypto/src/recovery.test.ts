import { describe, expect, test } from 'vitest';
import { fromHex, toHex } from './bytes.ts';
import { E2eCryptoError, type E2eFailureCode } from './errors.ts';
import {
  formatRecoveryKey,
  generateRecoveryKey,
  openHistoryEntry,
  openSecretStore,
  parseRecoveryKey,
  sealHistoryEntry,
  sealSecretStore,
  secretStoreKey,
  type HistoryEntryContext,
} from './recovery.ts';
import { counting, fixedRandom } from './test-fixtures.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

async function refused(promise: Promise<unknown>, code: E2eFailureCode): Promise<void> {
  await expect(promise).rejects.toSatisfy((e) => e instanceof E2eCryptoError && e.code === code);
}

function refusedSync(f: () => unknown, code: E2eFailureCode): void {
  expect(f).toThrow(E2eCryptoError);
  try {
    f();
  } catch (e) {
    expect((e as E2eCryptoError).code).toBe(code);
  }
}

describe('the recovery key text (SPEC E2E-60)', () => {
  test('E2E-60: 32 bytes read as Crockford base32 in groups of 4 with a 2-symbol checksum (known answer)', () => {
    const text = formatRecoveryKey(counting(32));
    expect(text).toBe('000G 40R4 0M30 E209 185G R38E 1W81 24GK 2GAH C5RR 34D1 P70X 3RFG 4H');
    expect(toHex(parseRecoveryKey(text))).toBe(toHex(counting(32)));
  });

  test('E2E-60: a random key round-trips, typed in lower case, without spaces, with dashes, O for 0 and l for 1', () => {
    for (let i = 0; i < 50; i++) {
      const key = generateRecoveryKey();
      const text = formatRecoveryKey(key);
      expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{4} ){13}[0-9A-HJKMNP-TV-Z]{2}$/);
      const sloppy = text
        .toLowerCase()
        .replace(/ /g, i % 2 ? '-' : '')
        .replace(/0/g, 'o')
        .replace(/1/g, 'l');
      expect(toHex(parseRecoveryKey(sloppy))).toBe(toHex(key));
    }
  });

  test('E2E-60: every single mistyped symbol and every swap of two different neighbours is caught', () => {
    const text = formatRecoveryKey(fromHex('f3'.repeat(16) + '5a'.repeat(16))).replace(/ /g, '');
    for (let at = 0; at < text.length; at++) {
      for (const c of ALPHABET) {
        if (c === text[at]) continue;
        const typo = text.slice(0, at) + c + text.slice(at + 1);
        refusedSync(() => parseRecoveryKey(typo), 'e2e.recovery_key_invalid');
      }
      if (at + 1 < text.length && text[at] !== text[at + 1]) {
        const swapped = text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
        refusedSync(() => parseRecoveryKey(swapped), 'e2e.recovery_key_invalid');
      }
    }
  });

  test('E2E-60: a missing or extra symbol, or a letter outside the alphabet, is not a recovery key', () => {
    const text = formatRecoveryKey(counting(32));
    refusedSync(() => parseRecoveryKey(text.slice(0, -1)), 'e2e.recovery_key_invalid');
    refusedSync(() => parseRecoveryKey(text + '0'), 'e2e.recovery_key_invalid');
    refusedSync(() => parseRecoveryKey('U' + text.slice(1)), 'e2e.recovery_key_invalid');
    refusedSync(() => parseRecoveryKey(''), 'e2e.recovery_key_invalid');
  });
});

describe('the secret store (SPEC E2E-61)', () => {
  const content = { mskSeed: counting(32, 100), backupKey: counting(32, 200), created: 1_760_000_000_000 };

  test('E2E-61: SSK = HKDF-SHA256(RK, "im.messenger ssk v1", uid) and the sealed store is fixed by its inputs (known answer)', async () => {
    const ssk = await secretStoreKey(counting(32), 'u1');
    expect(toHex(ssk)).toBe('21b3ae6dafe38eaa0253cbad498b9837a696c2f514fe1122a9cf8de28728dc71');
    const blob = await sealSecretStore(ssk, 'u1', 1, content, fixedRandom(counting(12, 50)));
    expect(toHex(blob)).toBe(
      '32333435363738393a3b3c3db7914011be943287b2d6a7be566e4d145d6e1b3bb0584b7c80e607cd8cd373e93d5e324b' +
        '189b6ea43c9e86091fcfc2a483fceb4c1851e007399d50f612ce50f2d39c05fd6db93171463f069cff1aeeafa5a66e9c' +
        'cf78b3ff48e64195426cbca30ebcb08d6b',
    );
    expect(await openSecretStore(ssk, 'u1', 1, blob)).toEqual(content);
    // Another user's key from the same RK differs: the uid is the HKDF info.
    expect(toHex(await secretStoreKey(counting(32), 'u2'))).not.toBe(toHex(ssk));
  });

  test('E2E-61: a wrong recovery key, another user or another version does not open it', async () => {
    const rk = generateRecoveryKey();
    const ssk = await secretStoreKey(rk, 'u1');
    const blob = await sealSecretStore(ssk, 'u1', 2, content);
    const wrongRk = await secretStoreKey(generateRecoveryKey(), 'u1');
    await refused(openSecretStore(wrongRk, 'u1', 2, blob), 'e2e.recovery_key_wrong');
    await refused(openSecretStore(ssk, 'u2', 2, blob), 'e2e.recovery_key_wrong');
    await refused(openSecretStore(ssk, 'u1', 1, blob), 'e2e.recovery_key_wrong');
    const flipped = blob.slice();
    flipped[20]! ^= 1;
    await refused(openSecretStore(ssk, 'u1', 2, flipped), 'e2e.recovery_key_wrong');
    await refused(openSecretStore(ssk, 'u1', 2, blob.subarray(0, 20)), 'e2e.malformed');
  });
});

describe('history entries (SPEC E2E-62)', () => {
  const at: HistoryEntryContext = { uid: 'u1', roomId: 'r1', groupId: counting(16, 7), epoch: 3 };
  const keys = { contentKey: counting(32, 9), senders: new Map([['u1/d1', counting(32, 1)]]) };

  test('E2E-62: an entry is AES-256-GCM under BK with the user, room, group and epoch in its AAD (known answer)', async () => {
    const blob = await sealHistoryEntry(counting(32, 200), at, keys, fixedRandom(counting(12, 60)));
    expect(toHex(blob)).toBe(
      '3c3d3e3f4041424344454647a81a48c4325dd152f2585d1a11e47d12f2139d3a04d412fb15d8fb86650e71a0eb30d637' +
        '58824c60a302e00df6cb67a2e3b81e517338626e76d80779326de6f6ae12ddb7b8d67ef991851ee0e2c16c34905735' +
        '565df653f647c48cfa397138c81444db3872a43eb13bf7',
    );
    expect(await openHistoryEntry(counting(32, 200), at, blob)).toEqual(keys);
  });

  test('E2E-62: an entry moved to another user, room, group or epoch, or under another backup key, is refused', async () => {
    const bk = generateRecoveryKey();
    const blob = await sealHistoryEntry(bk, at, keys);
    for (const moved of [
      { ...at, uid: 'u2' },
      { ...at, roomId: 'r2' },
      { ...at, groupId: counting(16, 8) },
      { ...at, epoch: 4 },
    ])
      await refused(openHistoryEntry(bk, moved, blob), 'e2e.backup_entry_rejected');
    await refused(openHistoryEntry(generateRecoveryKey(), at, blob), 'e2e.backup_entry_rejected');
    await refused(openHistoryEntry(bk, at, blob.subarray(0, 10)), 'e2e.backup_entry_rejected');
  });
});
