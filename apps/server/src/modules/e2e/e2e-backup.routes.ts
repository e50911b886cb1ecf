import {
  HistoryKeysQuery,
  HistoryKeysResponse,
  OkResponse,
  PostHistoryKeysBody,
  PostHistoryKeysResponse,
  PutSecretStoreBody,
  PutVerifiedMarkBody,
  RecoveryUsedBody,
  RoomIdParams,
  SecretStoreResponse,
  VerifiedMarkParams,
  VerifiedMarkResponse,
  VerifiedMarksResponse,
} from '@messenger/shared';
import { requireAuth, userIdOf } from '../../http/auth-hook.ts';
import { routeDefaults } from '../../http/route-defaults.ts';
import type { ModulePlugin } from '../../http/types.ts';
import type { SessionsService } from '../sessions/sessions.service.ts';
import type { E2eBackupService } from './e2e-backup.service.ts';

/**
 * Recovery under /api (E2E-63..E2E-66): my secret store and my history entries, opaque base64url blobs the
 * server keeps and can open none of; and my verified marks (E2E-89), which only my master key can sign.
 */
export const e2eBackupModule: ModulePlugin<{ backup: E2eBackupService; sessions: SessionsService }> = async (
  app,
  d,
) => {
  requireAuth(app, d.sessions);
  routeDefaults(app, { tags: ['e2e'], errors: [400, 401, 404, 409, 429] });

  app.get(
    '/e2e/secret-store',
    {
      schema: {
        summary: 'My secret store (sealed under my recovery key)',
        response: { 200: SecretStoreResponse },
      },
    },
    async (req) => ({ secretStore: await d.backup.secretStore(userIdOf(req)) }),
  );

  app.put(
    '/e2e/secret-store',
    {
      schema: {
        summary: 'Set up or replace my secret store, from the version I last saw',
        body: PutSecretStoreBody,
        response: { 200: SecretStoreResponse },
      },
    },
    async (req) => ({ secretStore: await d.backup.putSecretStore(userIdOf(req), req.body) }),
  );

  app.post(
    '/e2e/secret-store/used',
    {
      schema: {
        summary: 'Record that a device of mine was set up from my recovery key',
        body: RecoveryUsedBody,
        response: { 200: OkResponse },
      },
    },
    async (req) => {
      await d.backup.recoveryUsed(userIdOf(req), req.body);
      return { ok: true as const };
    },
  );

  app.post(
    '/e2e/history-keys',
    {
      schema: {
        summary: 'Keep history entries (epoch keys sealed under my backup key)',
        body: PostHistoryKeysBody,
        response: { 200: PostHistoryKeysResponse },
      },
    },
    async (req) => d.backup.postHistoryKeys(userIdOf(req), req.body),
  );

  app.get(
    '/rooms/:id/e2e/history-keys',
    {
      schema: {
        summary: 'My history entries of a room',
        params: RoomIdParams,
        querystring: HistoryKeysQuery,
        response: { 200: HistoryKeysResponse },
      },
    },
    async (req) => d.backup.historyKeys(userIdOf(req), req.params.id, req.query.after),
  );

  app.get(
    '/e2e/verified-marks',
    {
      schema: {
        summary: 'My verified marks, signed by my master key, for my other devices',
        response: { 200: VerifiedMarksResponse },
      },
    },
    async (req) => ({ marks: await d.backup.verifiedMarks(userIdOf(req)) }),
  );

  app.put(
    '/e2e/verified-marks/:userId',
    {
      schema: {
        summary: "Keep my verified mark of a person's master key",
        params: VerifiedMarkParams,
        body: PutVerifiedMarkBody,
        response: { 200: VerifiedMarkResponse },
      },
    },
    async (req) => ({ mark: await d.backup.putVerifiedMark(userIdOf(req), req.params.userId, req.body) }),
  );
};
