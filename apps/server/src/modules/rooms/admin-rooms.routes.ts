import {
  AdminRoomMembersResponse,
  AdminRoomResponse,
  AdminRoomsQuery,
  AdminRoomsResponse,
  ArchiveRoomBody,
  ErrorEnvelope,
  LegalHoldBody,
  OkResponse,
  RoomIdParams,
  RoomRetentionBody,
} from '@messenger/shared';
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { AdminRoomsService } from './admin-rooms.service.ts';

const errors = {
  400: ErrorEnvelope,
  401: ErrorEnvelope,
  403: ErrorEnvelope,
  404: ErrorEnvelope,
  409: ErrorEnvelope,
};

/** Server administrators only. */
const admins = { auth: 'admin' as const };

/** The server admin's rooms (ADMIN-2, RET-2): list, members, archive, legal hold, retention, delete; under /api. */
export const adminRoomsModule: ModulePlugin<{
  adminRooms: AdminRoomsService;
  sessions: SessionsService;
}> = async (app, d) => {
  requireAuth(app, d.sessions);

  app.get(
    '/admin/rooms',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: 'Every group and direct room, latest activity first; search by name (server admins)',
        querystring: AdminRoomsQuery,
        response: { 200: AdminRoomsResponse, ...errors },
      },
    },
    async (req) => d.adminRooms.list(req.query),
  );

  app.get(
    '/admin/rooms/:id/members',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: "A room's members with role and joined time (server admins)",
        params: RoomIdParams,
        response: { 200: AdminRoomMembersResponse, ...errors },
      },
    },
    async (req) => ({ members: await d.adminRooms.members(req.params.id) }),
  );

  app.post(
    '/admin/rooms/:id/archive',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: 'Archive a room (read-only for everyone, kept) or reopen it (server admins)',
        params: RoomIdParams,
        body: ArchiveRoomBody,
        response: { 200: AdminRoomResponse, ...errors },
      },
    },
    async (req) => ({
      room: await d.adminRooms.setArchived(authOf(req).user, req.params.id, req.body.archived),
    }),
  );

  app.post(
    '/admin/rooms/:id/legal-hold',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: 'Put a room under legal hold (nothing removed, no deletion) or release it (server admins)',
        params: RoomIdParams,
        body: LegalHoldBody,
        response: { 200: AdminRoomResponse, ...errors },
      },
    },
    async (req) => ({
      room: await d.adminRooms.setLegalHold(authOf(req).user, req.params.id, req.body.hold),
    }),
  );

  app.put(
    '/admin/rooms/:id/retention',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: "A room's own retention in days (0 = forever; null = the server's setting) (server admins)",
        params: RoomIdParams,
        body: RoomRetentionBody,
        response: { 200: AdminRoomResponse, ...errors },
      },
    },
    async (req) => ({
      room: await d.adminRooms.setRetention(authOf(req).user, req.params.id, req.body.days),
    }),
  );

  app.delete(
    '/admin/rooms/:id',
    {
      config: admins,
      schema: {
        tags: ['admin'],
        summary: 'Delete a room with its messages and files; refused under legal hold (server admins)',
        params: RoomIdParams,
        response: { 200: OkResponse, ...errors },
      },
    },
    async (req) => {
      await d.adminRooms.delete(authOf(req).user, req.params.id);
      return { ok: true as const };
    },
  );
};
