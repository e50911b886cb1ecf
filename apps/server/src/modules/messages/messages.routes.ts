import {
  EditMessageBody,
  ErrorEnvelope,
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
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import type { HttpApp } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { MessagesService } from './messages.service.ts';

const errors = {
  400: ErrorEnvelope,
  401: ErrorEnvelope,
  403: ErrorEnvelope,
  404: ErrorEnvelope,
  409: ErrorEnvelope,
  429: ErrorEnvelope,
};
const One = z.object({ message: Message });

/** History, sending for scripts, edit, delete, reactions, read receipts. */
export function messagesRoutes(
  app: HttpApp,
  d: { messages: MessagesService; sessions: SessionsService; newId: () => string },
): void {
  const onRequest = requireAuth(d.sessions);
  const tags = ['messages'];

  app.get(
    '/api/rooms/:id/messages',
    {
      onRequest,
      schema: {
        tags,
        summary: 'History by sequence (before / after / around)',
        params: RoomIdParams,
        querystring: HistoryQuery,
        response: { 200: HistoryResponse, ...errors },
      },
    },
    async (req) => d.messages.history(authOf(req).user.id, req.params.id, req.query),
  );

  app.post(
    '/api/rooms/:id/messages',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Send a message (scripts and integrations)',
        params: RoomIdParams,
        body: PostMessageBody,
        response: { 200: One, ...errors },
      },
    },
    async (req) => ({
      message: await d.messages.send(authOf(req).user.id, {
        ...req.body,
        id: req.body.id ?? d.newId(),
        roomId: req.params.id,
      }),
    }),
  );

  app.put(
    '/api/messages/:id',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Edit own message',
        params: MessageIdParams,
        body: EditMessageBody,
        response: { 200: One, ...errors },
      },
    },
    async (req) => ({ message: await d.messages.edit(authOf(req).user.id, req.params.id, req.body.body) }),
  );

  app.delete(
    '/api/messages/:id',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Delete a message (own, or any as room admin)',
        params: MessageIdParams,
        response: { 200: One, ...errors },
      },
    },
    async (req) => ({ message: await d.messages.delete(authOf(req).user.id, req.params.id) }),
  );

  app.get(
    '/api/messages/:id/reactions',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Reactions of a message',
        params: MessageIdParams,
        response: { 200: ReactionsResponse, ...errors },
      },
    },
    async (req) => ({ reactions: (await d.messages.get(authOf(req).user.id, req.params.id)).reactions }),
  );

  app.post(
    '/api/messages/:id/reactions',
    {
      onRequest,
      schema: {
        tags,
        summary: "Toggle the caller's reaction",
        params: MessageIdParams,
        body: ReactionBody,
        response: { 200: ReactionsResponse, ...errors },
      },
    },
    async (req) => ({
      reactions: (await d.messages.toggleReaction(authOf(req).user.id, req.params.id, req.body.emoji))
        .reactions,
    }),
  );

  app.get(
    '/api/messages/:id/readers',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Who has read a message and who has not',
        params: MessageIdParams,
        response: { 200: ReadersResponse, ...errors },
      },
    },
    async (req) => d.messages.readers(authOf(req).user.id, req.params.id),
  );
}
