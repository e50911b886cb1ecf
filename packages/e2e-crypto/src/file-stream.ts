/**
 * Attachments (design 5.1/5.5): a fresh 256-bit key per file, AES-256-GCM over 1 MiB chunks, nonce = the
 * 96-bit big-endian chunk counter (unique because the key is unique), AAD = label ‖ lp(fileId) ‖ u64 index ‖
 * u8 isLast. That is the STREAM construction: a dropped, reordered, appended or cross-file chunk fails to open.
 */
import { aesGcmOpen, aesGcmSeal } from './aead.ts';
import { concat, lp, u64, u8, utf8 } from './bytes.ts';
import { E2eCryptoError } from './errors.ts';
import { LABELS } from './labels.ts';
import type { RandomSource } from './random.ts';
import { secureRandom } from './random.ts';

/** Plaintext bytes per chunk (the last chunk may be shorter; an empty file is one empty last chunk). */
export const FILE_CHUNK_SIZE = 1024 * 1024;
/** Bytes AES-GCM adds to each chunk. */
export const FILE_TAG_SIZE = 16;

/** A fresh per-file key. */
export function generateFileKey(random: RandomSource = secureRandom): Uint8Array {
  return random(32);
}

/** The 12-byte nonce of chunk `index`. */
export function chunkNonce(index: number): Uint8Array {
  return concat(new Uint8Array(4), u64(index));
}

/** The AAD of one chunk. */
export function chunkAad(fileId: string, index: number, isLast: boolean): Uint8Array {
  return concat(utf8(LABELS.file), lp(utf8(fileId)), u64(index), u8(isLast ? 1 : 0));
}

/** Encrypts one chunk (for streaming uploads). */
export function encryptChunk(
  key: Uint8Array,
  fileId: string,
  index: number,
  isLast: boolean,
  plaintext: Uint8Array,
): Promise<Uint8Array> {
  if (plaintext.length > FILE_CHUNK_SIZE) throw new RangeError('chunk larger than FILE_CHUNK_SIZE');
  return aesGcmSeal(key, chunkNonce(index), chunkAad(fileId, index, isLast), plaintext);
}

/** Decrypts one chunk; `e2e.file_corrupt` if it is not chunk `index` (with that last flag) of this file. */
export async function decryptChunk(
  key: Uint8Array,
  fileId: string,
  index: number,
  isLast: boolean,
  sealed: Uint8Array,
): Promise<Uint8Array> {
  const plain = await aesGcmOpen(key, chunkNonce(index), chunkAad(fileId, index, isLast), sealed);
  if (!plain) throw new E2eCryptoError('e2e.file_corrupt', `chunk ${index}${isLast ? ' (last)' : ''}`);
  return plain;
}

/** Encrypts a whole file into its sealed chunks. */
export async function encryptFile(key: Uint8Array, fileId: string, data: Uint8Array): Promise<Uint8Array[]> {
  const count = Math.max(1, Math.ceil(data.length / FILE_CHUNK_SIZE));
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const part = data.subarray(i * FILE_CHUNK_SIZE, Math.min(data.length, (i + 1) * FILE_CHUNK_SIZE));
    chunks.push(await encryptChunk(key, fileId, i, i === count - 1, part));
  }
  return chunks;
}

/**
 * Decrypts sealed chunks in order. The chunk the caller presents as last must have been sealed as last, and
 * no earlier one may have been: truncation, reordering and extension all fail with `e2e.file_corrupt`.
 */
export async function decryptFile(
  key: Uint8Array,
  fileId: string,
  chunks: Uint8Array[],
): Promise<Uint8Array> {
  if (chunks.length === 0) throw new E2eCryptoError('e2e.file_corrupt', 'no chunks');
  const parts: Uint8Array[] = [];
  for (let i = 0; i < chunks.length; i++) {
    parts.push(await decryptChunk(key, fileId, i, i === chunks.length - 1, chunks[i]!));
  }
  return concat(...parts);
}

/** Splits a stored blob (sealed chunks back to back) into its chunks. */
export function splitSealedFile(blob: Uint8Array): Uint8Array[] {
  const sealedSize = FILE_CHUNK_SIZE + FILE_TAG_SIZE;
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < blob.length; at += sealedSize)
    chunks.push(blob.subarray(at, Math.min(blob.length, at + sealedSize)));
  return chunks.length > 0 ? chunks : [blob];
}
