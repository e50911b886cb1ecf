import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { FileStorage, ImageKind } from '../files/file-storage.ts';

/** Bytes without a row are left alone this long: an upload writes its bytes just before its row. */
const ORPHAN_GRACE_MS = 60 * 60 * 1000;
/** Rooms handled per run; the next run takes the rest. */
const BATCH = 200;

export interface CleanupServiceDeps {
  uow: UnitOfWork;
  storage: FileStorage;
  now: () => number;
  log: { error(obj: object, msg: string): void };
}

/** What one cleanup run removed. */
export interface CleanupResult {
  rooms: number;
  files: number;
}

/**
 * The periodic cleanup (ADM-7): rooms nobody belongs to any more, and bytes no live row refers to. Database
 * first, bytes only after the commit (the original deleted files first and then failed); every step is
 * conditional in the database, so several processes may run it at once and each room is claimed once.
 */
export class CleanupService {
  private readonly d: CleanupServiceDeps;
  private timer: NodeJS.Timeout | undefined;

  constructor(deps: CleanupServiceDeps) {
    this.d = deps;
  }

  /** One run: empty rooms, then orphan bytes. Throws (leaving every byte) when the database step fails. */
  async run(): Promise<CleanupResult> {
    const rooms = await this.emptyRooms();
    const files = await this.orphanBytes();
    return { rooms: rooms.rooms, files: rooms.files + files };
  }

  private async emptyRooms(): Promise<CleanupResult> {
    const candidates = await this.d.uow.repos.rooms.emptyRoomIds(BATCH);
    if (candidates.length === 0) return { rooms: 0, files: 0 };
    const gone = await this.d.uow.transaction(async (tx) => {
      const files = await tx.files.idsOfRooms(candidates);
      const rooms = await tx.rooms.deleteIfEmpty(candidates);
      const ids = new Set(rooms.map((r) => r.id));
      return { rooms, fileIds: files.filter((f) => ids.has(f.room_id)).map((f) => f.id) };
    });
    // Committed: only now do bytes go.
    for (const id of gone.fileIds) await this.d.storage.remove(id);
    for (const r of gone.rooms)
      await this.d.storage.removeImage('rooms', r.id, Math.abs(Number(r.image_version)));
    return { rooms: gone.rooms.length, files: gone.fileIds.length };
  }

  /**
   * Stored files whose row is gone or marked deleted (a crash between commit and removal), and image files
   * that are not the current version of a room or profile image.
   */
  private async orphanBytes(): Promise<number> {
    const now = this.d.now();
    const repos = this.d.uow.repos;
    let removed = 0;
    const objects = await this.d.storage.storedIds('objects');
    const state = await repos.files.deletedState([...objects.keys()]);
    for (const [id, mtime] of objects) {
      const deleted = state.get(id);
      if (deleted === true || (deleted === undefined && now - mtime > ORPHAN_GRACE_MS)) {
        await this.d.storage.remove(id);
        removed++;
      }
    }
    for (const kind of ['rooms', 'avatars'] as const) removed += await this.staleImages(kind, now);
    return removed;
  }

  /**
   * Image files that are not their owner's current version, once old enough (a version replaced or removed
   * just before a crash, a gone room's image, a picture placed by a transaction that then failed).
   */
  private async staleImages(kind: ImageKind, now: number): Promise<number> {
    const images = await this.d.storage.storedImages(kind);
    const owners = [...new Set(images.map((i) => i.ownerId))];
    const repos = this.d.uow.repos;
    const versions =
      kind === 'rooms' ? await repos.rooms.imageVersions(owners) : await repos.users.avatarVersions(owners);
    // The name of before versions counts as current only while its owner has no file of the current version.
    const hasCurrent = new Set(
      images.filter((i) => i.version !== null && i.version === versions.get(i.ownerId)).map((i) => i.ownerId),
    );
    let removed = 0;
    for (const image of images) {
      if (now - image.mtime <= ORPHAN_GRACE_MS) continue;
      const version = versions.get(image.ownerId) ?? 0;
      const current =
        image.version === null ? version > 0 && !hasCurrent.has(image.ownerId) : image.version === version;
      if (!current) {
        await this.d.storage.removeStoredImage(kind, image);
        removed++;
      }
    }
    return removed;
  }

  /** Runs every `intervalMs` until `stop`. */
  start(intervalMs = 15 * 60_000): void {
    this.timer = setInterval(() => {
      this.run().catch((err: unknown) => this.d.log.error({ err }, 'cleanup failed'));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
