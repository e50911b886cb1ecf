import { AvatarParams, AvatarQuery, ErrorEnvelope, Profile, UpdateProfileBody } from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { sendStoredFile } from '../../http/file-reply.ts';
import { readSingleFile } from '../../http/multipart.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { ProfileService } from './profile.service.ts';

/** The original's profile paths: `GET/PUT /api/profile`, `POST/DELETE /api/profile/image`; images by URL. */
export const profileModule: ModulePlugin<{ profile: ProfileService; sessions: SessionsService }> = async (
  app,
  d,
) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['profile'], errors: [400, 401, 404] });
  const mine = { 200: Profile };

  app.get('/api/profile', { schema: { summary: 'My profile', response: mine } }, async (req) =>
    d.profile.get(userIdOf(req)),
  );

  app.put(
    '/api/profile',
    {
      schema: {
        summary: 'Change my nickname or status message (pushed as user:updated)',
        body: UpdateProfileBody,
        response: mine,
      },
    },
    async (req) => d.profile.update(userIdOf(req), req.body),
  );

  app.post(
    '/api/profile/image',
    {
      schema: {
        summary: 'Set my profile image (multipart `file`: PNG, JPEG, GIF or WebP up to 5 MB; cropped square)',
        consumes: ['multipart/form-data'],
        response: { ...mine, 413: ErrorEnvelope },
      },
    },
    async (req) => {
      const userId = userIdOf(req);
      const result = await readSingleFile(req, (file) => d.profile.setImage(userId, file.stream));
      if (!result) throw new AppError('upload.file_required');
      return result;
    },
  );

  app.delete(
    '/api/profile/image',
    { schema: { summary: 'Remove my profile image', response: mine } },
    async (req) => d.profile.removeImage(userIdOf(req)),
  );

  app.get(
    '/uploads/avatars/:userId/:version',
    {
      schema: {
        summary: "A user's profile image (any signed-in user)",
        params: AvatarParams,
        querystring: AvatarQuery,
      },
    },
    async (req, reply) => {
      const { params, query } = req;
      const { stream, bytes } = await d.profile.avatarFile(params.userId, params.version, query.size);
      return sendStoredFile(reply, { stream, size: bytes, contentType: 'image/webp' });
    },
  );
};
