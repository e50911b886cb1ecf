import {
  CreatePollBody,
  ErrorEnvelope,
  PollIdParams,
  PollResponse,
  PollsResponse,
  RoomIdParams,
  VoteBody,
} from '@messenger/shared';
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import type { HttpApp } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { PollsService } from './polls.service.ts';

const errors = {
  400: ErrorEnvelope,
  401: ErrorEnvelope,
  403: ErrorEnvelope,
  404: ErrorEnvelope,
  409: ErrorEnvelope,
};

/** Polls: list and create in a room, vote, close early (POLL-*). */
export function pollsRoutes(app: HttpApp, d: { polls: PollsService; sessions: SessionsService }): void {
  const onRequest = requireAuth(d.sessions);
  const tags = ['polls'];

  app.get(
    '/api/rooms/:id/polls',
    {
      onRequest,
      schema: {
        tags,
        summary: "A room's polls, newest first, with the caller's choices",
        params: RoomIdParams,
        response: { 200: PollsResponse, ...errors },
      },
    },
    async (req) => ({ polls: await d.polls.list(authOf(req).user.id, req.params.id) }),
  );

  app.post(
    '/api/rooms/:id/polls',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Create a poll (shown as a message in the timeline)',
        params: RoomIdParams,
        body: CreatePollBody,
        response: { 200: PollResponse, ...errors },
      },
    },
    async (req) => ({ poll: await d.polls.create(authOf(req).user.id, req.params.id, req.body) }),
  );

  app.get(
    '/api/polls/:id',
    {
      onRequest,
      schema: {
        tags,
        summary: "One poll with the caller's choices",
        params: PollIdParams,
        response: { 200: PollResponse, ...errors },
      },
    },
    async (req) => ({ poll: await d.polls.get(authOf(req).user.id, req.params.id) }),
  );

  app.post(
    '/api/polls/:id/vote',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Vote (single choice replaces; the same option again in multiple choice takes it back)',
        params: PollIdParams,
        body: VoteBody,
        response: { 200: PollResponse, ...errors },
      },
    },
    async (req) => ({ poll: await d.polls.vote(authOf(req).user.id, req.params.id, req.body.optionId) }),
  );

  app.post(
    '/api/polls/:id/close',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Close a poll early (creator or room admin)',
        params: PollIdParams,
        response: { 200: PollResponse, ...errors },
      },
    },
    async (req) => ({ poll: await d.polls.close(authOf(req).user.id, req.params.id) }),
  );
}
