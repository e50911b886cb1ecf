import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { Timestamp, charLength } from './common.ts';
import { E2ePolicy, NotificationDefaults } from './server-settings.ts';

/** Login name: 3-20 of [A-Za-z0-9_], unique ignoring case. */
export const Username = z
  .string()
  .trim()
  .min(LIMITS.usernameMin, { message: 'validation.username' })
  .max(LIMITS.usernameMax, { message: 'validation.username' })
  .regex(/^[A-Za-z0-9_]+$/, { message: 'validation.username' });

/** Display name: 1-20 characters after trimming, Korean allowed, normalized to NFC. */
export const Nickname = z
  .string()
  .transform((v) => v.normalize('NFC').trim())
  .refine((v) => charLength(v) >= 1 && charLength(v) <= LIMITS.nicknameMax, {
    message: 'validation.nickname',
  });

/** A new password: at least 8 characters. */
export const NewPassword = z
  .string()
  .min(LIMITS.passwordMin, { message: 'validation.password' })
  .max(LIMITS.passwordMax, { message: 'validation.password' });

/** `POST /api/register` body. */
export const RegisterBody = z
  .object({
    username: Username,
    password: NewPassword,
    /** Defaults to the username. */
    nickname: Nickname.optional(),
  })
  .meta({ id: 'RegisterBody' });
export type RegisterBody = z.input<typeof RegisterBody>;

/** `POST /api/login` body. */
export const LoginBody = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(LIMITS.passwordMax),
  })
  .meta({ id: 'LoginBody' });
export type LoginBody = z.input<typeof LoginBody>;

/** `PUT /api/me/password` body. */
export const ChangePasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(LIMITS.passwordMax),
    newPassword: NewPassword,
  })
  .meta({ id: 'ChangePasswordBody' });
export type ChangePasswordBody = z.input<typeof ChangePasswordBody>;

/** `PUT /api/me/password` response. */
export const ChangePasswordResponse = z
  .object({
    ok: z.literal(true),
    /** How many other sessions were signed out (AUTH-10). */
    revokedSessions: z.number().int(),
  })
  .meta({ id: 'ChangePasswordResponse' });
export type ChangePasswordResponse = z.infer<typeof ChangePasswordResponse>;

/** A user as the owner sees themself. */
export const SelfUser = z
  .object({
    /** User id (UUIDv7). */
    id: z.string(),
    username: z.string(),
    nickname: z.string(),
    /** Server administrator (the first user to register). */
    isAdmin: z.boolean(),
    /**
     * Where the account signs in: its password here, the company directory (AUTH-13) or the company's
     * OpenID provider (AUTH-15).
     */
    authSource: z.enum(['local', 'ldap', 'oidc']),
    /** Two-step verification (TOTP) is on for this account (AUTH-16). */
    twoFactor: z.boolean(),
    /**
     * A server admin set a temporary password: until a new one is chosen (`PUT /api/me/password`), every
     * other API answers 403 `auth.password_change_required` (ACCT-8).
     */
    mustChangePassword: z.boolean(),
    createdAt: Timestamp,
  })
  .meta({ id: 'SelfUser' });
export type SelfUser = z.infer<typeof SelfUser>;

/** `GET /api/me` response. */
export const MeResponse = z.object({ user: SelfUser }).meta({ id: 'MeResponse' });
export type MeResponse = z.infer<typeof MeResponse>;

/** A new session: the user, and the CSRF token bound to it. */
export const LoginSuccess = z.object({ user: SelfUser, csrfToken: z.string() }).meta({ id: 'LoginSuccess' });
export type LoginSuccess = z.infer<typeof LoginSuccess>;

/**
 * The password was right but the account needs its second factor first (AUTH-16): no session yet. `verify`
 * asks for a code (or a recovery code), `enroll` for setting up an authenticator app.
 */
