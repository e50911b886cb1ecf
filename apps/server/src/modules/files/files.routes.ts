import {
  DownloadQuery,
  ErrorEnvelope,
  FileIdParams,
  RoomFileParams,
  RoomFilesQuery,
  RoomFilesResponse,
  RoomIdParams,
  UploadJobParams,
  UploadJobResponse,
  UploadResponse,
} from '@messenger/shared';
import { z } from 'zod';
import { AppError } from '../../app-error.ts';
import type { RateLimitRule } from '../../config.ts';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { sendStoredFile } from '../../http/file-reply.ts';
import { readSingleFile } from '../../http/multipart.ts';
import { localeFromHeader } from '../../http/locale.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { Scheduler } from '../../scheduler.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { UploadRules } from '../system/server-settings.service.ts';
import { TYPE_RULES } from './file-types.ts';
import type { FilesService } from './files.service.ts';

/** Raster images browsers show safely; everything else is always downloaded. */
const INLINE_TYPES = new Set(
  Object.values(TYPE_RULES)
    .filter((r) => r.inline)
    .map((r) => r.contentType),
);

const Ok = z.object({ ok: z.literal(true) });
/** Multipart framing around the file; a request larger than the limit plus this is refused unread. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** `attachment; filename="..."; filename*=UTF-8''...`: Korean names survive every browser. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export interface FilesModuleDeps {
  files: FilesService;
  sessions: SessionsService;
  limiter: RateLimiter;
  scheduler: Scheduler;
  /** Read at each upload: administrators change them at run time (ADMIN-3). */
  uploadLimit: () => Promise<RateLimitRule>;
  uploadRules: () => Promise<UploadRules>;
}

/**
 * Upload (`/api/upload`, the original's path), scan jobs, downloads (`/uploads/:id`) and room galleries; the
 * sweep of expired uploads (FILE-7).
 */
export const filesModule: ModulePlugin<FilesModuleDeps> = async (app, d) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['files'], errors: [400, 401, 403, 404] });
  d.scheduler.add({ name: 'file sweep', everyMs: 60_000, run: () => d.files.sweep() });

  app.post(
    '/api/upload',
    {
      schema: {
        summary: 'Upload one file for a room (multipart: room_id, then file)',
        description:
          'Returns a one-time upload token for `message:send` (valid 5 minutes). With virus scanning on, the answer is 202 `pending` with a job id to poll.',
        consumes: ['multipart/form-data'],
        response: { 200: UploadResponse, 202: UploadResponse, 413: ErrorEnvelope },
      },
    },
    async (req, reply) => {
      const userId = userIdOf(req);
      await d.limiter.consume('upload', await d.uploadLimit(), [`user:${userId}`]);
      const { maxBytes } = await d.uploadRules();
      if (Number(req.headers['content-length'] ?? 0) > maxBytes + MULTIPART_OVERHEAD)
        throw new AppError('upload.too_large');
      const queryRoom = (req.query as { room_id?: string }).room_id;
      const result = await readSingleFile(req, async (file, fields) => {
        const room = await d.files.checkRoom(userId, fields.get('room_id') ?? queryRoom);
        if (!file.name) throw new AppError('upload.file_required');
        return d.files.accept(userId, room, file.name, file.stream);
      });
      if (!result) throw new AppError('upload.file_required');
      return reply.code(result.scanStatus === 'pending' ? 202 : 200).send(result);
    },
  );

  app.get(
    '/api/upload/jobs/:id',
    {
      schema: {
        summary: "A virus scan's state (the uploader only)",
        params: UploadJobParams,
        response: { 200: UploadJobResponse },
      },
    },
    async (req) =>
      d.files.job(userIdOf(req), req.params.id, localeFromHeader(req.headers['accept-language'])),
  );

  for (const variant of ['original', 'thumb'] as const) {
    app.get(
      variant === 'original' ? '/uploads/:id' : '/uploads/:id/thumb',
      {
        schema: {
          summary: variant === 'original' ? 'Download a file' : "An image's preview (WebP, immutable)",
          params: FileIdParams,
          querystring: DownloadQuery,
        },
      },
      async (req, reply) => {
        const { row, stream, size } = await d.files.openForDownload(userIdOf(req), req.params.id, variant);
        const inline = variant === 'thumb' || INLINE_TYPES.has(row.content_type);
        return sendStoredFile(reply, {
          stream,
          size,
          contentType: variant === 'thumb' ? 'image/webp' : row.content_type,
          disposition: contentDisposition(
            inline && req.query.download !== '1' ? 'inline' : 'attachment',
            row.name,
          ),
        });
      },
    );
  }

  app.get(
    '/api/rooms/:id/files',
    {
      schema: {
        summary: "A room's shared files, newest first",
        params: RoomIdParams,
        querystring: RoomFilesQuery,
        response: { 200: RoomFilesResponse },
      },
    },
    async (req) => d.files.gallery(userIdOf(req), req.params.id, req.query),
  );

  app.delete(
    '/api/rooms/:id/files/:fileId',
    {
      schema: {
        summary: 'Delete a shared file (its uploader or a room admin)',
        params: RoomFileParams,
        response: { 200: Ok },
      },
    },
    async (req) => {
      await d.files.delete(userIdOf(req), req.params.id, req.params.fileId);
      return { ok: true as const };
    },
  );
};
