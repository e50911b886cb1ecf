import { AvatarParams, AvatarQuery, ErrorEnvelope, Profile, UpdateProfileBody } from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import { sendStoredFile } from '../../http/file-reply.ts';
import { readSingleFile } from '../../http/multipart.ts';
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
      const result = await readSingleFile(req, (file) => d.profile.setImage(userId, file.stream));
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
      const { stream, bytes } = await d.profile.avatarFile(
        req.params.userId,
        req.params.version,
        req.query.size,
      );
      return sendStoredFile(reply, { stream, size: bytes, contentType: 'image/webp' });
    },
  );
}
