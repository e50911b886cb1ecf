import {
  AvatarQuery,
  ErrorEnvelope,
  RoomAuditQuery,
  RoomAuditResponse,
  RoomIdParams,
  RoomImageParams,
  RoomSummary,
  UpdateRoomBody,
} from '@messenger/shared';
import { z } from 'zod';
import { AppError } from '../../app-error.ts';
import { userIdOf } from '../../http/auth-hook.ts';
import { sendCsvStream, sendStoredFile } from '../../http/file-reply.ts';
import { readSingleFile } from '../../http/multipart.ts';
import type { HttpApp } from '../../http/types.ts';
import type { RoomAdminService } from './room-admin.service.ts';

const One = z.object({ room: RoomSummary });

/** Room administration: settings, image and audit log (ADM-*); in the rooms module's scope. */
export function roomAdminRoutes(app: HttpApp, admin: RoomAdminService): void {
  app.patch(
    '/api/rooms/:id',
    {
      schema: {
        summary: 'Change name, description, invite or post policy (admins; pushed as room:changed)',
        params: RoomIdParams,
        body: UpdateRoomBody,
        response: { 200: One },
      },
    },
    async (req) => ({ room: await admin.update(userIdOf(req), req.params.id, req.body) }),
  );

  app.post(
    '/api/rooms/:id/image',
    {
      schema: {
        summary: 'Set the room image (admins; multipart `file`: PNG, JPEG, GIF or WebP up to 5 MB)',
        params: RoomIdParams,
        consumes: ['multipart/form-data'],
        response: { 200: One, 413: ErrorEnvelope },
      },
    },
    async (req) => {
      const userId = userIdOf(req);
      const room = await readSingleFile(req, (file) => admin.setImage(userId, req.params.id, file.stream));
      if (!room) throw new AppError('upload.file_required');
      return { room };
    },
  );

  app.delete(
    '/api/rooms/:id/image',
    {
      schema: {
        summary: 'Remove the room image (admins)',
        params: RoomIdParams,
        response: { 200: One },
      },
    },
    async (req) => ({ room: await admin.removeImage(userIdOf(req), req.params.id) }),
  );

  app.get(
    '/uploads/rooms/:id/:version',
    {
      schema: {
        summary: "A room's image (members)",
        params: RoomImageParams,
        querystring: AvatarQuery,
      },
    },
    async (req, reply) => {
      const { stream, bytes } = await admin.imageFile(
        userIdOf(req),
        req.params.id,
        req.params.version,
        req.query.size,
      );
      return sendStoredFile(reply, { stream, size: bytes, contentType: 'image/webp' });
    },
  );

  app.get(
    '/api/rooms/:id/admin-audit-logs',
    {
      schema: {
        summary: "The room's administrative actions, newest first (admins; format=json or csv)",
        params: RoomIdParams,
        querystring: RoomAuditQuery,
        response: { 200: RoomAuditResponse.or(z.string()) },
      },
    },
    async (req, reply) => {
      const userId = userIdOf(req);
      if (req.query.format === 'json') return admin.auditPage(userId, req.params.id, req.query);
      const chunks = await admin.auditCsv(userId, req.params.id);
      return sendCsvStream(reply, `room-audit-${req.params.id}.csv`, chunks);
    },
  );
}
