import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { FILE_LIMITS } from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import type { FileStorage } from './file-storage.ts';
import { sniff } from './file-types.ts';
import { makeAvatar } from './images.ts';

/** What a square picture (a profile or room image) may be made from, decided by content. */
const SQUARE_IMAGE_FAMILIES = new Set(['png', 'jpeg', 'gif', 'webp']);

/**
 * Receives an uploaded picture (at most `FILE_LIMITS.avatarMaxBytes`), checks by its bytes that it is a PNG,
 * JPEG, GIF or WebP image, and writes it cropped square in two sizes to `target`; anything else is
 * `upload.image_required`. The received upload is discarded either way.
 */
export async function storeSquareImage(
  storage: FileStorage,
  stream: Readable,
  target: { full: string; thumb: string },
): Promise<void> {
  const received = await storage.receive(stream, FILE_LIMITS.avatarMaxBytes);
  try {
    if (!SQUARE_IMAGE_FAMILIES.has(sniff(received.head))) throw new AppError('upload.image_required');
    await mkdir(path.dirname(target.full), { recursive: true });
    if (!(await makeAvatar(storage.incomingPath(received.id), target.full, target.thumb)))
      throw new AppError('upload.image_required');
  } finally {
    await storage.discardIncoming(received.id);
  }
}
