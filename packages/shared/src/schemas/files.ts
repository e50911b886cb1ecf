import { z } from 'zod';
import { Timestamp } from './common.ts';
import { UserSummary } from './users.ts';

/** Limits of uploads and attachments. */
export const FILE_LIMITS = {
  /** Files attached to one message. */
  filesPerMessage: 10,
  /** Characters of a displayed file name (longer names keep their extension and are shortened). */
  nameMax: 200,
  /** Seconds an upload token stays valid. */
  tokenTtlSeconds: 300,
  galleryPageMax: 100,
  galleryPageDefault: 40,
  /** Bytes of a profile image upload. */
  avatarMaxBytes: 5 * 1024 * 1024,
} as const;

/** `image` when the server made a preview (thumbnail and dimensions); `file` otherwise. */
export const FileKind = z.enum(['image', 'file']);
export type FileKind = z.infer<typeof FileKind>;

/** A file attached to a message, as every member of the room sees it. */
export const FileInfo = z
  .object({
    id: z.string(),
    /** Original name for display and download (NFC, path characters removed); empty once deleted. */
    name: z.string(),
    /** Size in bytes. */
    size: z.number().int(),
    /** Content type decided by the server from the content, never the browser's claim. */
    contentType: z.string(),
    kind: FileKind,
    /** Pixel size of images with a preview, so the timeline reserves their space. */
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    /** Download URL of the original; null once deleted. */
    url: z.string().nullable(),
    /** Immutable URL of the preview (WebP, at most 480 px wide); null without preview. */
    thumbUrl: z.string().nullable(),
    /** Removed by the uploader or a room admin: the message keeps a tombstone. */
    deleted: z.boolean(),
  })
  .meta({ id: 'FileInfo' });
export type FileInfo = z.infer<typeof FileInfo>;

/** Where a virus scan stands; `clean` files are released, `infected` ones deleted. */
export const ScanStatus = z.enum(['pending', 'clean', 'infected', 'error']);
export type ScanStatus = z.infer<typeof ScanStatus>;

/**
 * `POST /api/upload` response (multipart fields `room_id`, then `file`).
 * Without virus scanning the file is released at once (`clean`, with a token); with scanning it is
 * `pending` and `GET /api/upload/jobs/:id` reports the outcome.
 */
export const UploadResponse = z
  .object({
    scanStatus: ScanStatus,
    /** Scan job to poll while `pending`. */
    jobId: z.string().nullable(),
    /** One-time token for `message:send` (`uploadTokens`), bound to the uploader and the room. */
    uploadToken: z.string().nullable(),
    /** When the token expires; the file is removed if no message uses it by then. */
    expiresAt: Timestamp.nullable(),
    /** The stored file (present once clean). */
    file: FileInfo.nullable(),
  })
  .meta({ id: 'UploadResponse' });
export type UploadResponse = z.infer<typeof UploadResponse>;

/** `GET /api/upload/jobs/:id` response: the same shape, plus why a scan failed. */
export const UploadJobResponse = UploadResponse.extend({
  /** Localized reason when `infected` or `error`. */
  error: z.string().nullable(),
}).meta({ id: 'UploadJobResponse' });
export type UploadJobResponse = z.infer<typeof UploadJobResponse>;

/** Path parameter `:id` of an upload scan job. */
export const UploadJobParams = z.object({ id: z.uuid() });

/** Path parameter `:id` of a stored file (also `/uploads/:id`). */
export const FileIdParams = z.object({ id: z.uuid() });

/** `GET /uploads/:id` query. */
export const DownloadQuery = z.object({
  /** `1`: always `Content-Disposition: attachment`, images included. */
  download: z.enum(['0', '1']).optional(),
});

/** A file in a room's gallery. */
export const RoomFile = FileInfo.extend({
  messageId: z.string(),
  /** Sequence of the message, for "jump to message". */
  seq: z.number().int(),
  uploader: UserSummary.nullable(),
  createdAt: Timestamp,
}).meta({ id: 'RoomFile' });
export type RoomFile = z.infer<typeof RoomFile>;

/** `GET /api/rooms/:id/files` query: newest first, by cursor. */
export const RoomFilesQuery = z.object({
  kind: FileKind.optional(),
  /** Opaque cursor from the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(FILE_LIMITS.galleryPageMax)
    .default(FILE_LIMITS.galleryPageDefault),
});
export type RoomFilesQuery = z.input<typeof RoomFilesQuery>;

/** `GET /api/rooms/:id/files` response. */
export const RoomFilesResponse = z
  .object({ files: z.array(RoomFile), nextCursor: z.string().nullable() })
  .meta({ id: 'RoomFilesResponse' });
export type RoomFilesResponse = z.infer<typeof RoomFilesResponse>;

/** Path parameters of `DELETE /api/rooms/:id/files/:fileId`. */
export const RoomFileParams = z.object({ id: z.string().min(1).max(64), fileId: z.uuid() });

/** One upload token as sent with a message. */
export const UploadToken = z.string().min(16).max(128);

/**
 * A display name for an uploaded file: NFC, without path parts, control or reserved characters,
 * at most `FILE_LIMITS.nameMax` characters with the extension kept. Korean names stay as written.
 */
export function cleanFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let name = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim();
  name = name.replace(/^\.+/, '').trim();
  const chars = [...name];
  if (chars.length > FILE_LIMITS.nameMax) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? [...name.slice(dot)].slice(0, 16).join('') : '';
    name = chars.slice(0, FILE_LIMITS.nameMax - [...ext].length).join('') + ext;
  }
  return name || 'file';
}

/** Lower-case extension of a file name without the dot ('' when none). */
export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** A one-line text for a message in lists and notifications: its text, or "📎 name, name" when only files. */
export function messageSummaryText(
  body: string,
  files: readonly { name: string; deleted: boolean }[],
): string {
  if (body.trim() !== '') return body;
  const names = files.filter((f) => !f.deleted).map((f) => f.name);
  return names.length > 0 ? `📎 ${names.join(', ')}` : body;
}
