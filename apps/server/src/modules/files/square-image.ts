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
 * JPEG, GIF or WebP image, and writes it cropped square in two sizes to the incoming folder; anything else is
 * `upload.image_required`. The received upload is discarded either way. Returns the staged id, for
 * `FileStorage.placeImage` inside the transaction that gives the image its version.
 */
export async function stageSquareImage(storage: FileStorage, stream: Readable): Promise<string> {
  const received = await storage.receive(stream, FILE_LIMITS.avatarMaxBytes);
  try {
    if (!SQUARE_IMAGE_FAMILIES.has(sniff(received.head))) throw new AppError('upload.image_required');
    const made = await makeAvatar(
      storage.incomingPath(received.id),
      storage.stagedImagePath(received.id, 'full'),
      storage.stagedImagePath(received.id, 'thumb'),
    );
    if (!made) throw new AppError('upload.image_required');
    return received.id;
  } catch (err) {
    await storage.discardStagedImage(received.id);
    throw err;
  } finally {
    await storage.discardIncoming(received.id);
  }
}
