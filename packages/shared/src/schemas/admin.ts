import { z } from 'zod';
import { LIMITS } from '../limits.ts';
import { AuditAction } from '../audit.ts';
import { Timestamp } from './common.ts';
import { NewPassword, RegisterBody } from './auth.ts';
import { UserSummary } from './users.ts';

/** `GET /api/rooms/:id/admin-audit-logs` query: JSON pages by cursor, or the whole log as CSV (ADM-6). */
export const RoomAuditQuery = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque cursor from the previous page (JSON only). */
  cursor: z.string().max(200).optional(),
});
export type RoomAuditQuery = z.input<typeof RoomAuditQuery>;

/** One administrative action in a room. */
export const RoomAuditEntry = z
  .object({
    id: z.string(),
    at: Timestamp,
    /** Dotted action, e.g. `room.member_kicked`, `room.settings_changed`. */
    action: AuditAction,
    /** Who did it; null when the server did (an automatic ownership succession). */
    actor: UserSummary.nullable(),
    /** Who it was done to, if anyone. */
    target: UserSummary.nullable(),
    /** What changed (e.g. `{"name": {"from": "a", "to": "b"}}`); never secrets. */
    detail: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'RoomAuditEntry' });
export type RoomAuditEntry = z.infer<typeof RoomAuditEntry>;

/** `GET /api/rooms/:id/admin-audit-logs?format=json`: newest first. */
export const RoomAuditResponse = z
  .object({ entries: z.array(RoomAuditEntry), nextCursor: z.string().nullable() })
  .meta({ id: 'RoomAuditResponse' });
export type RoomAuditResponse = z.infer<typeof RoomAuditResponse>;

/** `DELETE /api/me`: the password confirms the deletion (ACCT-1). */
export const DeleteAccountBody = z
  .object({ password: z.string().min(1).max(LIMITS.passwordMax) })
  .meta({ id: 'DeleteAccountBody' });
export type DeleteAccountBody = z.input<typeof DeleteAccountBody>;

/** A user as a server admin sees them in the user list (ACCT-4). */
export const AdminUser = z
  .object({
    id: z.string(),
    username: z.string(),
    nickname: z.string(),
    isAdmin: z.boolean(),
    /** When a server admin deactivated the account; null while active. */
    deactivatedAt: Timestamp.nullable(),
    /** Two-step verification is on (a server admin can reset it, AUTH-16). */
    twoFactor: z.boolean(),
    /** Where the account signs in; only a local account's password can be reset here (ACCT-8). */
    authSource: z.enum(['local', 'ldap', 'oidc']),
    /** The account must choose a new password at its next sign-in (ACCT-8). */
    mustChangePassword: z.boolean(),
    createdAt: Timestamp,
  })
  .meta({ id: 'AdminUser' });
export type AdminUser = z.infer<typeof AdminUser>;

/** `POST /api/admin/users/:id/admin` body: grant or remove server administration (ACCT-5). */
export const SetServerAdminBody = z.object({ admin: z.boolean() }).meta({ id: 'SetServerAdminBody' });
export type SetServerAdminBody = z.input<typeof SetServerAdminBody>;

/** `POST /api/admin/users/:id/sign-out` response: how many sessions ended (ACCT-6). */
export const AdminSignOutResponse = z
  .object({ ok: z.literal(true), revokedSessions: z.number().int() })
  .meta({ id: 'AdminSignOutResponse' });
export type AdminSignOutResponse = z.infer<typeof AdminSignOutResponse>;

/**
 * `POST /api/admin/users` body (ACCT-7): a local account, validated like a sign-up; without a password the
 * server makes up a temporary one.
 */
export const AdminCreateUserBody = RegisterBody.extend({
  /** Omitted: the server generates a strong temporary password and answers it once. */
  password: NewPassword.optional(),
}).meta({ id: 'AdminCreateUserBody' });
export type AdminCreateUserBody = z.input<typeof AdminCreateUserBody>;

/** `POST /api/admin/users` response: the account, and the generated password (answered this once) or null. */
export const AdminCreateUserResponse = z
  .object({ user: AdminUser, temporaryPassword: z.string().nullable() })
  .meta({ id: 'AdminCreateUserResponse' });
export type AdminCreateUserResponse = z.infer<typeof AdminCreateUserResponse>;

/** `POST /api/admin/users/:id/password-reset` response (ACCT-8): the temporary password, answered this once. */
export const AdminPasswordResetResponse = z
  .object({ user: AdminUser, temporaryPassword: z.string(), revokedSessions: z.number().int() })
  .meta({ id: 'AdminPasswordResetResponse' });
export type AdminPasswordResetResponse = z.infer<typeof AdminPasswordResetResponse>;

