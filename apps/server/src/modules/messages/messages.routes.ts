import {
  EditMessageBody,
  HistoryQuery,
  HistoryResponse,
  Message,
  MessageIdParams,
  PostMessageBody,
  ReactionBody,
  ReactionsResponse,
  ReadersResponse,
  RoomIdParams,
} from '@messenger/shared';
import { z } from 'zod';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SocketCommands } from '../../realtime/socket-commands.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { MessagesService } from './messages.service.ts';
import { registerMessageCommands } from './messages.socket.ts';

const One = z.object({ message: Message });

export interface MessagesModuleDeps {
  messages: MessagesService;
  sessions: SessionsService;
  socketCommands: SocketCommands;
  newId: () => string;
  log: (err: unknown) => void;
}

/** Messages under /api: history, sending for scripts, edit, delete, reactions, read receipts; socket commands. */
export const messagesModule: ModulePlugin<MessagesModuleDeps> = async (app, d) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['messages'], errors: [400, 401, 403, 404, 409, 429] });
  d.socketCommands.add((socket) => registerMessageCommands(socket, d.messages, d.log));

  app.get(
    '/rooms/:id/messages',
    {
      schema: {
        summary: 'History by sequence (before / after / around)',
        params: RoomIdParams,
        querystring: HistoryQuery,
        response: { 200: HistoryResponse },
      },
    },
    async (req) => d.messages.history(userIdOf(req), req.params.id, req.query),
  );

  app.post(
    '/rooms/:id/messages',
    {
      schema: {
        summary: 'Send a message (scripts and integrations)',
        params: RoomIdParams,
        body: PostMessageBody,
        response: { 200: One },
      },
    },
    async (req) => ({
      message: await d.messages.send(userIdOf(req), {
        ...req.body,
        id: req.body.id ?? d.newId(),
        roomId: req.params.id,
      }),
    }),
  );

  app.put(
    '/messages/:id',
    {
      schema: {
        summary: 'Edit own message',
        params: MessageIdParams,
        body: EditMessageBody,
        response: { 200: One },
      },
    },
    async (req) => ({ message: await d.messages.edit(userIdOf(req), req.params.id, req.body.body) }),
  );

  app.delete(
    '/messages/:id',
    {
      schema: {
        summary: 'Delete a message (own, or any as room admin)',
        params: MessageIdParams,
        response: { 200: One },
      },
    },
    async (req) => ({ message: await d.messages.delete(userIdOf(req), req.params.id) }),
  );

  app.get(
    '/messages/:id/reactions',
    {
      schema: {
        summary: 'Reactions of a message',
        params: MessageIdParams,
        response: { 200: ReactionsResponse },
      },
    },
    async (req) => ({ reactions: (await d.messages.get(userIdOf(req), req.params.id)).reactions }),
  );

  app.post(
    '/messages/:id/reactions',
    {
      schema: {
        summary: "Toggle the caller's reaction",
        params: MessageIdParams,
        body: ReactionBody,
        response: { 200: ReactionsResponse },
      },
    },
    async (req) => ({
      reactions: (await d.messages.toggleReaction(userIdOf(req), req.params.id, req.body.emoji)).reactions,
    }),
  );

  app.get(
    '/messages/:id/readers',
    {
      schema: {
        summary: 'Who has read a message and who has not',
        params: MessageIdParams,
        response: { 200: ReadersResponse },
      },
    },
    async (req) => d.messages.readers(userIdOf(req), req.params.id),
  );
};
