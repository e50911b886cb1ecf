import type { Readable } from 'node:stream';
import { FILE_LIMITS, sealedFileSize } from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import { requireCanPost } from '../rooms/rooms.policy.ts';
import type { UploadRules } from '../system/server-settings.service.ts';
import type { FileStorage } from './file-storage.ts';
import type { FileRow } from './files.repository.ts';

/**
 * The `kind` of a file row that holds an encrypted blob: the server knows its size and the hash of its
 * ciphertext, nothing else (no name, no type, no preview, no scan).
 */
export const E2E_BLOB_KIND = 'e2e';
/** The content type every encrypted blob is stored and served as. */
export const E2E_BLOB_TYPE = 'application/octet-stream';

export interface E2eFilesServiceDeps {
  uow: UnitOfWork;
  storage: FileStorage;
  /** Largest file size, read at each upload (administrators change it, ADMIN-3). */
  uploadRules: () => Promise<UploadRules>;
  now: () => number;
}

/**
 * Attachments of end-to-end encrypted rooms (E2E-70..E2E-74): opaque blobs the sender's device encrypted,
 * stored like uploads (rows in `files`, bytes under server-made ids) so message deletes, retention and room
 * deletion remove them, but never scanned, previewed, named or typed by the server.
 */
export class E2eFilesService {
  private readonly d: E2eFilesServiceDeps;

  constructor(deps: E2eFilesServiceDeps) {
    this.d = deps;
  }

  private get repos(): ConversationRepos {
    return this.d.uow.repos;
  }

  /** The byte cap of one blob: the largest file allowed plus what encryption adds to it (E2E-70). */
  async maxBlobBytes(): Promise<number> {
    return sealedFileSize((await this.d.uploadRules()).maxBytes);
  }

  /**
   * Checked before any byte is read: the caller may post in this room, and it is encrypted (a standard
   * room's files go through the scanned upload, FILE-1).
   */
  async checkRoom(userId: string, roomId: string): Promise<void> {
    const member = await this.repos.rooms.member(roomId, userId);
    const room = member && (await this.repos.rooms.findRoom(roomId));
    if (!member || !room) throw new AppError('room.not_found');
    requireCanPost(room, member);
    if (room.e2e !== 1) throw new AppError('room.not_e2e');
  }

  /**
   * Stores one blob as it came (E2E-70). Unattached, it is its uploader's alone and expires as an unused
   * upload does (FILE-7).
   */
  async accept(userId: string, roomId: string, stream: Readable): Promise<{ fileId: string }> {
    const storage = this.d.storage;
    const received = await storage.receive(stream, await this.maxBlobBytes());
    // Even an empty file seals to one tag: no bytes at all is no blob.
    if (received.size === 0) {
      await storage.discardIncoming(received.id);
      throw new AppError('upload.file_required');
    }
    await storage.release(received.id);
    const now = this.d.now();
    const row: FileRow = {
      id: received.id,
      room_id: roomId,
      uploader_id: userId,
      message_id: null,
      position: 0,
      // The name, type and preview are inside the message, which only the members' devices can read.
      name: '',
      content_type: E2E_BLOB_TYPE,
      size: received.size,
      sha256: received.sha256,
      kind: E2E_BLOB_KIND,
      width: null,
      height: null,
      created_at: now,
      expires_at: now + FILE_LIMITS.tokenTtlSeconds * 1000 + 60_000,
      deleted_at: null,
      deleted_by: null,
    };
    try {
      await this.repos.files.insert(row);
    } catch (err) {
      await storage.remove(received.id);
      throw err;
    }
    return { fileId: row.id };
  }

  /**
   * A blob to send, to current members only (E2E-71): once in a message, while that message stands; before,
   * to its uploader alone. Anyone else gets not-found, as for a blob that does not exist.
   */
  async open(userId: string, roomId: string, fileId: string): Promise<{ stream: Readable; size: number }> {
    const member = await this.repos.rooms.member(roomId, userId);
    if (!member) throw new AppError('room.not_found');
    const row = await this.repos.files.find(fileId);
    if (!row || row.room_id !== roomId || row.kind !== E2E_BLOB_KIND || row.deleted_at !== null)
      throw new AppError('file.not_found');
    if (row.message_id === null) {
      if (row.uploader_id !== userId) throw new AppError('file.not_found');
    } else {
      const message = await this.repos.messages.find(row.message_id);
      if (!message || message.deleted_at !== null) throw new AppError('file.not_found');
    }
    const path = this.d.storage.objectPath(row.id);
    const size = await this.d.storage.size(path);
    if (size === null) throw new AppError('file.not_found');
    return { stream: this.d.storage.open(path), size };
  }
}

/**
 * Checks, inside the send's transaction, that each blob a message names was uploaded by its sender to this
 * room and is not used yet (E2E-72): `e2e.file_invalid` for someone else's, another room's, an expired or an
 * unknown one, `e2e.file_used` for one already in a message. The timeline then attaches them.
 */
export async function requireSendableBlobs(
  tx: Pick<ConversationRepos, 'files'>,
  userId: string,
  roomId: string,
  fileIds: string[],
): Promise<void> {
  if (new Set(fileIds).size !== fileIds.length) throw new AppError('e2e.file_used');
  for (const id of fileIds) {
    const row = await tx.files.find(id);
    if (
      !row ||
      row.kind !== E2E_BLOB_KIND ||
      row.room_id !== roomId ||
      row.uploader_id !== userId ||
      row.deleted_at !== null
    )
      throw new AppError('e2e.file_invalid');
    if (row.message_id !== null) throw new AppError('e2e.file_used');
  }
}
