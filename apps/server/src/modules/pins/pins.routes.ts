import {
  AckReport,
  CreatePinBody,
  OkResponse,
  PinParams,
  PinResponse,
  PinsResponse,
  RemindResponse,
  RoomIdParams,
} from '@messenger/shared';
import { z } from 'zod';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { localeFromHeader } from '../../http/locale.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { PinsService } from './pins.service.ts';

/**
 * Notices under /api: list, pin, unpin, acknowledge, the acknowledgement report (JSON and CSV), reminders
 * (PIN-*).
 */
export const pinsModule: ModulePlugin<{ pins: PinsService; sessions: SessionsService }> = async (app, d) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['pins'], errors: [400, 401, 403, 404, 409, 429] });

  app.get(
    '/rooms/:id/pins',
    {
      schema: {
        summary: "A room's notices, newest first",
        params: RoomIdParams,
        response: { 200: PinsResponse },
      },
    },
    async (req) => ({ pins: await d.pins.list(userIdOf(req), req.params.id) }),
  );

  app.get(
    '/pins/reminders',
    {
      schema: {
        summary: 'Notices that reminded me and still wait for my acknowledgement, in all my rooms',
        response: { 200: PinsResponse },
      },
    },
    async (req) => ({ pins: await d.pins.myReminders(userIdOf(req)) }),
  );

  app.post(
    '/rooms/:id/pins',
    {
      schema: {
        summary: 'Pin a message of the room, or write a notice',
        params: RoomIdParams,
        body: CreatePinBody,
        response: { 200: PinResponse },
      },
    },
    async (req) => ({ pin: await d.pins.create(userIdOf(req), req.params.id, req.body) }),
  );

  // The routes below name one notice of one room.
  const pin = { params: PinParams };

  app.delete(
    '/rooms/:id/pins/:pinId',
    {
      schema: {
        summary: 'Unpin (the person who pinned it, or a room admin)',
        ...pin,
        response: { 200: OkResponse },
      },
    },
    async (req) => {
      await d.pins.remove(userIdOf(req), req.params.id, req.params.pinId);
      return { ok: true as const };
    },
  );

  app.post(
    '/rooms/:id/pins/:pinId/ack',
    { schema: { summary: 'Acknowledge a notice', ...pin, response: { 200: PinResponse } } },
    async (req) => ({ pin: await d.pins.acknowledge(userIdOf(req), req.params.id, req.params.pinId) }),
  );

  app.get(
    '/rooms/:id/pins/:pinId/acks',
    {
      schema: {
        summary: 'Who has and has not acknowledged (author and admins)',
        ...pin,
        response: { 200: AckReport },
      },
    },
    async (req) => d.pins.report(userIdOf(req), req.params.id, req.params.pinId),
  );

  app.get(
    '/rooms/:id/pins/:pinId/acks.csv',
    {
      schema: {
        summary: 'The acknowledgement report as CSV (UTF-8 with BOM, for Excel)',
        ...pin,
        response: { 200: z.string() },
      },
    },
    async (req, reply) => {
      const locale = localeFromHeader(req.headers['accept-language']);
      const csv = await d.pins.reportCsv(userIdOf(req), req.params.id, req.params.pinId, locale);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="notice-acks-${req.params.pinId}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.post(
    '/rooms/:id/pins/:pinId/remind',
    {
      schema: {
        summary: 'Remind the members who have not acknowledged (author and admins; rate-limited)',
        ...pin,
        response: { 200: RemindResponse },
      },
    },
    async (req) => ({ reminded: await d.pins.remind(userIdOf(req), req.params.id, req.params.pinId) }),
  );
};
