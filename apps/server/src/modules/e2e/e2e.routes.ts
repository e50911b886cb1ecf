import {
  ChangeIdentityBody,
  CiphertextMessageParams,
  ClaimKeyPackagesBody,
  ClaimKeyPackagesResponse,
  CommitAccepted,
  CommitsQuery,
  CommitsResponse,
  CreateGroupBody,
  DeviceParams,
  DeviceResponse,
  DevicesQuery,
  DevicesResponse,
  E2eMessageResponse,
  EditCiphertextBody,
  EpochConflict,
  GroupInfoResponse,
  GroupResponse,
  IdentityResponse,
  KeyPackageStock,
  OkResponse,
  RegisterDeviceBody,
  RoomIdParams,
  SendCiphertextBody,
  SubmitCommitBody,
  UploadKeyPackagesBody,
  WelcomeParams,
  WelcomesResponse,
  errorMessage,
} from '@messenger/shared';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { localeFromHeader } from '../../http/locale.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { Scheduler } from '../../scheduler.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { E2eDevicesService } from './e2e-devices.service.ts';
import { EpochConflictError, type E2eService } from './e2e.service.ts';

/** How often commits past the handshake log's retention are forgotten (E2E-26). */
const PRUNE_EVERY_MS = 6 * 3600 * 1000;

/**
 * The MLS Delivery Service under /api (E2E-20..E2E-29, E2E-42, E2E-43): my devices and identity, key
 * packages, and each room's group, handshake log, welcomes and encrypted messages (timeline messages).
 * Every MLS object is an opaque base64url string (decisions 0006, 0008).
 */
