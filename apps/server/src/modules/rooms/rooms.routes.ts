import {
  ChangeRoleBody,
  CreateRoomBody,
  ErrorEnvelope,
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
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import type { HttpApp } from '../../http/types.ts';
import type { MessagesService } from '../messages/messages.service.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { RoomsService } from './rooms.service.ts';

const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope };
const Members = z.object({ members: z.array(RoomMember) });
const Ok = z.object({ ok: z.literal(true) });

/** Rooms and membership: the original's paths (/api/rooms, /members, /leave, /name) plus roles and settings. */
export function roomsRoutes(
  app: HttpApp,
  d: { rooms: RoomsService; messages: MessagesService; sessions: SessionsService },
): void {
  const onRequest = requireAuth(d.sessions);
  const tags = ['rooms'];

  app.get(
    '/api/rooms',
    {
      onRequest,
      schema: { tags, summary: "The caller's rooms", response: { 200: RoomsResponse, ...errors } },
    },
    async (req) => ({
      rooms: await d.rooms.list(authOf(req).user.id),
    }),
  );

  app.post(
    '/api/rooms',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Open a direct room or create a group',
        body: CreateRoomBody,
        response: { 200: RoomDetailResponse, ...errors },
      },
    },
    async (req) => {
      const userId = authOf(req).user.id;
      const b = req.body;
      return b.kind === 'direct' ? d.rooms.openDirect(userId, b.userId) : d.rooms.createGroup(userId, b);
    },
  );

  app.get(
    '/api/rooms/:id',
    {
      onRequest,
      schema: {
        tags,
        summary: 'A room with its members',
        params: RoomIdParams,
        response: { 200: RoomDetailResponse, ...errors },
      },
    },
    async (req) => d.rooms.detail(authOf(req).user.id, req.params.id),
  );

  app.post(
    '/api/rooms/:id/members',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Invite people (admins)',
        params: RoomIdParams,
        body: InviteBody,
        response: { 200: Members, ...errors },
      },
    },
    async (req) => ({ members: await d.rooms.invite(authOf(req).user.id, req.params.id, req.body.userIds) }),
  );

  app.delete(
    '/api/rooms/:id/members/:userId',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Remove a member (admins)',
        params: RoomMemberParams,
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => {
      await d.rooms.kick(authOf(req).user.id, req.params.id, req.params.userId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/rooms/:id/leave',
    {
      onRequest,
      schema: { tags, summary: 'Leave a room', params: RoomIdParams, response: { 200: Ok, ...errors } },
    },
    async (req) => {
      await d.rooms.leave(authOf(req).user.id, req.params.id);
      return { ok: true as const };
    },
  );

  app.put(
    '/api/rooms/:id/name',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Rename a group (admins)',
        params: RoomIdParams,
        body: RenameRoomBody,
        response: { 200: Ok, ...errors },
      },
    },
    async (req) => {
      await d.rooms.rename(authOf(req).user.id, req.params.id, req.body.name);
      return { ok: true as const };
    },
  );

  app.put(
    '/api/rooms/:id/members/:userId/role',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Promote or demote (owner)',
        params: RoomMemberParams,
        body: ChangeRoleBody,
        response: { 200: Members, ...errors },
      },
    },
    async (req) => ({
      members: await d.rooms.setRole(authOf(req).user.id, req.params.id, req.params.userId, req.body.role),
    }),
  );

  app.post(
    '/api/rooms/:id/transfer',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Transfer ownership (owner)',
        params: RoomIdParams,
        body: TransferOwnershipBody,
        response: { 200: Members, ...errors },
      },
    },
    async (req) => ({
      members: await d.rooms.transferOwnership(authOf(req).user.id, req.params.id, req.body.userId),
    }),
  );

  app.put(
    '/api/rooms/:id/settings',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Pin to top or mute, for the caller',
        params: RoomIdParams,
        body: RoomSettingsBody,
        response: { 200: z.object({ room: RoomSummary }), ...errors },
      },
    },
    async (req) => ({ room: await d.rooms.updateSettings(authOf(req).user.id, req.params.id, req.body) }),
  );

  app.post(
    '/api/rooms/:id/read',
    {
      onRequest,
      schema: {
        tags,
        summary: "Move the caller's read watermark forward",
        params: RoomIdParams,
        body: MarkReadBody,
        response: { 200: z.object({ lastReadSeq: z.number().int() }), ...errors },
      },
    },
    async (req) => ({
      lastReadSeq: await d.messages.markRead(authOf(req).user.id, req.params.id, req.body.seq),
    }),
  );
}
