import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { StateStore } from '../../state/index.ts';
import type { FileStorage, ImageKind, StoredImage } from '../files/file-storage.ts';

/** Bytes without a row are left alone this long: an upload writes its bytes just before its row. */
const ORPHAN_GRACE_MS = 60 * 60 * 1000;
/** Even with no process started since, every stored file is compared with the database this often. */
const FULL_SCAN_MS = 24 * 60 * 60 * 1000;
/** How long the scan's bookkeeping stays in the state store (the times above decide; this only bounds it). */
const BOOKKEEPING_TTL_MS = 7 * FULL_SCAN_MS;
/** Rooms handled per run; the next run takes the rest. */
const BATCH = 200;

/** How often the cleanup runs unless configured otherwise (ADM-7). */
export const CLEANUP_EVERY_MS = 15 * 60_000;

const STARTED_KEY = 'cleanup:started-at';
const SCANNED_KEY = 'cleanup:scanned-at';

export interface CleanupServiceDeps {
  uow: UnitOfWork;
  storage: FileStorage;
  /** Shared by every process with Redis: the period's lease and when files were last scanned. */
  store: StateStore;
  now: () => number;
  log: { error(obj: object, msg: string): void };
  /** How often `tick` runs (the scheduler's interval; one lease per period); default 15 minutes. */
  intervalMs?: number;
}

/** What one cleanup run removed. */
export interface CleanupResult {
  rooms: number;
  files: number;
  /** Whether stored files were listed and compared with the database this time. */
  scanned: boolean;
}

/**
 * The periodic cleanup (ADM-7): rooms nobody belongs to any more, and bytes no live row refers to. Database
 * first, bytes only after the commit (the original deleted files first and then failed); every step is
 * conditional in the database, so several processes may run it at once and each room is claimed once.
 *
 * The timer runs it on one process per period (a lease in the state store, shared with Redis). Listing every
 * stored file is only worth it when orphans can exist: bytes outlive their row only when a process dies
 * between a commit and the removal (or between writing an upload and its row), and a process that died is
 * started again. So files are scanned once a grace period after the last process start (when a crash's
 * leftovers are old enough to tell from uploads in flight), and at least daily for anything else.
 */
export class CleanupService {
  private readonly d: CleanupServiceDeps;
  private readonly intervalMs: number;

  constructor(deps: CleanupServiceDeps) {
    this.d = deps;
    this.intervalMs = deps.intervalMs ?? CLEANUP_EVERY_MS;
  }

  /** One full run: empty rooms, then every stored file. Throws (bytes left) when the database step fails. */
  async run(): Promise<CleanupResult> {
    const rooms = await this.emptyRooms();
    const files = await this.scan();
    return { rooms: rooms.rooms, files: rooms.files + files, scanned: true };
  }

  /**
   * The timer's run: only the process that claims this period's lease runs (null for the others), and it
   * lists stored files only when that can find something (see the class comment).
   */
  async tick(): Promise<CleanupResult | null> {
    const now = this.d.now();
    const period = Math.floor(now / this.intervalMs);
    if (!(await this.d.store.claim(`cleanup:lease:${period}`, this.intervalMs))) return null;
    const rooms = await this.emptyRooms();
    if (!(await this.scanDue(now))) return { ...rooms, scanned: false };
    const files = await this.scan();
    return { rooms: rooms.rooms, files: rooms.files + files, scanned: true };
  }

  private async scanDue(now: number): Promise<boolean> {
    const scanned = Number((await this.d.store.get(SCANNED_KEY)) ?? Number.NaN);
    if (Number.isNaN(scanned) || now - scanned >= FULL_SCAN_MS) return true;
    const started = Number((await this.d.store.get(STARTED_KEY)) ?? 0);
    return now >= started + ORPHAN_GRACE_MS && scanned < started + ORPHAN_GRACE_MS;
  }

  /** Compares every stored file with the database; records when it began once it went through. */
  private async scan(): Promise<number> {
    const began = this.d.now();
    const removed = await this.orphanBytes();
    await this.d.store.set(SCANNED_KEY, String(began), BOOKKEEPING_TTL_MS);
    return removed;
  }

  private async emptyRooms(): Promise<{ rooms: number; files: number }> {
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
      if (isCurrent(image, versions.get(image.ownerId) ?? 0, hasCurrent.has(image.ownerId))) continue;
      if (await this.removeIfStillStale(kind, image)) removed++;
    }
    return removed;
  }

  /**
   * Removes a file found stale, after checking again with its owner's row locked. A version whose change
   * failed is given again by the next change, which moves fresh bytes onto the same name: if that committed
   * after the versions were read, this file is now the current image. The change holds the same lock from
   * giving the version until its commit (SQLite: one transaction at a time), so none can land in between.
   */
  private async removeIfStillStale(kind: ImageKind, image: StoredImage): Promise<boolean> {
    return this.d.uow.transaction(async (tx) => {
      const version =
        (kind === 'rooms'
          ? await tx.rooms.lockImageVersion(image.ownerId)
          : await tx.users.lockAvatarVersion(image.ownerId)) ?? 0;
      const hasCurrent = version > 0 && (await this.d.storage.hasImageVersion(kind, image.ownerId, version));
      if (isCurrent(image, version, hasCurrent)) return false;
      await this.d.storage.removeStoredImage(kind, image);
      return true;
    });
  }

  /**
   * Records this process's start, before its first `tick`: it may be the restart of one that died with bytes
   * not yet removed, so files are scanned again once those are past the grace period.
   */
  async recordStart(): Promise<void> {
    await this.d.store
      .set(STARTED_KEY, String(this.d.now()), BOOKKEEPING_TTL_MS)
      .catch((err: unknown) => this.d.log.error({ err }, 'cleanup could not record the start'));
  }
}

/**
 * Whether a stored image file is its owner's current image: the file of the current version, or the
 * unversioned name of before while the owner has an image but no file of its version.
 */
function isCurrent(image: StoredImage, version: number, hasCurrentFile: boolean): boolean {
  return image.version === null ? version > 0 && !hasCurrentFile : image.version === version;
}
