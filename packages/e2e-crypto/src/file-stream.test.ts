import { createDecipheriv } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { concat, toHex } from './bytes.ts';
import { E2eCryptoError } from './errors.ts';
import {
  chunkAad,
  chunkNonce,
  decryptFile,
  encryptFile,
  FILE_CHUNK_SIZE,
  FILE_TAG_SIZE,
  generateFileKey,
  splitSealedFile,
} from './file-stream.ts';
import { counting, fixedRandom } from './test-fixtures.ts';

const KEY = counting(32, 0x80);
const MiB = FILE_CHUNK_SIZE;

async function corrupt(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toSatisfy(
    (e) => e instanceof E2eCryptoError && e.code === 'e2e.file_corrupt',
  );
}

describe('file chunking, STREAM (design 5.1/5.5)', () => {
  test('E2E-9: known answer: nonce = 96-bit chunk counter, AAD = label ‖ lp(fileId) ‖ u64 index ‖ u8 isLast', async () => {
    expect(toHex(chunkNonce(0))).toBe('000000000000000000000000');
    expect(toHex(chunkNonce(258))).toBe('000000000000000000000102');
    expect(toHex(chunkAad('f_kat', 2, true))).toBe(
      toHex(new TextEncoder().encode('im.messenger file v1')) +
        '00000005' +
        toHex(new TextEncoder().encode('f_kat')) +
        '0000000000000002' +
        '01',
    );
    const [sealed] = await encryptFile(KEY, 'f_kat', Uint8Array.of(1, 2, 3));
    expect(toHex(sealed!)).toBe('7647f58d0ace378fbd1af3a6dcc224f5fd0360');
    // The same chunk opened independently with node:crypto.
    const d = createDecipheriv('aes-256-gcm', KEY, chunkNonce(0));
    d.setAAD(chunkAad('f_kat', 0, true));
    d.setAuthTag(sealed!.subarray(3));
    expect([...Buffer.concat([d.update(sealed!.subarray(0, 3)), d.final()])]).toEqual([1, 2, 3]);
  });

  test('E2E-9: sizes 0, 1, exactly 1 MiB and 1 MiB + 1 round-trip with the expected chunk count', async () => {
    for (const [size, chunks] of [
      [0, 1],
      [1, 1],
      [MiB, 1],
      [MiB + 1, 2],
    ] as const) {
      const data = counting(size, size & 0xff);
      const sealed = await encryptFile(KEY, 'f_sizes', data);
      expect(sealed).toHaveLength(chunks);
      expect(sealed.reduce((n, c) => n + c.length, 0)).toBe(size + chunks * FILE_TAG_SIZE);
      expect(await decryptFile(KEY, 'f_sizes', sealed)).toEqual(data);
      // Stored back to back as one blob, the chunks split again at the sealed chunk size.
      expect(await decryptFile(KEY, 'f_sizes', splitSealedFile(concat(...sealed)))).toEqual(data);
    }
  });

  test('E2E-9: truncation (last chunk dropped), reordering and extension are detected', async () => {
    const data = counting(2 * MiB + 10);
    const sealed = await encryptFile(KEY, 'f_stream', data);
    expect(sealed).toHaveLength(3);
    await corrupt(decryptFile(KEY, 'f_stream', sealed.slice(0, 2)));
    await corrupt(decryptFile(KEY, 'f_stream', [sealed[1]!, sealed[0]!, sealed[2]!]));
    await corrupt(decryptFile(KEY, 'f_stream', [sealed[0]!, sealed[2]!]));
    await corrupt(decryptFile(KEY, 'f_stream', [...sealed, sealed[2]!]));
    const other = await encryptFile(KEY, 'f_stream', counting(10));
    await corrupt(decryptFile(KEY, 'f_stream', [...sealed, other[0]!]));
    await corrupt(decryptFile(KEY, 'f_stream', []));
  });

  test('E2E-9: a chunk moved between files, a flipped byte or a wrong key is detected', async () => {
    const a = await encryptFile(KEY, 'f_a', counting(100));
    const b = await encryptFile(KEY, 'f_b', counting(100));
    await corrupt(decryptFile(KEY, 'f_a', b));
    const flipped = new Uint8Array(a[0]!);
    flipped[50]! ^= 0x80;
    await corrupt(decryptFile(KEY, 'f_a', [flipped]));
    await corrupt(decryptFile(counting(32, 0x81), 'f_a', a));
  });

  test('E2E-9: file keys are 32 random bytes from the injected source', () => {
    expect(generateFileKey(fixedRandom(counting(32, 7)))).toEqual(counting(32, 7));
    expect(generateFileKey()).toHaveLength(32);
    expect(toHex(generateFileKey())).not.toBe(toHex(generateFileKey()));
  });
});
