import { z } from 'zod';
import { Timestamp } from './common.ts';
import { FILE_LIMITS } from './files.ts';
import { Message } from './messages.ts';

/**
 * The server as MLS Delivery Service (E2E-20..E2E-29). Every MLS object (device certificate, key package,
 * commit, welcome, group info, application ciphertext) is opaque to the server: it travels as a base64url
 * string over HTTP in this first step (decision 0006) and is stored and returned byte for byte. The server
 * only reads the fields beside it: group id, epoch, kind, device ids.
 */

/** Size limits of the opaque objects, in base64url characters (about 4/3 of their bytes). */
export const E2E_LIMITS = {
  /** Device certificate `cert ‖ sig` (a few hundred bytes). */
  certMax: 4096,
  /** A master or device public key. */
  keyMax: 256,
  /** One key package (an Ed25519/X25519 one is about 300 bytes; room for extensions). */
  keyPackageMax: 8192,
  /** Devices (not revoked) one user may have registered at once. */
  devicesPerUserMax: 50,
  /** Key packages per upload. */
  keyPackagesPerUpload: 100,
  /** Unused ordinary key packages a device may hold (design 5.3 keeps 20 or more). */
  keyPackageStockMax: 200,
  /** Users per claim. */
  claimUsersMax: 100,
  /**
   * A commit, welcome or group info: grows with the group (300 leaves at most). The whole JSON body is also
   * capped at 1 MiB by the platform (413 `request.too_large`).
   */
  handshakeMax: 700_000,
  /** Recipient devices of one welcome. */
  welcomeRecipientsMax: 300,
  /** One application message's ciphertext (padded envelope). */
  ciphertextMax: 180_000,
  /** Commits answered per `commits?since=` page. */
  commitsPage: 100,
} as const;

/** Opaque bytes as an unpadded base64url string. */
export const Opaque = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'validation.base64url');

/** A device id chosen by the client (the certificate's `did`). */
export const DeviceId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'validation.device_id');

/** An MLS epoch (uint64 in MLS; our groups stay far below 2^53). */
export const Epoch = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** `POST /api/e2e/devices`: register one of my devices, and my master public key on first use (E2E-20). */
export const RegisterDeviceBody = z
  .object({
    /** The device id in the certificate. */
    deviceId: DeviceId,
    /** The device certificate signed by my master key, opaque. */
    cert: Opaque(E2E_LIMITS.certMax),
    /** My master signing public key; must equal the stored one (a change goes through `PUT /identity`). */
    mskPub: Opaque(E2E_LIMITS.keyMax),
  })
  .meta({ id: 'RegisterDeviceBody' });
export type RegisterDeviceBody = z.infer<typeof RegisterDeviceBody>;

/** `PUT /api/e2e/identity`: replace my master public key, an explicit identity change (E2E-21). */
export const ChangeIdentityBody = z
  .object({
    /** The new master signing public key. */
    mskPub: Opaque(E2E_LIMITS.keyMax),
    /** The version I replace: a change made from a stale view is refused. */
    fromVersion: z.number().int().min(1),
  })
  .meta({ id: 'ChangeIdentityBody' });
export type ChangeIdentityBody = z.infer<typeof ChangeIdentityBody>;

/** A user's master public key as the server stores it. */
export const E2eIdentity = z.object({
  userId: z.string(),
  /** Master signing public key, opaque. */
  mskPub: z.string(),
  /** 1 at first registration, +1 at each identity change. */
  mskVersion: z.number().int(),
});
export type E2eIdentity = z.infer<typeof E2eIdentity>;

/** One device of a user. */
export const E2eDevice = z.object({
  userId: z.string(),
  deviceId: z.string(),
  /** The certificate as uploaded, opaque. */
  cert: z.string(),
  createdAt: Timestamp,
  /** When its owner revoked it; revoked devices are listed so clients can refuse them. */
  revokedAt: Timestamp.nullable(),
});
export type E2eDevice = z.infer<typeof E2eDevice>;

export const IdentityResponse = z.object({ identity: E2eIdentity }).meta({ id: 'E2eIdentityResponse' });
export const DeviceResponse = z
  .object({ device: E2eDevice, identity: E2eIdentity })
  .meta({ id: 'E2eDeviceResponse' });

/** `GET /api/e2e/devices?userIds=a,b`: devices of these users (or of everyone I share a room with). */
export const DevicesQuery = z.object({
  /** Comma-separated user ids; omitted: every user I share a room with, and me. */
  userIds: z
    .string()
    .max(100 * 65)
    .transform((v) => [...new Set(v.split(',').filter((s) => s.length > 0))])
    .pipe(z.array(z.string().min(1).max(64)).max(100))
    .optional(),
});

/** Devices and master keys of several users. */
export const DevicesResponse = z
  .object({ identities: z.array(E2eIdentity), devices: z.array(E2eDevice) })
  .meta({ id: 'E2eDevicesResponse' });
export type DevicesResponse = z.infer<typeof DevicesResponse>;

/** Path parameter `:deviceId`. */
export const DeviceParams = z.object({ deviceId: DeviceId });

