import {
  AckReport,
  CreatePinBody,
  ErrorEnvelope,
  OkResponse,
  PinParams,
  PinResponse,
  PinsResponse,
  RemindResponse,
  RoomIdParams,
} from '@messenger/shared';
import { z } from 'zod';
import { authOf, requireAuth } from '../../http/auth-hook.ts';
import { localeFromHeader } from '../../http/locale.ts';
import type { HttpApp } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { PinsService } from './pins.service.ts';

const errors = {
  400: ErrorEnvelope,
  401: ErrorEnvelope,
  403: ErrorEnvelope,
  404: ErrorEnvelope,
  409: ErrorEnvelope,
  429: ErrorEnvelope,
};

/** Notices: list, pin, unpin, acknowledge, the acknowledgement report (JSON and CSV), reminders (PIN-*). */
export function pinsRoutes(app: HttpApp, d: { pins: PinsService; sessions: SessionsService }): void {
  const onRequest = requireAuth(d.sessions);
  const tags = ['pins'];

  app.get(
    '/api/rooms/:id/pins',
    {
      onRequest,
      schema: {
        tags,
        summary: "A room's notices, newest first",
        params: RoomIdParams,
        response: { 200: PinsResponse, ...errors },
      },
    },
    async (req) => ({ pins: await d.pins.list(authOf(req).user.id, req.params.id) }),
  );

  app.get(
    '/api/pins/reminders',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Notices that reminded me and still wait for my acknowledgement, in all my rooms',
        response: { 200: PinsResponse, ...errors },
      },
    },
    async (req) => ({ pins: await d.pins.myReminders(authOf(req).user.id) }),
  );

  app.post(
    '/api/rooms/:id/pins',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Pin a message of the room, or write a notice',
        params: RoomIdParams,
        body: CreatePinBody,
        response: { 200: PinResponse, ...errors },
      },
    },
    async (req) => ({ pin: await d.pins.create(authOf(req).user.id, req.params.id, req.body) }),
  );

  app.delete(
    '/api/rooms/:id/pins/:pinId',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Unpin (the person who pinned it, or a room admin)',
        params: PinParams,
        response: { 200: OkResponse, ...errors },
      },
    },
    async (req) => {
      await d.pins.remove(authOf(req).user.id, req.params.id, req.params.pinId);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/rooms/:id/pins/:pinId/ack',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Acknowledge a notice',
        params: PinParams,
        response: { 200: PinResponse, ...errors },
      },
    },
    async (req) => ({ pin: await d.pins.acknowledge(authOf(req).user.id, req.params.id, req.params.pinId) }),
  );

  app.get(
    '/api/rooms/:id/pins/:pinId/acks',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Who has and has not acknowledged (author and admins)',
        params: PinParams,
        response: { 200: AckReport, ...errors },
      },
    },
    async (req) => d.pins.report(authOf(req).user.id, req.params.id, req.params.pinId),
  );

  app.get(
    '/api/rooms/:id/pins/:pinId/acks.csv',
    {
      onRequest,
      schema: {
        tags,
        summary: 'The acknowledgement report as CSV (UTF-8 with BOM, for Excel)',
        params: PinParams,
        response: { 200: z.string(), ...errors },
      },
    },
    async (req, reply) => {
      const locale = localeFromHeader(req.headers['accept-language']);
      const csv = await d.pins.reportCsv(authOf(req).user.id, req.params.id, req.params.pinId, locale);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="notice-acks-${req.params.pinId}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.post(
    '/api/rooms/:id/pins/:pinId/remind',
    {
      onRequest,
      schema: {
        tags,
        summary: 'Remind the members who have not acknowledged (author and admins; rate-limited)',
        params: PinParams,
        response: { 200: RemindResponse, ...errors },
      },
    },
    async (req) => ({ reminded: await d.pins.remind(authOf(req).user.id, req.params.id, req.params.pinId) }),
  );
}
