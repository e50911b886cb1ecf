import { randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  cleanFileName,
  errorMessage,
  FILE_LIMITS,
  fileExtension,
  type Locale,
  RoomFilesQuery,
  type RoomFilesResponse,
  type ScanStatus,
  type UploadJobResponse,
  type UploadResponse,
} from '@messenger/shared';
import type { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import type { StateStore } from '../../state/state-store.ts';
import { isManager, requireNotE2e } from '../rooms/rooms.policy.ts';
import { requireMember, requireWritableMember } from '../rooms/membership.ts';
import { type ClamdClient, ScannerUnavailableError } from './clamd.ts';
import { E2E_BLOB_KIND } from './e2e-files.service.ts';
import type { FileStorage, Received } from './file-storage.ts';
import { checkType, type TypeRule } from './file-types.ts';
import { presentFile, presentRoomFile } from './files.presenter.ts';
import type { FileRow } from './files.repository.ts';
import { makeThumbnail } from './images.ts';
import type { Timeline } from '../timeline/timeline.ts';
import type { UploadRules } from '../system/server-settings.service.ts';

/** How long a scan job's state is kept, and how long "wait" mode retries an unreachable clamd. */
const JOB_TTL_MS = 60 * 60 * 1000;
const WAIT_FOR_SCANNER_MS = 10 * 60 * 1000;
/** Files left in the incoming folder this long (crash, abandoned scan) are swept. */
const INCOMING_MAX_AGE_MS = 2 * JOB_TTL_MS;

export interface FilesServiceDeps {
  uow: UnitOfWork;
  storage: FileStorage;
  store: StateStore;
  /** Removes a file from its message's timeline entry, and announces the message. */
  timeline: Timeline;
  scanner: ClamdClient | null;
  whenScannerDown: 'reject' | 'wait';
  /** Largest size and accepted extensions, read at each upload (administrators change them, ADMIN-3). */
  uploadRules: () => Promise<UploadRules>;
  now: () => number;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Milliseconds between retries while clamd is down in "wait" mode. */
  scannerRetryMs?: number;
}

/** What an upload token stands for (kept in the state store, FILE-7). */
interface TokenValue {
  fileId: string;
  userId: string;
  roomId: string;
}

/** A scan job as kept in the state store, readable from any process. */
interface JobState {
  id: string;
  userId: string;
  roomId: string;
  status: ScanStatus;
  response: UploadResponse | null;
  errorCode: 'upload.infected' | 'upload.scanner_unavailable' | null;
}

/** Files released by an upload token, ready to be attached in the message's transaction. */
export interface ClaimedUploads {
  tokens: string[];
  fileIds: string[];
}

type GalleryQuery = z.output<typeof RoomFilesQuery>;

/** Uploads, scanning, downloads and room galleries (SPEC FILE-*). */
export class FilesService {
  private readonly d: FilesServiceDeps;
  private readonly scans = new Set<Promise<void>>();

  constructor(deps: FilesServiceDeps) {
    this.d = deps;
  }

  private get repos(): ConversationRepos {
    return this.d.uow.repos;
  }

  /**
   * An upload must name a room of which the uploader is a member (FILE-1), not archived (ADMIN-2); checked
   * before any byte is read.
   */
  async checkRoom(userId: string, roomId: string | undefined): Promise<string> {
    if (!roomId) throw new AppError('upload.room_required');
    await requireWritableMember(this.repos, roomId, userId);
    // Attachments of an encrypted room must be encrypted by the sender's device: not yet (E2E-41).
    const room = await this.repos.rooms.findRoom(roomId);
    if (room) requireNotE2e(room);
    if (this.d.scanner && this.d.whenScannerDown === 'reject' && !(await this.d.scanner.ping()))
      throw new AppError('upload.scanner_unavailable');
    return roomId;
  }

  /**
   * Receives one file: streamed to disk under a random name, refused when too large, of a type not allowed,
   * or not what its extension says (FILE-2, FILE-3). Released at once without a scanner; with one, kept
   * in quarantine and scanned in the background (FILE-9).
   */
  async accept(userId: string, roomId: string, fileName: string, stream: Readable): Promise<UploadResponse> {
    const name = cleanFileName(fileName);
    const extension = fileExtension(name);
    const rules = await this.d.uploadRules();
    if (!rules.allowedExtensions.has(extension)) {
      stream.resume();
      throw new AppError('upload.type_not_allowed');
    }
    const received = await this.d.storage.receive(stream, rules.maxBytes);
    const check = checkType(extension, received.head, rules.allowedExtensions);
    if (!check.ok) {
      await this.d.storage.discardIncoming(received.id);
      throw new AppError(check.code);
    }
    if (!this.d.scanner) return this.release(userId, roomId, name, received, check.rule);

    const job: JobState = {
      id: randomUUID(),
      userId,
      roomId,
      status: 'pending',
      response: null,
      errorCode: null,
    };
    await this.saveJob(job);
    const run = this.scan(job, name, received, check.rule).finally(() => this.scans.delete(run));
    this.scans.add(run);
    return { scanStatus: 'pending', jobId: job.id, uploadToken: null, expiresAt: null, file: null };
  }

  /** Moves the file to its place, makes its preview, records it and issues the one-time token (FILE-7). */
  private async release(
    userId: string,
    roomId: string,
    name: string,
    received: Received,
    rule: TypeRule,
  ): Promise<UploadResponse> {
    const storage = this.d.storage;
    await storage.release(received.id);
    const size = rule.preview
      ? await makeThumbnail(storage.objectPath(received.id), storage.thumbPath(received.id))
      : null;
    const now = this.d.now();
    const expiresAt = now + FILE_LIMITS.tokenTtlSeconds * 1000;
    const row: FileRow = {
      id: received.id,
      room_id: roomId,
      uploader_id: userId,
      message_id: null,
      position: 0,
      name,
      content_type: rule.contentType,
      size: received.size,
      sha256: received.sha256,
      kind: size ? 'image' : 'file',
      width: size?.width ?? null,
      height: size?.height ?? null,
      created_at: now,
      // The sweep removes the file a little after the token is gone, never while it is still usable.
      expires_at: expiresAt + 60_000,
      deleted_at: null,
      deleted_by: null,
    };
    try {
      await this.repos.files.insert(row);
    } catch (err) {
      await storage.remove(received.id);
      throw err;
    }
    const token = randomBytes(24).toString('base64url');
    const value: TokenValue = { fileId: row.id, userId, roomId };
    await this.d.store.set(tokenKey(token), JSON.stringify(value), FILE_LIMITS.tokenTtlSeconds * 1000);
    return {
      scanStatus: 'clean',
      jobId: null,
      uploadToken: token,
      expiresAt: new Date(expiresAt).toISOString(),
      file: presentFile(row),
    };
  }

  private async scan(job: JobState, name: string, received: Received, rule: TypeRule): Promise<void> {
    const scanner = this.d.scanner!;
    const started = this.d.now();
    const file = this.d.storage.incomingPath(received.id);
    try {
      for (;;) {
        try {
          const verdict = await scanner.scanFile(file);
          if (verdict.infected) {
            await this.d.storage.discardIncoming(received.id);
            await this.repos.audit.record(
              {
                actorId: job.userId,
                action: 'upload.infected',
                roomId: job.roomId,
                detail: { name, size: received.size, sha256: received.sha256, signature: verdict.signature },
              },
              this.d.now(),
            );
            this.d.log.warn({ jobId: job.id, signature: verdict.signature }, 'infected upload refused');
            await this.saveJob({ ...job, status: 'infected', errorCode: 'upload.infected' });
            return;
          }
          break;
        } catch (err) {
          if (!(err instanceof ScannerUnavailableError)) throw err;
          const giveUp = this.d.whenScannerDown === 'reject' || this.d.now() - started > WAIT_FOR_SCANNER_MS;
          this.d.log.warn({ jobId: job.id, err: err.message, giveUp }, 'virus scanner unavailable');
          if (giveUp) {
            await this.d.storage.discardIncoming(received.id);
            await this.saveJob({ ...job, status: 'error', errorCode: 'upload.scanner_unavailable' });
            return;
          }
          await new Promise((r) => setTimeout(r, this.d.scannerRetryMs ?? 5000));
        }
      }
      const response = await this.release(job.userId, job.roomId, name, received, rule);
      await this.saveJob({ ...job, status: 'clean', response });
    } catch (err) {
      this.d.log.error({ jobId: job.id, err }, 'upload scan failed');
      await this.d.storage.discardIncoming(received.id).catch(() => {});
      await this.saveJob({ ...job, status: 'error', errorCode: 'upload.scanner_unavailable' }).catch(
        () => {},
      );
    }
  }

  private saveJob(job: JobState): Promise<void> {
    return this.d.store.set(jobKey(job.id), JSON.stringify(job), JOB_TTL_MS);
  }

  /** The uploader's view of a scan job (FILE-9); anyone else gets not-found. */
  async job(userId: string, jobId: string, locale: Locale): Promise<UploadJobResponse> {
    const raw = await this.d.store.get(jobKey(jobId));
    const job = raw ? (JSON.parse(raw) as JobState) : null;
    if (!job || job.userId !== userId) throw new AppError('upload.job_not_found');
    const base = job.response ?? {
      scanStatus: job.status,
      jobId: job.id,
      uploadToken: null,
      expiresAt: null,
      file: null,
    };
    return {
      ...base,
      scanStatus: job.status,
      jobId: job.id,
      error: job.errorCode ? errorMessage(job.errorCode, locale) : null,
    };
  }

  /** Uploads this process is scanning or waiting to scan (the live status's queue, ADMIN-4). */
  scansPending(): number {
    return this.scans.size;
  }

  /** Waits for running scans (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.scans.size > 0) await Promise.allSettled([...this.scans]);
  }

  /**
   * Checks upload tokens for a message: each must exist and belong to this sender and room (FILE-7).
   * The files are attached in the message's transaction; `consume` then retires the tokens.
   */
  async claim(userId: string, roomId: string, tokens: string[]): Promise<ClaimedUploads> {
    const unique = [...new Set(tokens)];
    const fileIds: string[] = [];
    for (const token of unique) {
      const raw = await this.d.store.get(tokenKey(token));
      const value = raw ? (JSON.parse(raw) as TokenValue) : null;
      if (!value || value.userId !== userId || value.roomId !== roomId)
        throw new AppError('upload.token_invalid');
      fileIds.push(value.fileId);
    }
    return { tokens: unique, fileIds };
  }

  /** Retires tokens after their message committed: each is usable once. */
  async consume(claimed: ClaimedUploads): Promise<void> {
    await Promise.all(claimed.tokens.map((t) => this.d.store.del(tokenKey(t))));
  }

  /**
   * A file to send: members of its room see attached files of visible messages; before it is attached,
   * only its uploader (FILE-8). Deleted files are gone.
   */
  async openForDownload(
    userId: string,
    fileId: string,
    variant: 'original' | 'thumb',
  ): Promise<{ row: FileRow; stream: Readable; size: number }> {
    const row = await this.repos.files.find(fileId);
    // An encrypted blob is served only by its room's e2e route, as opaque bytes (E2E-71).
    if (!row || row.deleted_at !== null || row.kind === E2E_BLOB_KIND) throw new AppError('file.not_found');
    if (row.message_id === null) {
      if (row.uploader_id !== userId) throw new AppError('file.not_found');
    } else {
      await requireMember(this.repos, row.room_id, userId);
      const message = await this.repos.messages.find(row.message_id);
      if (!message || message.deleted_at !== null) throw new AppError('file.not_found');
    }
    if (variant === 'thumb' && row.kind !== 'image') throw new AppError('file.not_found');
    const path = variant === 'thumb' ? this.d.storage.thumbPath(row.id) : this.d.storage.objectPath(row.id);
    const size = await this.d.storage.size(path);
    if (size === null) throw new AppError('file.not_found');
    return { row, stream: this.d.storage.open(path), size };
  }

  /** A room's shared files, newest first (FILE-10). */
  async gallery(userId: string, roomId: string, query: GalleryQuery): Promise<RoomFilesResponse> {
    await requireMember(this.repos, roomId, userId);
    const before = decodeCursor(query.cursor);
    const rows = await this.repos.files.gallery(roomId, { kind: query.kind, before, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const uploaderIds = [...new Set(page.map((r) => r.uploader_id).filter((v): v is string => !!v))];
    const users = new Map((await this.repos.users.findMany(uploaderIds)).map((u) => [u.id, u]));
    const last = page.at(-1);
    return {
      files: page.map((r) => presentRoomFile(r, users)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  /** Deletes a shared file: its uploader or a room admin (FILE-11). The message keeps a tombstone, live. */
  async delete(userId: string, roomId: string, fileId: string): Promise<void> {
    const member = await requireWritableMember(this.repos, roomId, userId);
    const row = await this.repos.files.find(fileId);
    if (
      !row ||
      row.room_id !== roomId ||
      row.deleted_at !== null ||
      row.message_id === null ||
      row.kind === E2E_BLOB_KIND
    )
      throw new AppError('file.not_found');
    if (row.uploader_id !== userId && !isManager(member.role)) throw new AppError('file.forbidden');
    const messageId = row.message_id;
    const now = this.d.now();
    const message = await this.d.uow.transaction(async (tx) => {
      const updated = await this.d.timeline.removeFile(tx, { ...row, message_id: messageId }, userId, now);
      await tx.audit.record(
        {
          actorId: userId,
          action: 'file.deleted',
          roomId,
          targetId: row.id,
          detail: { name: row.name, messageId },
        },
        now,
      );
      return updated;
    });
    // Bytes go only after the database change committed (never the other way round).
    await this.d.timeline.publish({ fileIds: [row.id], updated: message ? [message] : [] });
  }

  /** Removes files of a message that was deleted (after its transaction committed). */
  async removeBytes(fileIds: string[]): Promise<void> {
    for (const id of fileIds) await this.d.storage.remove(id);
  }

  /**
   * Removes uploads whose token expired unused, and stale incoming files (FILE-7). A file that a message
   * references is never removed here: the delete re-checks that it is still unattached.
   */
  async sweep(now = this.d.now()): Promise<number> {
    const expired = await this.repos.files.expiredUnattached(now, 500);
    const removed = await this.d.uow.transaction((tx) => tx.files.deleteUnattached(expired));
    for (const id of removed) await this.d.storage.remove(id);
    await this.d.storage.sweepIncoming(now, INCOMING_MAX_AGE_MS);
    return removed.length;
  }
}

function tokenKey(token: string): string {
  return `upload-token:${token}`;
}

function jobKey(id: string): string {
  return `upload-job:${id}`;
}

function encodeCursor(at: number, id: string): string {
  return Buffer.from(`${at}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { at: number; id: string } | null {
  if (!cursor) return null;
  const m = /^(\d+):([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new AppError('request.invalid_query');
  return { at: Number(m[1]), id: m[2]! };
}