/** `POST /api/e2e/devices/:deviceId/key-packages`: add key packages to my device's stock (E2E-22). */
export const UploadKeyPackagesBody = z
  .object({
    keyPackages: z
      .array(
        z.object({
          /** The key package, opaque. */
          data: Opaque(E2E_LIMITS.keyPackageMax),
          /** Handed out, never used up, when the ordinary stock is empty; a new one replaces the old. */
          lastResort: z.boolean().default(false),
        }),
      )
      .min(1)
      .max(E2E_LIMITS.keyPackagesPerUpload)
      .refine((kps) => kps.filter((k) => k.lastResort).length <= 1, 'validation.one_last_resort'),
  })
  .meta({ id: 'UploadKeyPackagesBody' });
export type UploadKeyPackagesBody = z.input<typeof UploadKeyPackagesBody>;

/** How many key packages my device has left. */
export const KeyPackageStock = z
  .object({ ordinary: z.number().int(), lastResort: z.boolean() })
  .meta({ id: 'KeyPackageStock' });
export type KeyPackageStock = z.infer<typeof KeyPackageStock>;

/** `POST /api/e2e/key-packages/claim`: one key package per device of these users (E2E-23). */
export const ClaimKeyPackagesBody = z
  .object({
    /** Users I share a room with (an invitee shares it once invited: invite, then claim, then commit). */
    userIds: z.array(z.string().min(1).max(64)).min(1).max(E2E_LIMITS.claimUsersMax),
  })
  .meta({ id: 'ClaimKeyPackagesBody' });
export type ClaimKeyPackagesBody = z.infer<typeof ClaimKeyPackagesBody>;

/** One claimed key package. */
export const ClaimedKeyPackage = z.object({
  userId: z.string(),
  deviceId: z.string(),
  /** The key package, opaque. */
  data: z.string(),
  /** It was the device's last-resort package (still in its stock). */
  lastResort: z.boolean(),
});
export const ClaimKeyPackagesResponse = z
  .object({
    keyPackages: z.array(ClaimedKeyPackage),
    /** Devices (not revoked) with no key package at all. */
    exhausted: z.array(z.object({ userId: z.string(), deviceId: z.string() })),
  })
  .meta({ id: 'ClaimKeyPackagesResponse' });
export type ClaimKeyPackagesResponse = z.infer<typeof ClaimKeyPackagesResponse>;

/** A room's MLS group as the server knows it. */
export const E2eGroup = z.object({
  roomId: z.string(),
  /** The MLS group id, opaque. */
  groupId: z.string(),
  epoch: Epoch,
  /** A member left or was removed: application messages wait for a commit at this epoch (E2E-27). */
  rekeyPending: z.boolean(),
});
export type E2eGroup = z.infer<typeof E2eGroup>;
export const GroupResponse = z.object({ group: E2eGroup }).meta({ id: 'E2eGroupResponse' });

/** `POST /api/rooms/:id/e2e/group`: the room's group at epoch 0, made once by a member (E2E-24). */
export const CreateGroupBody = z
  .object({
    groupId: Opaque(64),
    /** The GroupInfo of epoch 0. */
    groupInfo: Opaque(E2E_LIMITS.handshakeMax),
  })
  .meta({ id: 'CreateE2eGroupBody' });
export type CreateGroupBody = z.infer<typeof CreateGroupBody>;

/** `POST /api/rooms/:id/e2e/commits`: a commit made at `epoch`, moving the group to `epoch + 1` (E2E-25). */
export const SubmitCommitBody = z
  .object({
    /** The epoch the commit was made in. */
    epoch: Epoch,
    /** The commit (an MLS PublicMessage), opaque. */
    commit: Opaque(E2E_LIMITS.handshakeMax),
    /** The welcome for the devices it adds, with their ids (the server delivers it to them only). */
    welcome: z
      .object({
        data: Opaque(E2E_LIMITS.handshakeMax),
        deviceIds: z.array(DeviceId).min(1).max(E2E_LIMITS.welcomeRecipientsMax),
      })
      .optional(),
    /** The GroupInfo of the new epoch. */
    groupInfo: Opaque(E2E_LIMITS.handshakeMax),
  })
  .meta({ id: 'SubmitCommitBody' });
export type SubmitCommitBody = z.infer<typeof SubmitCommitBody>;

/** One commit of the handshake log. */
export const E2eCommit = z.object({
  /** The epoch it was made in (it moved the group to `epoch + 1`). */
  epoch: Epoch,
  /** The commit, opaque. */
  commit: z.string(),
  senderId: z.string(),
  createdAt: Timestamp,
});
export type E2eCommit = z.infer<typeof E2eCommit>;

export const CommitAccepted = z.object({ epoch: Epoch }).meta({ id: 'E2eCommitAccepted' });

/** 409 `e2e.epoch_conflict`: another commit won; apply these and retry at `currentEpoch` (E2E-25). */
export const EpochConflict = z
  .object({
    error: z.string(),
    code: z.string(),
    currentEpoch: Epoch,
    /** The commits from the submitted epoch on, oldest first. */
    commits: z.array(E2eCommit),
  })
  .meta({ id: 'E2eEpochConflict' });
