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
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import { sendCsvStream, sendStoredFile } from '../../http/file-reply.ts';
import { readSingleFile } from '../../http/multipart.ts';
import type { HttpApp } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { RoomAdminService } from './room-admin.service.ts';

const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope };
const One = z.object({ room: RoomSummary });

/** Room administration: settings, image and audit log (ADM-*). */
export function roomAdminRoutes(
  app: HttpApp,
  d: { admin: RoomAdminService; sessions: SessionsService },
): void {
  const onRequest = requireAuth(d.sessions);
  const tags = ['rooms'];

  app.patch(
    '/api/rooms/:id',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Change name, description, invite or post policy (admins; pushed as room:changed)',
        params: RoomIdParams,
        body: UpdateRoomBody,
        response: { 200: One, ...errors },
      },
    },
    async (req) => ({ room: await d.admin.update(authOf(req).user.id, req.params.id, req.body) }),
  );

  app.post(
    '/api/rooms/:id/image',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Set the room image (admins; multipart `file`: PNG, JPEG, GIF or WebP up to 5 MB)',
        params: RoomIdParams,
        consumes: ['multipart/form-data'],
        response: { 200: One, 413: ErrorEnvelope, ...errors },
      },
    },
    async (req) => {
      const userId = authOf(req).user.id;
      const room = await readSingleFile(req, (file) => d.admin.setImage(userId, req.params.id, file.stream));
      if (!room) throw new AppError('upload.file_required');
      return { room };
    },
  );

  app.delete(
    '/api/rooms/:id/image',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Remove the room image (admins)',
        params: RoomIdParams,
        response: { 200: One, ...errors },
      },
    },
    async (req) => ({ room: await d.admin.removeImage(authOf(req).user.id, req.params.id) }),
  );

  app.get(
    '/uploads/rooms/:id/:version',
    {
      onRequest,
      schema: {
        tags,
        summary: "A room's image (members)",
        params: RoomImageParams,
        querystring: AvatarQuery,
      },
    },
    async (req, reply) => {
      const { stream, bytes } = await d.admin.imageFile(
        authOf(req).user.id,
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
      onRequest,
      schema: {
        tags,
        summary: "The room's administrative actions, newest first (admins; format=json or csv)",
        params: RoomIdParams,
        querystring: RoomAuditQuery,
        response: { 200: RoomAuditResponse.or(z.string()), ...errors },
      },
    },
    async (req, reply) => {
      const userId = authOf(req).user.id;
      if (req.query.format === 'json') return d.admin.auditPage(userId, req.params.id, req.query);
      const chunks = await d.admin.auditCsv(userId, req.params.id);
      return sendCsvStream(reply, `room-audit-${req.params.id}.csv`, chunks);
    },
  );
}
