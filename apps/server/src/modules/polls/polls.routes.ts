import {
  CreatePollBody,
  PollIdParams,
  PollResponse,
  PollsResponse,
  RoomIdParams,
  VoteBody,
} from '@messenger/shared';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { Scheduler } from '../../scheduler.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { PollsService } from './polls.service.ts';

export interface PollsModuleDeps {
  polls: PollsService;
  sessions: SessionsService;
  scheduler: Scheduler;
  /** Seconds between sweeps that close polls past their deadline (POLL-3). */
  sweepSeconds: number;
}

/** Polls under /api: list and create in a room, vote, close early; the sweep of expired polls (POLL-*). */
export const pollsModule: ModulePlugin<PollsModuleDeps> = async (app, d) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['polls'], errors: [400, 401, 403, 404, 409] });
  d.scheduler.add({ name: 'poll sweep', everyMs: d.sweepSeconds * 1000, run: () => d.polls.sweep() });
  const poll = { params: PollIdParams, response: { 200: PollResponse } };

  app.get(
    '/rooms/:id/polls',
    {
      schema: {
        summary: "A room's polls, newest first, with the caller's choices",
        params: RoomIdParams,
        response: { 200: PollsResponse },
      },
    },
    async (req) => ({ polls: await d.polls.list(userIdOf(req), req.params.id) }),
  );

  app.post(
    '/rooms/:id/polls',
    {
      schema: {
        summary: 'Create a poll (shown as a message in the timeline)',
        params: RoomIdParams,
        body: CreatePollBody,
        response: { 200: PollResponse },
      },
    },
    async (req) => ({ poll: await d.polls.create(userIdOf(req), req.params.id, req.body) }),
  );

  app.get(
    '/polls/:id',
    { schema: { summary: "One poll with the caller's choices", ...poll } },
    async (req) => ({ poll: await d.polls.get(userIdOf(req), req.params.id) }),
  );

  app.post(
    '/polls/:id/vote',
    {
      schema: {
        summary: 'Vote (single choice replaces; the same option again in multiple choice takes it back)',
        body: VoteBody,
        ...poll,
      },
    },
    async (req) => ({ poll: await d.polls.vote(userIdOf(req), req.params.id, req.body.optionId) }),
  );

  app.post(
    '/polls/:id/close',
    { schema: { summary: 'Close a poll early (creator or room admin)', ...poll } },
    async (req) => ({ poll: await d.polls.close(userIdOf(req), req.params.id) }),
  );
};
