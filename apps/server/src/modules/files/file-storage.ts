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

/** Profile images (by user) and room images (by room), each in its own folder. */
export type ImageKind = 'avatars' | 'rooms';
/** The two sizes every square image is stored in. */
export type ImageSize = 'full' | 'thumb';
const IMAGE_SIZES: readonly ImageSize[] = ['full', 'thumb'];
/** `<owner uuid>.<version>.<size>.webp`, or `<owner uuid>.<size>.webp` as written before versioned names. */
const IMAGE_NAME = /^([0-9a-f-]{36})(?:\.(\d+))?\.(full|thumb)\.webp$/;

/** One stored image file (see `FileStorage.storedImages`). */
export interface StoredImage {
  name: string;
  ownerId: string;
  /** The version in its name; null for the unversioned name of before. */
  version: number | null;
  mtime: number;
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

  /**
   * Where version `version` of a profile image (`avatars`, by user id) or a room image (`rooms`, by room
   * id) is stored: each version under its own name, so a new image never changes the bytes of an older URL.
   */
  imagePath(kind: ImageKind, ownerId: string, version: number, size: ImageSize): string {
    if (!Number.isSafeInteger(version) || version <= 0) throw new Error(`not an image version: ${version}`);
    return path.join(this.root, kind, `${FileStorage.checked(ownerId)}.${version}.${size}.webp`);
  }

  /** The one name per owner used before versions were in the name; read until a new image replaces it. */
  private legacyImagePath(kind: ImageKind, ownerId: string, size: ImageSize): string {
    return path.join(this.root, kind, `${FileStorage.checked(ownerId)}.${size}.webp`);
  }

  /** The stored file of an image version with its size, or null when it is not there. */
  async imageFile(
    kind: ImageKind,
    ownerId: string,
    version: number,
    size: ImageSize,
  ): Promise<{ file: string; bytes: number } | null> {
    for (const file of [
      this.imagePath(kind, ownerId, version, size),
      this.legacyImagePath(kind, ownerId, size),
    ]) {
      const bytes = await this.size(file);
      if (bytes !== null) return { file, bytes };
    }
    return null;
  }

  /** Whether a file of this image version is stored (in either size). */
  async hasImageVersion(kind: ImageKind, ownerId: string, version: number): Promise<boolean> {
    for (const size of IMAGE_SIZES)
      if ((await this.size(this.imagePath(kind, ownerId, version, size))) !== null) return true;
    return false;
  }

  /** Where a picture made from an upload waits (in the incoming folder) until its version is known. */
  stagedImagePath(id: string, size: ImageSize): string {
    return `${this.incomingPath(id)}.${size}.webp`;
  }

  /**
   * Moves a staged picture to its version's names. Called inside the transaction that sets that version, so
   * the row never names a version whose bytes are not in place (a rename within one folder tree is atomic).
   */
  async placeImage(stagedId: string, kind: ImageKind, ownerId: string, version: number): Promise<void> {
    await mkdir(path.join(this.root, kind), { recursive: true });
    for (const size of IMAGE_SIZES)
      await rename(this.stagedImagePath(stagedId, size), this.imagePath(kind, ownerId, version, size));
  }

  /** Removes a staged picture that was not placed (missing is fine). */
  async discardStagedImage(stagedId: string): Promise<void> {
    for (const size of IMAGE_SIZES) await rm(this.stagedImagePath(stagedId, size), { force: true });
  }

  /** Removes an image version in both sizes, and the unversioned files of before (missing is fine). */
  async removeImage(kind: ImageKind, ownerId: string, version: number): Promise<void> {
    for (const size of IMAGE_SIZES) {
      if (version > 0) await rm(this.imagePath(kind, ownerId, version, size), { force: true });
      await rm(this.legacyImagePath(kind, ownerId, size), { force: true });
    }
  }

  /**
   * Every stored object (released file or preview) by the id in its name, with the newest modification time
   * among its files: the orphan sweep compares these with the database (ADM-7).
   */
  async storedIds(kind: 'objects'): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    const base = path.join(this.root, kind);
    for (const dir of await readdir(base).catch(() => [] as string[])) {
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

  /** Bytes of every file under the storage folder, walked whole (the live status caches it, ADMIN-4). */
  async totalBytes(dir: string = this.root): Promise<number> {
    let total = 0;
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) total += await this.totalBytes(full);
      else if (entry.isFile()) total += (await stat(full).catch(() => null))?.size ?? 0;
    }
    return total;
  }

  /** Every stored profile or room image file, by owner and version (null: the unversioned name of before). */
  async storedImages(kind: ImageKind): Promise<StoredImage[]> {
    const dir = path.join(this.root, kind);
    const found: StoredImage[] = [];
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const m = IMAGE_NAME.exec(name);
      if (!m || !UUID.test(m[1]!)) continue;
      const info = await stat(path.join(dir, name)).catch(() => null);
      if (info)
        found.push({ name, ownerId: m[1]!, version: m[2] ? Number(m[2]) : null, mtime: info.mtimeMs });
    }
    return found;
  }

  /** Removes one file listed by `storedImages`. */
  async removeStoredImage(kind: ImageKind, image: StoredImage): Promise<void> {
    const m = IMAGE_NAME.exec(image.name);
    if (!m || !UUID.test(m[1]!)) throw new Error(`not an image name: ${image.name}`);
    await rm(path.join(this.root, kind, image.name), { force: true });
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
