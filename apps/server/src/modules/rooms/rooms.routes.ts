import {
  ChangeRoleBody,
  CreateRoomBody,
  InviteBody,
  MarkReadBody,
  RenameRoomBody,
  RoomDetailResponse,
  RoomIdParams,
  RoomMember,
  RoomMemberParams,
  RoomSettingsBody,
  RoomsResponse,
  RoomSummary,
  TransferOwnershipBody,
} from '@messenger/shared';
import { z } from 'zod';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { MessagesService } from '../messages/messages.service.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import { roomAdminRoutes } from './room-admin.routes.ts';
import type { RoomAdminService } from './room-admin.service.ts';
import type { RoomsService } from './rooms.service.ts';

export interface RoomsModuleDeps {
  rooms: RoomsService;
  admin: RoomAdminService;
  messages: MessagesService;
  sessions: SessionsService;
}

const Members = z.object({ members: z.array(RoomMember) });
const Ok = z.object({ ok: z.literal(true) });

/**
 * Rooms and membership: the original's paths (/api/rooms, /members, /leave, /name) plus roles and settings;
 * room administration (settings, image, audit log).
 */
export const roomsModule: ModulePlugin<RoomsModuleDeps> = async (app, d) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['rooms'], errors: [400, 401, 403, 404] });

  app.get(
    '/api/rooms',
    {
      schema: { summary: "The caller's rooms", response: { 200: RoomsResponse } },
    },
    async (req) => ({
      rooms: await d.rooms.list(userIdOf(req)),
    }),
  );

  app.post(
    '/api/rooms',
    {
      schema: {
        summary: 'Open a direct room or create a group',
        body: CreateRoomBody,
        response: { 200: RoomDetailResponse },
      },
    },
    async (req) => {
      const userId = userIdOf(req);
      const b = req.body;
      return b.kind === 'direct'
        ? d.rooms.openDirect(userId, b.userId, b.encrypted)
        : d.rooms.createGroup(userId, b);
    },
  );

  app.get(
    '/api/rooms/:id',
    {
      schema: {
        summary: 'A room with its members',
        params: RoomIdParams,
        response: { 200: RoomDetailResponse },
      },
    },
    async (req) => d.rooms.detail(userIdOf(req), req.params.id),
  );

  app.post(
    '/api/rooms/:id/members',
    {
      schema: {
        summary: 'Invite people (admins)',
        params: RoomIdParams,
        body: InviteBody,
        response: { 200: Members },
      },
    },
    async (req) => ({ members: await d.rooms.invite(userIdOf(req), req.params.id, req.body.userIds) }),
  );

  app.delete(
    '/api/rooms/:id/members/:userId',
    {
      schema: {
        summary: 'Remove a member (admins)',
        params: RoomMemberParams,
        response: { 200: Ok },
      },
    },
    async (req) => {
      await d.rooms.kick(userIdOf(req), req.params.id, req.params.userId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/rooms/:id/leave',
    {
      schema: { summary: 'Leave a room', params: RoomIdParams, response: { 200: Ok } },
    },
    async (req) => {
      await d.rooms.leave(userIdOf(req), req.params.id);
      return { ok: true as const };
    },
  );

  app.put(
    '/api/rooms/:id/name',
    {
      schema: {
        summary: 'Rename a group (admins)',
        params: RoomIdParams,
        body: RenameRoomBody,
        response: { 200: Ok },
      },
    },
    async (req) => {
      await d.rooms.rename(userIdOf(req), req.params.id, req.body.name);
      return { ok: true as const };
    },
  );

  app.put(
    '/api/rooms/:id/members/:userId/role',
    {
      schema: {
        summary: 'Promote or demote (owner)',
        params: RoomMemberParams,
        body: ChangeRoleBody,
        response: { 200: Members },
      },
    },
    async (req) => ({
      members: await d.rooms.setRole(userIdOf(req), req.params.id, req.params.userId, req.body.role),
    }),
  );

  app.post(
    '/api/rooms/:id/transfer',
    {
      schema: {
        summary: 'Transfer ownership (owner)',
        params: RoomIdParams,
        body: TransferOwnershipBody,
        response: { 200: Members },
      },
    },
    async (req) => ({
      members: await d.rooms.transferOwnership(userIdOf(req), req.params.id, req.body.userId),
    }),
  );

  app.put(
    '/api/rooms/:id/settings',
    {
      schema: {
        summary: 'Pin to top or mute, for the caller',
        params: RoomIdParams,
        body: RoomSettingsBody,
        response: { 200: z.object({ room: RoomSummary }) },
      },
    },
    async (req) => ({ room: await d.rooms.updateSettings(userIdOf(req), req.params.id, req.body) }),
  );

  app.post(
    '/api/rooms/:id/read',
    {
      schema: {
        summary: "Move the caller's read watermark forward",
        params: RoomIdParams,
        body: MarkReadBody,
        response: { 200: z.object({ lastReadSeq: z.number().int() }) },
      },
    },
    async (req) => ({
      lastReadSeq: await d.messages.markRead(userIdOf(req), req.params.id, req.body.seq),
    }),
  );

  roomAdminRoutes(app, d.admin);
};
