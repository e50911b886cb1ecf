import { AvatarParams, AvatarQuery, ErrorEnvelope, Profile, UpdateProfileBody } from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import type { HttpApp } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { ProfileService } from './profile.service.ts';

const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 404: ErrorEnvelope };

/** The original's profile paths: `GET/PUT /api/profile`, `POST/DELETE /api/profile/image`; images by URL. */
export function profileRoutes(app: HttpApp, d: { profile: ProfileService; sessions: SessionsService }): void {
  const onRequest = requireAuth(d.sessions);
  const tags = ['profile'];

  app.get(
    '/api/profile',
    { onRequest, schema: { tags, summary: 'My profile', response: { 200: Profile, ...errors } } },
    async (req) => d.profile.get(authOf(req).user.id),
  );

  app.put(
    '/api/profile',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Change my nickname or status message (pushed as user:updated)',
        body: UpdateProfileBody,
        response: { 200: Profile, ...errors },
      },
    },
    async (req) => d.profile.update(authOf(req).user.id, req.body),
  );

  app.post(
    '/api/profile/image',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Set my profile image (multipart `file`: PNG, JPEG, GIF or WebP up to 5 MB; cropped square)',
        consumes: ['multipart/form-data'],
        response: { 200: Profile, 413: ErrorEnvelope, ...errors },
      },
    },
    async (req) => {
      const userId = authOf(req).user.id;
      if (!req.isMultipart()) throw new AppError('upload.file_required');
      let result: Profile | undefined;
      try {
        for await (const part of req.parts()) {
          if (part.type === 'field') continue;
          if (part.fieldname !== 'file' || result) {
            part.file.resume();
            continue;
          }
          result = await d.profile.setImage(userId, part.file);
        }
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          throw new AppError('upload.too_large');
        throw err;
      }
      if (!result) throw new AppError('upload.file_required');
      return result;
    },
  );

  app.delete(
    '/api/profile/image',
    {
      onRequest,
      schema: { tags, summary: 'Remove my profile image', response: { 200: Profile, ...errors } },
    },
    async (req) => d.profile.removeImage(authOf(req).user.id),
  );

  app.get(
    '/uploads/avatars/:userId/:version',
    {
      onRequest,
      schema: {
        tags,
        summary: "A user's profile image (any signed-in user)",
        params: AvatarParams,
        querystring: AvatarQuery,
      },
    },
    async (req, reply) => {
      const { path, bytes } = await d.profile.avatarFile(
        req.params.userId,
        req.params.version,
        req.query.size,
      );
      reply
        .header('content-type', 'image/webp')
        .header('content-length', String(bytes))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=31536000, immutable');
      return reply.send(d.profile.open(path));
    },
  );
}