export type EpochConflict = z.infer<typeof EpochConflict>;

/** `GET /api/rooms/:id/e2e/commits?since=<epoch>` (E2E-26). */
export const CommitsQuery = z.object({ since: z.coerce.number().pipe(Epoch) });
export const CommitsResponse = z
  .object({
    currentEpoch: Epoch,
    commits: z.array(E2eCommit),
    /** More commits follow the last one (ask again from its epoch + 1). */
    hasMore: z.boolean(),
  })
  .meta({ id: 'E2eCommitsResponse' });
export type CommitsResponse = z.infer<typeof CommitsResponse>;

export const GroupInfoResponse = z
  .object({ epoch: Epoch, groupInfo: z.string() })
  .meta({ id: 'E2eGroupInfoResponse' });

/** A welcome waiting for one of my devices. */
export const E2eWelcome = z.object({
  id: z.string(),
  roomId: z.string(),
  /** The epoch the device joins at. */
  epoch: Epoch,
  /** The welcome, opaque. */
  data: z.string(),
  createdAt: Timestamp,
});
export const WelcomesResponse = z.object({ welcomes: z.array(E2eWelcome) }).meta({ id: 'E2eWelcomes' });
export const WelcomeParams = z.object({ deviceId: DeviceId, welcomeId: z.string().min(1).max(64) });

/**
 * `POST /api/rooms/:id/e2e/messages`: an application message for the current epoch (E2E-27, E2E-42). It
 * becomes a message of the room's timeline (kind `e2e`, a sequence number, read counts), the envelope as
 * its `ciphertext`. Sending the same id again returns the stored message.
 */
export const SendCiphertextBody = z
  .object({
    /** The message id, chosen by the client (UUIDv7): the envelope header's `msgId`. */
    id: z.uuid(),
    epoch: Epoch,
    /** The sending device. */
    deviceId: DeviceId,
    /** The envelope (header, ciphertext, signature), opaque. */
    ciphertext: Opaque(E2E_LIMITS.ciphertextMax),
    /**
     * Encrypted blobs (files and their thumbnails) this message carries, uploaded by the sender to this room
     * and not yet used (E2E-72): they are deleted with the message.
     */
    fileIds: z
      .array(z.uuid())
      .max(FILE_LIMITS.filesPerMessage * 2)
      .optional(),
  })
  .strict()
  .meta({ id: 'SendCiphertextBody' });
export type SendCiphertextBody = z.infer<typeof SendCiphertextBody>;

/**
 * `PUT /api/rooms/:id/e2e/messages/:messageId`: its sender replaces an `e2e` message's envelope with an
 * edited one of the current epoch (E2E-43); `editedAt` is set and members get `message:updated`.
 */
export const EditCiphertextBody = z
  .object({
    epoch: Epoch,
    deviceId: DeviceId,
    ciphertext: Opaque(E2E_LIMITS.ciphertextMax),
  })
  .strict()
  .meta({ id: 'EditCiphertextBody' });
export type EditCiphertextBody = z.infer<typeof EditCiphertextBody>;
export const CiphertextMessageParams = z.object({
  id: z.string().min(1).max(64),
  messageId: z.string().min(1).max(64),
});

/** What `POST` and `PUT` of an `e2e` message answer: the timeline's message (kind `e2e`, E2E-42, E2E-43). */
export const E2eMessageResponse = z.object({ message: Message }).meta({ id: 'E2eMessageResponse' });

/**
 * A user registered a new E2E device (E2E-44), to the channels of that user's E2E rooms: members' devices
 * add it to the room's group (the key packages are claimed from the server as usual).
 */
export const E2eDeviceAdded = z.object({ userId: z.string(), deviceId: z.string() });
export type E2eDeviceAdded = z.infer<typeof E2eDeviceAdded>;

/** Bytes AES-GCM adds to each 1 MiB chunk of an encrypted file (the STREAM construction, design 5.5). */
const FILE_CHUNK_BYTES = 1024 * 1024;
const FILE_TAG_BYTES = 16;

/**
 * The largest encrypted blob of a file of `plainBytes`: one 16-byte tag per started 1 MiB chunk (an empty file
 * is one empty chunk). The server caps blob uploads at this for the largest file allowed (E2E-70).
 */
export function sealedFileSize(plainBytes: number): number {
  return plainBytes + Math.max(1, Math.ceil(plainBytes / FILE_CHUNK_BYTES)) * FILE_TAG_BYTES;
}

/** Path parameters `:id/e2e/files/:fileId`. */
export const E2eFileParams = z.object({ id: z.string().min(1).max(64), fileId: z.uuid() });

/** What `POST /api/rooms/:id/e2e/files` answers: the id of the stored blob, to name in the message (E2E-70). */
export const E2eFileResponse = z
  .object({
    /** The blob's id, made by the server. */
    fileId: z.uuid(),
  })
  .meta({ id: 'E2eFileResponse' });
