import { z } from 'zod';
import { Timestamp } from './common.ts';
import { Opaque } from './e2e.ts';

/**
 * Adding a device from another device (E2E-105..E2E-108, design 5.6 (i)): a short-lived link session the
 * server relays between a user's new device and one of their existing devices. It only ever holds public
 * keys, a commitment and the sealed secrets, opaque base64url strings it can open none of.
 */

/** How long a link session lives, and the size of what it carries. */
export const E2E_LINK_LIMITS = {
  /** A link expires this long after it was opened (ms). */
  ttlMs: 5 * 60_000,
  /** An X25519 public key or a SHA-256 commitment: 43 base64url characters. */
  keyMax: 64,
  /** The sealed master key seed and backup key (about 120 characters). */
  sealedMax: 1024,
} as const;

/** Where a link stands: opened, the existing device's key given, the new device's key revealed, answered, refused. */
export const LinkStage = z.enum(['requested', 'accepted', 'revealed', 'answered', 'refused']);
export type LinkStage = z.infer<typeof LinkStage>;

/** One link session, as the account's own devices see it. */
export const DeviceLink = z
  .object({
    id: z.string(),
    stage: LinkStage,
    /** SHA-256 commitment to the new device's ephemeral key (its key itself comes later, E2E-104). */
    commitment: z.string(),
    /** The new device's ephemeral public key, once revealed (code path). */
    newPub: z.string().nullable(),
    /** The existing device's ephemeral public key, once it accepted or answered. */
    existingPub: z.string().nullable(),
    /** The sealed secrets, once answered. */
    sealed: z.string().nullable(),
    /** How the existing device learnt the new device's key: scanned from its screen, or compared codes. */
    mode: z.enum(['qr', 'code']).nullable(),
    expiresAt: Timestamp,
  })
  .meta({ id: 'DeviceLink' });
export type DeviceLink = z.infer<typeof DeviceLink>;
export const DeviceLinkResponse = z.object({ link: DeviceLink }).meta({ id: 'DeviceLinkResponse' });
export const PendingLinkResponse = z
  .object({ link: DeviceLink.nullable() })
  .meta({ id: 'PendingLinkResponse' });

/** `POST /api/e2e/links`: the new device opens a link with the commitment to its ephemeral key. */
export const CreateLinkBody = z
  .object({ commitment: Opaque(E2E_LINK_LIMITS.keyMax) })
  .strict()
  .meta({ id: 'CreateLinkBody' });
export type CreateLinkBody = z.infer<typeof CreateLinkBody>;

/** `POST /api/e2e/links/:id/accept` (existing device) and `/reveal` (new device): one ephemeral public key. */
export const LinkKeyBody = z
  .object({ pub: Opaque(E2E_LINK_LIMITS.keyMax) })
  .strict()
  .meta({ id: 'LinkKeyBody' });
export type LinkKeyBody = z.infer<typeof LinkKeyBody>;

/** `POST /api/e2e/links/:id/answer`: the existing device's key and the sealed secrets. */
export const AnswerLinkBody = z
  .object({
    pub: Opaque(E2E_LINK_LIMITS.keyMax),
    sealed: Opaque(E2E_LINK_LIMITS.sealedMax),
    mode: z.enum(['qr', 'code']),
  })
  .strict()
  .meta({ id: 'AnswerLinkBody' });
export type AnswerLinkBody = z.infer<typeof AnswerLinkBody>;

/** `POST /api/e2e/links/:id/used`: the new device registered this device from the link (audited). */
export const LinkUsedBody = z
  .object({ deviceId: z.string().min(1).max(64) })
  .strict()
  .meta({ id: 'LinkUsedBody' });
export type LinkUsedBody = z.infer<typeof LinkUsedBody>;

/** `:id` of a link route. */
export const LinkIdParams = z.object({ id: z.string().min(1).max(64) });

/** Socket payloads (E2E-107): which link, and where it stands now. */
export const E2eLinkEvent = z.object({ linkId: z.string(), stage: LinkStage });
export type E2eLinkEvent = z.infer<typeof E2eLinkEvent>;
