import type { FileInfo, RoomFile } from '@messenger/shared';
import { presentUserSummary } from '../users/users.presenter.ts';
import type { UserRow } from '../users/users.repository.ts';
import type { FileRow, GalleryRow } from './files.repository.ts';

/** A file as members see it: download and preview URLs by id, never a disk path. */
export function presentFile(row: FileRow): FileInfo {
  if (row.deleted_at !== null) {
    return {
      id: row.id,
      name: '',
      size: 0,
      contentType: 'application/octet-stream',
      kind: 'file',
      width: null,
      height: null,
      url: null,
      thumbUrl: null,
      deleted: true,
    };
  }
  const image = row.kind === 'image';
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    contentType: row.content_type,
    // Blobs of encrypted rooms are never presented here (E2E-73); typed as the plain file they would be.
    kind: image ? 'image' : 'file',
    width: image ? row.width : null,
    height: image ? row.height : null,
    url: `/uploads/${row.id}`,
    thumbUrl: image ? `/uploads/${row.id}/thumb` : null,
    deleted: false,
  };
}

/** A gallery entry with its uploader. */
export function presentRoomFile(row: GalleryRow, users: Map<string, UserRow>): RoomFile {
  return {
    ...presentFile(row),
    messageId: row.message_id!,
    seq: row.seq,
    uploader: row.uploader_id ? presentUserSummary(users.get(row.uploader_id), row.uploader_id) : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