/** `GET /api/admin/users` query: search (username, name or e-mail) and pages like the directory. */
export const AdminUsersQuery = z.object({
  q: z.string().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type AdminUsersQuery = z.input<typeof AdminUsersQuery>;

/** `GET /api/admin/users` response (deleted accounts are not listed). */
export const AdminUsersResponse = z
  .object({ users: z.array(AdminUser), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminUsersResponse' });
export type AdminUsersResponse = z.infer<typeof AdminUsersResponse>;

/** Path parameter `:id` of a user. */
export const UserIdParams = z.object({ id: z.string().min(1).max(64) });

/** A TLS certificate this close to its end is warned about: in the log daily, in the admin status (OPS-7). */
export const CERT_WARN_DAYS = 30;

/** One minute of the live status's chart (ADMIN-4). */
export const LiveStatusPoint = z
  .object({
    /** The end of the minute. */
    at: Timestamp,
    /** Messages posted during that minute. */
    messages: z.number().int(),
    /** People connected at its end. */
    people: z.number().int(),
    /** Sockets (tabs, devices) open at its end. */
    sockets: z.number().int(),
  })
  .meta({ id: 'LiveStatusPoint' });
export type LiveStatusPoint = z.infer<typeof LiveStatusPoint>;

/** The figures of the live status that change by the second (ADMIN-4). */
export const LiveStatus = z
  .object({
    /** When these figures were taken. */
    at: Timestamp,
    /** Who is connected; `scope` says whether every server process was counted or only this one. */
    connections: z.object({
      people: z.number().int(),
      sockets: z.number().int(),
      scope: z.enum(['cluster', 'process']),
    }),
    /** Messages posted during the last 60 seconds (every process). */
    messagesPerMinute: z.number().int(),
    /** Rooms on the server. */
    rooms: z.number().int(),
    /** The database's size on disk (SQLite: file and WAL; PostgreSQL: pg_database_size). */
    databaseBytes: z.number().int().nullable(),
    /** Bytes under DATA_DIR/files (measured at most once a minute). */
    uploadsBytes: z.number().int().nullable(),
    /** This process's memory. */
    memory: z.object({ rssBytes: z.number().int(), heapUsedBytes: z.number().int() }),
    /** This process's event-loop delay since the previous figures, in milliseconds; null when not measured (nobody watched). */
    eventLoop: z.object({ meanMs: z.number(), p99Ms: z.number() }).nullable(),
    uptimeSeconds: z.number().int(),
    /** Whether the database and the state store answer right now. */
    health: z.object({
      database: z.object({ kind: z.enum(['sqlite', 'postgres']), ok: z.boolean() }),
      stateStore: z.object({ kind: z.enum(['memory', 'redis']), ok: z.boolean() }),
    }),
    /** Uploads waiting for (or in) their virus scan on this process. */
    scanQueue: z.number().int(),
  })
  .meta({ id: 'LiveStatus' });
export type LiveStatus = z.infer<typeof LiveStatus>;

/** `GET /api/admin/status`: what an operator checks at a glance (OPS-10), with the live figures (ADMIN-4). */
export const AdminStatus = z
  .object({
    version: z.string(),
    /** The last migration applied at start. */
    schemaVersion: z.string(),
    database: z.enum(['sqlite', 'postgres']),
    /** Whether sockets and limits are shared through Redis (several processes). */
    redis: z.boolean(),
    startedAt: z.string(),
    /** The served certificate, when HTTPS is on. */
    tls: z.object({ notAfter: z.string(), daysLeft: z.number().int() }).nullable(),
    /** The last scheduled backup, and the schedule; null when none has been written (or none is scheduled). */
    backup: z.object({
      schedule: z.string().nullable(),
      keep: z.number().int(),
      last: z.object({ file: z.string(), bytes: z.number().int(), at: z.string() }).nullable(),
    }),
    /** The figures of this moment (ADMIN-4). */
    live: LiveStatus,
    /** One point a minute for the last hour, oldest first (ADMIN-4). */
    history: z.array(LiveStatusPoint),
  })
  .meta({ id: 'AdminStatus' });
export type AdminStatus = z.infer<typeof AdminStatus>;

/**
 * `GET /api/admin/audit` query (AUDIT-2): filters, then pages by cursor, or the whole filtered log as CSV or
 * JSON lines.
 */
export const AdminAuditQuery = z.object({
  format: z.enum(['json', 'csv', 'jsonl']).default('json'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque cursor from the previous page (JSON only). */
  cursor: z.string().max(40).optional(),
  /** Who did it: a username. */
  actor: z.string().trim().min(1).max(64).optional(),
  /** One action (`auth.login`) or a family (`auth`). */
  action: z
    .string()
    .regex(/^[a-z_]+(\.[a-z_]+)?$/, { message: 'validation.audit_action' })
    .optional(),
  roomId: z.string().min(1).max(64).optional(),
  /** From this time on (ISO 8601). */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Before this time (ISO 8601). */
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AdminAuditQuery = z.input<typeof AdminAuditQuery>;

/** One entry of the server-wide audit log. */
export const AdminAuditEntry = RoomAuditEntry.extend({
  /** Place in the hash chain (AUDIT-1). */
  seq: z.number().int(),
  roomId: z.string().nullable(),
}).meta({ id: 'AdminAuditEntry' });
export type AdminAuditEntry = z.infer<typeof AdminAuditEntry>;

/** `GET /api/admin/audit?format=json`: newest first. */
export const AdminAuditResponse = z
  .object({ entries: z.array(AdminAuditEntry), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminAuditResponse' });
export type AdminAuditResponse = z.infer<typeof AdminAuditResponse>;
