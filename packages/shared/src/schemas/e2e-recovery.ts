import { z } from 'zod';
import { Timestamp } from './common.ts';
import { Epoch, Opaque } from './e2e.ts';

/**
 * Recovery (E2E-63..E2E-66, design 5.6): one secret store per user (the master key seed and the backup key
 * sealed under a key derived from the recovery key) and history entries (one epoch's keys sealed under the
 * backup key, per user, room and epoch). The server stores them as opaque base64url strings and can open
 * none of them.
 */

/** Size limits of the recovery objects, in base64url characters. */
export const E2E_RECOVERY_LIMITS = {
  /** The secret store (about 150 characters today; room for a passphrase wrap later). */
  secretStoreMax: 4096,
  /** One history entry: a content key and the signing keys of up to 300 member devices. */
  historyEntryMax: 40_000,
  /** Entries per upload. */
  historyEntriesPerPost: 100,
  /** Entries answered per page of `GET /rooms/:id/e2e/history-keys`. */
  historyPage: 100,
} as const;

/** My secret store as the server holds it. */
export const SecretStore = z.object({
  /** Bumped by each PUT; part of the blob's AAD, so an older blob cannot be replayed as the current one. */
  version: z.number().int().min(1),
  /** The sealed store, opaque. */
  blob: z.string(),
  updatedAt: Timestamp,
});
export type SecretStore = z.infer<typeof SecretStore>;
export const SecretStoreResponse = z.object({ secretStore: SecretStore }).meta({ id: 'SecretStoreResponse' });

/**
 * `PUT /api/e2e/secret-store`: set up recovery, or replace it with a new recovery key (E2E-63). `fromVersion` is
 * the version I replace (0 when there is none); the server stores `fromVersion + 1` or answers 409
 * `e2e.secret_store_stale`.
 */
export const PutSecretStoreBody = z
  .object({
    fromVersion: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER - 1),
    blob: Opaque(E2E_RECOVERY_LIMITS.secretStoreMax),
  })
  .strict()
  .meta({ id: 'PutSecretStoreBody' });
export type PutSecretStoreBody = z.infer<typeof PutSecretStoreBody>;

/** `POST /api/e2e/secret-store/used`: a new device of mine was set up from the recovery key (audited, E2E-63). */
export const RecoveryUsedBody = z
  .object({ deviceId: z.string().min(1).max(64), version: z.number().int().min(1) })
  .strict()
  .meta({ id: 'RecoveryUsedBody' });
export type RecoveryUsedBody = z.infer<typeof RecoveryUsedBody>;

/** One history entry: an epoch's keys of a room, sealed under my backup key. */
export const HistoryEntry = z.object({
  roomId: z.string().min(1).max(64),
  epoch: Epoch,
  blob: Opaque(E2E_RECOVERY_LIMITS.historyEntryMax),
});

/**
 * `POST /api/e2e/history-keys` (E2E-64): entries to keep; one already stored for the same room and epoch is
 * left as it is (the first of my devices wins).
 */
export const PostHistoryKeysBody = z
  .object({ entries: z.array(HistoryEntry).min(1).max(E2E_RECOVERY_LIMITS.historyEntriesPerPost) })
  .strict()
  .meta({ id: 'PostHistoryKeysBody' });
export type PostHistoryKeysBody = z.infer<typeof PostHistoryKeysBody>;
export const PostHistoryKeysResponse = z
  .object({
    /** Entries newly stored (an entry already there counts as kept, not stored). */
    stored: z.number().int(),
    /** Rooms whose entries were not taken: not an encrypted room I am a member of. */
    refused: z.array(z.string()),
  })
  .meta({ id: 'PostHistoryKeysResponse' });
export type PostHistoryKeysResponse = z.infer<typeof PostHistoryKeysResponse>;

/** `GET /api/rooms/:id/e2e/history-keys?after=`: my entries of the room, epochs above `after`, in order. */
export const HistoryKeysQuery = z.object({ after: z.coerce.number().int().min(-1).default(-1) });
export const HistoryKeysResponse = z
  .object({
    entries: z.array(z.object({ epoch: Epoch, blob: z.string() })),
    hasMore: z.boolean(),
  })
  .meta({ id: 'HistoryKeysResponse' });
export type HistoryKeysResponse = z.infer<typeof HistoryKeysResponse>;

/**
 * A verified mark shared with my own devices (E2E-89, design 5.9): I verified `userId`'s master key `mskPub`;
 * `sig` is my master key's signature of it, which my devices check before they believe it.
 */
export const VerifiedMark = z.object({
  userId: z.string(),
  mskPub: z.string(),
  sig: z.string(),
  updatedAt: Timestamp,
});
export type VerifiedMark = z.infer<typeof VerifiedMark>;
export const VerifiedMarksResponse = z
  .object({ marks: z.array(VerifiedMark) })
  .meta({ id: 'VerifiedMarksResponse' });
export type VerifiedMarksResponse = z.infer<typeof VerifiedMarksResponse>;

/** `PUT /api/e2e/verified-marks/:userId`: keep my mark for this person (the latest replaces the one before). */
export const PutVerifiedMarkBody = z
  .object({
    /** An Ed25519 public key: 32 bytes, 43 base64url characters. */
    mskPub: Opaque(43).length(43),
    /** An Ed25519 signature: 64 bytes, 86 base64url characters. */
    sig: Opaque(86).length(86),
  })
  .strict()
  .meta({ id: 'PutVerifiedMarkBody' });
export type PutVerifiedMarkBody = z.infer<typeof PutVerifiedMarkBody>;
export const VerifiedMarkParams = z.object({ userId: z.string().min(1).max(64) });
export const VerifiedMarkResponse = z.object({ mark: VerifiedMark }).meta({ id: 'VerifiedMarkResponse' });