export const e2eModule: ModulePlugin<{
  e2e: E2eService;
  devices: E2eDevicesService;
  sessions: SessionsService;
  scheduler: Scheduler;
}> = async (app, d) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['e2e'], errors: [400, 401, 403, 404, 409, 429] });
  d.scheduler.add({
    name: 'e2e handshake log',
    everyMs: PRUNE_EVERY_MS,
    run: () => d.e2e.pruneHandshakeLog(),
  });

  app.post(
    '/e2e/devices',
    {
      schema: {
        summary: 'Register one of my devices (and my master key, the first time)',
        body: RegisterDeviceBody,
        response: { 200: DeviceResponse },
      },
    },
    async (req) => d.devices.registerDevice(userIdOf(req), req.body),
  );

  app.get(
    '/e2e/devices',
    {
      schema: {
        summary: 'Devices and master keys of the given users, or of everyone I share a room with',
        querystring: DevicesQuery,
        response: { 200: DevicesResponse },
      },
    },
    async (req) => d.devices.devices(userIdOf(req), req.query.userIds),
  );

  app.delete(
    '/e2e/devices/:deviceId',
    {
      schema: {
        summary: 'Revoke one of my devices',
        params: DeviceParams,
        response: { 200: DeviceResponse.pick({ device: true }) },
      },
    },
    async (req) => ({ device: await d.devices.revokeDevice(userIdOf(req), req.params.deviceId) }),
  );

  app.put(
    '/e2e/identity',
    {
      schema: {
        summary: 'Change my master key (an identity change; revokes my devices)',
        body: ChangeIdentityBody,
        response: { 200: IdentityResponse },
      },
    },
    async (req) => ({ identity: await d.devices.changeIdentity(userIdOf(req), req.body) }),
  );

  app.post(
    '/e2e/devices/:deviceId/key-packages',
    {
      schema: {
        summary: "Add key packages to my device's stock",
        params: DeviceParams,
        body: UploadKeyPackagesBody,
        response: { 200: KeyPackageStock },
      },
    },
    async (req) => d.devices.uploadKeyPackages(userIdOf(req), req.params.deviceId, req.body),
  );

  app.get(
    '/e2e/devices/:deviceId/key-packages',
    {
      schema: {
        summary: 'How many key packages my device has left',
        params: DeviceParams,
        response: { 200: KeyPackageStock },
      },
    },
    async (req) => d.devices.stock(userIdOf(req), req.params.deviceId),
  );

  app.post(
    '/e2e/key-packages/claim',
    {
      schema: {
        summary: 'One key package per device of these users',
        body: ClaimKeyPackagesBody,
        response: { 200: ClaimKeyPackagesResponse },
      },
    },
    async (req) => d.devices.claim(userIdOf(req), req.body.userIds),
  );

  app.get(
    '/e2e/devices/:deviceId/welcomes',
    {
      schema: {
        summary: 'Welcomes waiting for my device',
        params: DeviceParams,
        response: { 200: WelcomesResponse },
      },
    },
    async (req) => ({ welcomes: await d.e2e.welcomes(userIdOf(req), req.params.deviceId) }),
  );

  app.delete(
    '/e2e/devices/:deviceId/welcomes/:welcomeId',
    {
      schema: {
        summary: 'Drop a welcome my device has taken',
        params: WelcomeParams,
        response: { 200: OkResponse },
      },
    },
    async (req) => {
      await d.e2e.deleteWelcome(userIdOf(req), req.params.deviceId, req.params.welcomeId);
      return { ok: true as const };
    },
  );

  const room = { params: RoomIdParams };

  app.post(
    '/rooms/:id/e2e/group',
    {
      schema: {
        summary: "Create the room's MLS group at epoch 0",
        ...room,
        body: CreateGroupBody,
        response: { 200: GroupResponse },
      },
    },
    async (req) => ({ group: await d.e2e.createGroup(userIdOf(req), req.params.id, req.body) }),
  );

  app.get(
    '/rooms/:id/e2e/group',
    {
      schema: {
        summary: "The room's MLS group: id, epoch, pending removal",
        ...room,
        response: { 200: GroupResponse },
      },
    },
    async (req) => ({ group: await d.e2e.group(userIdOf(req), req.params.id) }),
  );

  app.post(
    '/rooms/:id/e2e/commits',
    {
      schema: {
        summary: 'Submit a commit made at an epoch (one winner per epoch)',
        ...room,
        body: SubmitCommitBody,
        response: { 200: CommitAccepted, 409: EpochConflict },
      },
    },
    async (req, reply) => {
      try {
        return await d.e2e.submitCommit(userIdOf(req), req.params.id, req.body);
      } catch (err) {
        if (!(err instanceof EpochConflictError)) throw err;
        const locale = localeFromHeader(req.headers['accept-language']);
        return reply.status(409).send({
          error: errorMessage(err.code, locale),
          code: err.code,
          currentEpoch: err.currentEpoch,
          commits: err.commits,
        });
      }
    },
  );

  app.get(
    '/rooms/:id/e2e/commits',
    {
      schema: {
        summary: 'The handshake log from an epoch on',
        ...room,
        querystring: CommitsQuery,
        response: { 200: CommitsResponse },
      },
    },
    async (req) => d.e2e.commitsSince(userIdOf(req), req.params.id, req.query.since),
  );

  app.get(
    '/rooms/:id/e2e/group-info',
    { schema: { summary: "The group's latest GroupInfo", ...room, response: { 200: GroupInfoResponse } } },
    async (req) => d.e2e.groupInfo(userIdOf(req), req.params.id),
  );

  app.post(
    '/rooms/:id/e2e/messages',
    {
      schema: {
        summary: "Send an encrypted message (an envelope of the current epoch) to the room's timeline",
        ...room,
        body: SendCiphertextBody,
        response: { 200: E2eMessageResponse },
      },
    },
    async (req) => ({ message: await d.e2e.send(userIdOf(req), req.params.id, req.body) }),
  );

  app.put(
    '/rooms/:id/e2e/messages/:messageId',
    {
      schema: {
        summary: 'Replace my encrypted message with its edited envelope',
        params: CiphertextMessageParams,
        body: EditCiphertextBody,
        response: { 200: E2eMessageResponse },
      },
    },
    async (req) => ({
      message: await d.e2e.edit(userIdOf(req), req.params.id, req.params.messageId, req.body),
    }),
  );
};
