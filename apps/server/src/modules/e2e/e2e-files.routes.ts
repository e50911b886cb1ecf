import type { Readable } from 'node:stream';
import { E2eFileParams, E2eFileResponse, ErrorEnvelope, RoomIdParams } from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import type { RateLimitRule } from '../../config.ts';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { sendStoredFile } from '../../http/file-reply.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import type { E2eFilesService } from '../files/e2e-files.service.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';

/**
 * Encrypted attachments of end-to-end encrypted rooms (E2E-70..E2E-74): the sender's device uploads the
 * ciphertext as `application/octet-stream` and names the answer's `fileId` in its message; members download
 * it as opaque bytes and decrypt it with the key inside the message.
 */
export const e2eFilesModule: ModulePlugin<{
  e2eFiles: E2eFilesService;
  sessions: SessionsService;
  limiter: RateLimiter;
  /** The upload rate limit, read at each upload (administrators change it, ADMIN-3). */
  uploadLimit: () => Promise<RateLimitRule>;
}> = async (app, d) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['e2e'], errors: [400, 401, 403, 404] });
  // The body is the blob itself: handed over as a stream (scoped to this plugin) and written to disk as it
  // arrives, never held whole in memory nor parsed.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  app.post(
    '/rooms/:id/e2e/files',
    {
      schema: {
        summary: 'Upload an encrypted attachment (the ciphertext, application/octet-stream)',
        description:
          'Members who may post in an encrypted room only. The blob is stored as sent: never scanned, previewed, named or typed. Unused, it expires like an upload token (5 minutes).',
        consumes: ['application/octet-stream'],
        params: RoomIdParams,
        response: { 200: E2eFileResponse, 413: ErrorEnvelope },
      },
    },
    async (req) => {
      const userId = userIdOf(req);
      await d.limiter.consume('upload', await d.uploadLimit(), [`user:${userId}`]);
      await d.e2eFiles.checkRoom(userId, req.params.id);
      if (Number(req.headers['content-length'] ?? 0) > (await d.e2eFiles.maxBlobBytes()))
        throw new AppError('upload.too_large');
      const body = req.body as Readable | undefined;
      if (!body || typeof (body as Partial<Readable>).pipe !== 'function')
        throw new AppError('upload.file_required');
      return d.e2eFiles.accept(userId, req.params.id, body);
    },
  );

  app.get(
    '/rooms/:id/e2e/files/:fileId',
    {
      schema: {
        summary: 'Download an encrypted attachment (current members only; always opaque bytes)',
        params: E2eFileParams,
      },
    },
    async (req, reply) => {
      const { stream, size } = await d.e2eFiles.open(userIdOf(req), req.params.id, req.params.fileId);
      // Never a name or a type the server could be fooled into rendering: the device names the saved file.
      return sendStoredFile(reply, {
        stream,
        size,
        contentType: 'application/octet-stream',
        disposition: 'attachment',
      });
    },
  );
};
