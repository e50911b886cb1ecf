import {
  AnswerLinkBody,
  CreateLinkBody,
  DeviceLinkResponse,
  LinkIdParams,
  LinkKeyBody,
  LinkUsedBody,
  OkResponse,
  PendingLinkResponse,
} from '@messenger/shared';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { E2eLinkService } from './e2e-link.service.ts';

/**
 * Adding a device from another device under /api (E2E-105..E2E-108): the relay of a short-lived link session
 * between two devices of the signed-in user. It carries public keys, a commitment and sealed bytes only.
 */
export const e2eLinkModule: ModulePlugin<{ links: E2eLinkService; sessions: SessionsService }> = async (
  app,
  d,
) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['e2e'], errors: [400, 401, 404, 409, 429] });
  const wrap = async <T>(p: Promise<T>) => ({ link: await p });

  app.post(
    '/e2e/links',
    {
      schema: {
        summary: 'Ask my other devices to link this one (new device)',
        body: CreateLinkBody,
        response: { 200: DeviceLinkResponse },
      },
    },
    async (req) => wrap(d.links.create(userIdOf(req), req.body)),
  );

  app.get(
    '/e2e/links/pending',
    {
      schema: {
        summary: 'The newest open link request of my account (existing device)',
        response: { 200: PendingLinkResponse },
      },
    },
    async (req) => wrap(d.links.pending(userIdOf(req))),
  );

  app.get(
    '/e2e/links/:id',
    {
      schema: {
        summary: 'One of my link requests',
        params: LinkIdParams,
        response: { 200: DeviceLinkResponse },
      },
    },
    async (req) => wrap(d.links.get(userIdOf(req), req.params.id)),
  );

  app.post(
    '/e2e/links/:id/accept',
    {
      schema: {
        summary: "Give the existing device's ephemeral key (code path)",
        params: LinkIdParams,
        body: LinkKeyBody,
        response: { 200: DeviceLinkResponse },
      },
    },
    async (req) => wrap(d.links.accept(userIdOf(req), req.params.id, req.body)),
  );

  app.post(
    '/e2e/links/:id/reveal',
    {
      schema: {
        summary: "Reveal the new device's ephemeral key (code path)",
        params: LinkIdParams,
        body: LinkKeyBody,
        response: { 200: DeviceLinkResponse },
      },
    },
    async (req) => wrap(d.links.reveal(userIdOf(req), req.params.id, req.body)),
  );

  app.post(
    '/e2e/links/:id/answer',
    {
      schema: {
        summary: 'Hand the sealed secrets to the new device (existing device)',
        params: LinkIdParams,
        body: AnswerLinkBody,
        response: { 200: DeviceLinkResponse },
      },
    },
    async (req) => wrap(d.links.answer(userIdOf(req), req.params.id, req.body)),
  );

  app.post(
    '/e2e/links/:id/refuse',
    {
      schema: {
        summary: 'Refuse a link request (existing device)',
        params: LinkIdParams,
        response: { 200: DeviceLinkResponse },
      },
    },
    async (req) => wrap(d.links.refuse(userIdOf(req), req.params.id)),
  );

  app.post(
    '/e2e/links/:id/used',
    {
      schema: {
        summary: 'Record that a device of mine was linked from another device',
        params: LinkIdParams,
        body: LinkUsedBody,
        response: { 200: OkResponse },
      },
    },
    async (req) => {
      await d.links.used(userIdOf(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );
};
