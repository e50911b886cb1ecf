import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { FileStorage } from '../files/file-storage.ts';

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
      const deleted = await tx.rooms.deleteIfEmpty(candidates);
      const ids = new Set(deleted.map((r) => r.id));
      return { rooms: [...ids], fileIds: files.filter((f) => ids.has(f.room_id)).map((f) => f.id) };
    });
    // Committed: only now do bytes go.
    for (const id of gone.fileIds) await this.d.storage.remove(id);
    for (const id of gone.rooms) await this.d.storage.removeRoomImage(id);
    return { rooms: gone.rooms.length, files: gone.fileIds.length };
  }

  /** Stored files whose row is gone or marked deleted (a crash between commit and removal), room images of gone rooms. */
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
    const images = await this.d.storage.storedIds('rooms');
    const versions = await repos.rooms.imageVersions([...images.keys()]);
    for (const [id, mtime] of images) {
      if (now - mtime > ORPHAN_GRACE_MS && !versions.get(id)) {
        await this.d.storage.removeRoomImage(id);
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
