import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../app-error.ts';
import { SNIFF_BYTES } from './file-types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Thrown inside the pipeline when the stream passes the limit. */
class TooLargeError extends Error {}

/** The multipart reader's own limit, or its truncation of a stream that passed it. */
function isOverLimit(err: unknown, source: Readable): boolean {
  return (
    err instanceof TooLargeError ||
    (err as { code?: string } | null)?.code === 'FST_REQ_FILE_TOO_LARGE' ||
    (source as { truncated?: boolean }).truncated === true
  );
}

/** A file received into the incoming folder. */
export interface Received {
  id: string;
  size: number;
  sha256: string;
  /** The first bytes, for type detection. */
  head: Buffer;
}

/**
 * Bytes on disk. Every path is built from a UUID the server made, checked here, so no client input ever
 * becomes part of a path (FILE-5). Incoming files (being received, or quarantined until scanned) live apart
 * from released ones.
 */
export class FileStorage {
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'files');
  }

  private static checked(id: string): string {
    if (!UUID.test(id)) throw new Error(`not a file id: ${id}`);
    return id;
  }

  incomingPath(id: string): string {
    return path.join(this.root, 'incoming', FileStorage.checked(id));
  }

  objectPath(id: string): string {
    const safe = FileStorage.checked(id);
    return path.join(this.root, 'objects', safe.slice(0, 2), safe);
  }

  thumbPath(id: string): string {
    return `${this.objectPath(id)}.thumb.webp`;
  }

  avatarPath(userId: string, size: 'full' | 'thumb'): string {
    return path.join(this.root, 'avatars', `${FileStorage.checked(userId)}.${size}.webp`);
  }

  roomImagePath(roomId: string, size: 'full' | 'thumb'): string {
    return path.join(this.root, 'rooms', `${FileStorage.checked(roomId)}.${size}.webp`);
  }

  /** Removes a room's image in both sizes (missing is fine). */
  async removeRoomImage(roomId: string): Promise<void> {
    await rm(this.roomImagePath(roomId, 'full'), { force: true });
    await rm(this.roomImagePath(roomId, 'thumb'), { force: true });
  }

  /** Removes a user's profile image in both sizes (missing is fine). */
  async removeAvatar(userId: string): Promise<void> {
    await rm(this.avatarPath(userId, 'full'), { force: true });
    await rm(this.avatarPath(userId, 'thumb'), { force: true });
  }

  /**
   * Every stored object (released file or preview) and room image, by the id in its name, with the newest
   * modification time among its files: the orphan sweep compares these with the database (ADM-7).
   */
  async storedIds(kind: 'objects' | 'rooms'): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    const base = path.join(this.root, kind);
    const dirs = kind === 'objects' ? await readdir(base).catch(() => [] as string[]) : ['.'];
    for (const dir of dirs) {
      const names = await readdir(path.join(base, dir)).catch(() => [] as string[]);
      for (const name of names) {
        const id = name.slice(0, 36);
        if (!UUID.test(id)) continue;
        const info = await stat(path.join(base, dir, name)).catch(() => null);
        if (info) found.set(id, Math.max(found.get(id) ?? 0, info.mtimeMs));
      }
    }
    return found;
  }

  /** Streams into the incoming folder, hashing on the way; over `limit` bytes: `upload.too_large`, nothing left. */
  async receive(source: Readable, limit: number): Promise<Received> {
    const id = randomUUID();
    const target = this.incomingPath(id);
    await mkdir(path.dirname(target), { recursive: true });
    const hash = createHash('sha256');
    const headParts: Buffer[] = [];
    let headSize = 0;
    let size = 0;
    // Opened before streaming, so that a failure can never race the open and leave the file behind.
    const handle = await open(target, 'wx', 0o600);
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > limit) throw new TooLargeError();
            hash.update(chunk);
            if (headSize < SNIFF_BYTES) {
              headParts.push(chunk.subarray(0, SNIFF_BYTES - headSize));
              headSize += Math.min(chunk.length, SNIFF_BYTES - headSize);
            }
            yield chunk;
          }
        },
        handle.createWriteStream(),
      );
      // A reader that truncates at its own limit instead of failing must not yield a cut file.
      if (isOverLimit(null, source)) throw new TooLargeError();
    } catch (err) {
      await handle.close().catch(() => {});
      await rm(target, { force: true });
      throw isOverLimit(err, source) ? new AppError('upload.too_large') : err;
    }
    return { id, size, sha256: hash.digest('hex'), head: Buffer.concat(headParts) };
  }

  /** Moves a received (and, if scanning is on, clean) file to its permanent place. */
  async release(id: string): Promise<void> {
    const target = this.objectPath(id);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(this.incomingPath(id), target);
  }

  async discardIncoming(id: string): Promise<void> {
    await rm(this.incomingPath(id), { force: true });
  }

  /** Removes a released file and its preview; missing files are fine (idempotent cleanup). */
  async remove(id: string): Promise<void> {
    await rm(this.objectPath(id), { force: true });
    await rm(this.thumbPath(id), { force: true });
  }

  async size(file: string): Promise<number | null> {
    try {
      return (await stat(file)).size;
    } catch {
      return null;
    }
  }

  open(file: string): ReadStream {
    return createReadStream(file);
  }

  /** Incoming files older than `maxAgeMs` (left by a crash or an abandoned scan) are removed. */
  async sweepIncoming(now: number, maxAgeMs: number): Promise<number> {
    const dir = path.join(this.root, 'incoming');
    let removed = 0;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => null);
      if (info && now - info.mtimeMs > maxAgeMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
