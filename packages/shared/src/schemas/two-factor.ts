import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { SelfUser } from './auth.ts';
import { Timestamp } from './common.ts';

/** A code typed by the user: six digits from the authenticator app, or a recovery code (`xxxx-xxxx`). */
export const TwoFactorCode = z.string().trim().min(6, { message: 'validation.twoFactorCode' }).max(32);

/** `POST /api/login/two-factor` and `/api/login/two-factor/enroll` body (AUTH-16). */
export const TwoFactorLoginBody = z
  .object({
    /** The `challenge` of the login answer. */
    challenge: z.string().min(1).max(128),
    code: TwoFactorCode,
  })
  .meta({ id: 'TwoFactorLoginBody' });
export type TwoFactorLoginBody = z.input<typeof TwoFactorLoginBody>;

/** `POST /api/login/two-factor/setup` body: the enrolment challenge of the login answer. */
export const TwoFactorChallengeBody = z
  .object({ challenge: z.string().min(1).max(128) })
  .meta({ id: 'TwoFactorChallengeBody' });
export type TwoFactorChallengeBody = z.input<typeof TwoFactorChallengeBody>;

/** A new authenticator secret, shown once while it is set up; never readable after enrolment. */
export const TwoFactorSetup = z
  .object({
    /** The secret in base32, for typing into an app that cannot scan. */
    secret: z.string(),
    /** `otpauth://totp/...` (what the QR code holds). */
    otpauthUri: z.string(),
    /** The QR code of `otpauthUri` as an SVG document, drawn by the server (no outside service). */
    qrSvg: z.string(),
  })
  .meta({ id: 'TwoFactorSetup' });
export type TwoFactorSetup = z.infer<typeof TwoFactorSetup>;

/** Ten single-use recovery codes, shown this once (only their HMAC is stored). */
export const RecoveryCodes = z.array(z.string()).meta({ id: 'RecoveryCodes' });

/** `POST /api/login/two-factor/enroll` response: the new session and the recovery codes. */
export const TwoFactorEnrollResponse = z
  .object({ user: SelfUser, csrfToken: z.string(), recoveryCodes: RecoveryCodes })
  .meta({ id: 'TwoFactorEnrollResponse' });
export type TwoFactorEnrollResponse = z.infer<typeof TwoFactorEnrollResponse>;

/** `POST /api/me/two-factor` and `/api/me/two-factor/recovery-codes` body: a code from the app. */
export const TwoFactorCodeBody = z.object({ code: TwoFactorCode }).meta({ id: 'TwoFactorCodeBody' });
export type TwoFactorCodeBody = z.input<typeof TwoFactorCodeBody>;

/** `POST /api/me/two-factor` and `/api/me/two-factor/recovery-codes` response. */
export const RecoveryCodesResponse = z
  .object({ recoveryCodes: RecoveryCodes })
  .meta({ id: 'RecoveryCodesResponse' });
export type RecoveryCodesResponse = z.infer<typeof RecoveryCodesResponse>;

/** `DELETE /api/me/two-factor` body: the password confirms turning it off. */
export const DisableTwoFactorBody = z
  .object({ password: z.string().min(1).max(LIMITS.passwordMax) })
  .meta({ id: 'DisableTwoFactorBody' });
export type DisableTwoFactorBody = z.input<typeof DisableTwoFactorBody>;

/** `GET /api/me/two-factor`: the caller's second factor. */
export const TwoFactorStatus = z
  .object({
    enabled: z.boolean(),
    enabledAt: Timestamp.nullable(),
    /** Unused recovery codes left. */
    recoveryCodesLeft: z.number().int(),
    /** The administrator's policy requires it for this account (it cannot be turned off). */
    required: z.boolean(),
  })
  .meta({ id: 'TwoFactorStatus' });
export type TwoFactorStatus = z.infer<typeof TwoFactorStatus>;