export const LoginPending = z
  .object({
    twoFactor: z.object({
      /** Opaque, one sign-in only, valid for a few minutes: send it with the code. */
      challenge: z.string(),
      step: z.enum(['verify', 'enroll']),
    }),
  })
  .meta({ id: 'LoginPending' });
export type LoginPending = z.infer<typeof LoginPending>;

/**
 * `POST /api/login` and `POST /api/register` response: a new session, or the second-factor step that must
 * come first (AUTH-16).
 */
export const LoginResponse = z.union([LoginSuccess, LoginPending]).meta({ id: 'LoginResponse' });
export type LoginResponse = z.infer<typeof LoginResponse>;

/** `POST /api/logout` response: the CSRF token for the signed-out browser. */
export const LogoutResponse = z.object({ ok: z.literal(true), csrfToken: z.string() });
export type LogoutResponse = z.infer<typeof LogoutResponse>;

/** A browser recognized in a User-Agent (a stable id; clients show its name in their language). */
export const BrowserKind = z
  .enum(['chrome', 'edge', 'firefox', 'safari', 'opera', 'whale', 'samsung', 'curl', 'script'])
  .meta({ id: 'BrowserKind' });
export type BrowserKind = z.infer<typeof BrowserKind>;

/** An operating system recognized in a User-Agent. */
export const PlatformKind = z
  .enum(['windows', 'macos', 'linux', 'android', 'ios'])
  .meta({ id: 'PlatformKind' });
export type PlatformKind = z.infer<typeof PlatformKind>;

/** One of the caller's sessions, as listed in the settings panel. */
export const SessionInfo = z
  .object({
    /** Public id of the session (not the cookie value). */
    id: z.string(),
    /** The session making this request. */
    current: z.boolean(),
    /** Browser from the User-Agent; null when not recognized. The client words "Chrome on Linux" itself. */
    browser: BrowserKind.nullable(),
    /** Operating system from the User-Agent; null when not recognized. */
    platform: PlatformKind.nullable(),
    ip: z.string(),
    createdAt: Timestamp,
    lastSeenAt: Timestamp,
  })
  .meta({ id: 'SessionInfo' });
export type SessionInfo = z.infer<typeof SessionInfo>;

/** `GET /api/me/sessions` response. */
export const SessionsResponse = z.object({ sessions: z.array(SessionInfo) }).meta({ id: 'SessionsResponse' });
export type SessionsResponse = z.infer<typeof SessionsResponse>;

/** Path parameter of `DELETE /api/me/sessions/:id`. */
export const SessionIdParams = z.object({ id: z.string().min(1).max(64) });

/** `GET /api/config` response: what the client needs before anyone logs in. */
export const ConfigResponse = z
  .object({
    /** CSRF token bound to this browser's cookie; send it as X-CSRF-Token. */
    csrfToken: z.string(),
    /** Server version. */
    version: z.string(),
    /** Socket protocol version the server speaks. */
    protocolVersion: z.number().int(),
    registrationOpen: z.boolean(),
    /** Whether this connection is HTTPS (served by this server or by a trusted proxy in front of it). */
    secure: z.boolean(),
    /** The live upload limits (ADMIN-3): largest size and the extensions accepted. */
    upload: z.object({ maxBytes: z.number().int(), allowedExtensions: z.array(z.string()) }),
    rateLimits: z.record(z.string(), z.object({ max: z.number().int(), windowSeconds: z.number().int() })),
    /** Notification choices of a user who never made their own (ADMIN-3). */
    notifications: NotificationDefaults,
    /** Which new rooms the web client makes end-to-end encrypted (SPEC E2E-110). */
    e2ePolicy: E2ePolicy,
    features: z.object({ redis: z.boolean(), oidc: z.boolean(), ldap: z.boolean(), antivirus: z.boolean() }),
  })
  .meta({ id: 'ConfigResponse' });
export type ConfigResponse = z.infer<typeof ConfigResponse>;
