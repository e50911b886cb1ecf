import type { Generated } from 'kysely';

/** Timestamps are epoch milliseconds in both dialects (bigint in PostgreSQL, parsed to number). */
/** Where an account signs in. */
export type AuthSource = 'local' | 'ldap' | 'oidc';

export interface UsersTable {
  id: string;
  username: string;
  /** Lower-cased username; unique, so names are unique ignoring case. */
  username_lower: string;
  nickname: string;
  password_hash: string;
  is_admin: number;
  /** Short status shown next to the name (presence). */
  status_message: string;
  /** Profile image version in its URL and file name; 0 = none, negative = removed (never reused). */
  avatar_version: Generated<number>;
  created_at: number;
  updated_at: number;
  /** Set when the account was deleted: the row stays, anonymized, so foreign keys hold (ACCT-1). */
  deleted_at: Generated<number | null>;
  /** Set while a server admin has deactivated the account (ACCT-4). */
  deactivated_at: Generated<number | null>;
  /**
   * Where the account signs in: `local` (its password here), `ldap` (the company directory, AUTH-13) or
   * `oidc` (the company's OpenID provider, AUTH-15).
   */
  auth_source: Generated<AuthSource>;
  /** Its identity there (the directory DN, the provider's `sub`); null for local accounts. */
  external_id: Generated<string | null>;
  /** From the directory or provider, refreshed at each sign-in; a local account's own (PROF-*). */
  email: Generated<string | null>;
  department: Generated<string | null>;
  /** The TOTP secret, AES-256-GCM under the server's `totp_key`; null without two-step verification (AUTH-16). */
  totp_secret: Generated<string | null>;
  /** When two-step verification was turned on; null while it is off. */
  totp_enabled_at: Generated<number | null>;
  /** The last 30-second step a code was accepted for: that step and earlier ones are refused. */
  totp_last_step: Generated<number | null>;
  /** 1 after an administrator reset the password: the next sign-in must choose a new one. */
  must_change_password: Generated<number>;
}

/** Single-use recovery codes of an account's second factor, stored as HMAC-SHA256 (AUTH-16). */
export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

export interface SessionsTable {
  /** Public id (UUIDv7), shown in the session list. */
  id: string;
  /** SHA-256 of the cookie value; the cookie value itself is never stored. */
  token_hash: string;
  user_id: string;
  ip: string;
  user_agent: string;
  created_at: number;
  last_seen_at: number;
  /** Absolute expiry. */
  expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface RoomsTable {
  id: string;
  kind: 'direct' | 'group';
  name: string | null;
  description: string;
  direct_key: string | null;
  created_by: string | null;
  created_at: number;
  last_seq: number;
  last_rev: number;
  last_activity_at: number;
  /** Room image version in its URL and file name; 0 = none, negative = removed (never reused) (ADM-2). */
  image_version: Generated<number>;
  /** Who may invite: 'everyone' or 'admins' (ADM-3). */
  invite_policy: Generated<'everyone' | 'admins'>;
  /** Who may post: 'everyone', 'admins', or 'closed' (a direct room with a deleted user) (ADM-4). */
  post_policy: Generated<'everyone' | 'admins' | 'closed'>;
  /** Set while a server administrator has archived the room: read-only, kept (issue 16). */
  archived_at: Generated<number | null>;
  /** 1 while the room is under legal hold: retention removes nothing from it. */
  legal_hold: Generated<number>;
  /** The room's own retention in days; null = the server's setting, 0 = keep forever. */
  retention_days: Generated<number | null>;
  /** 1 for an end-to-end encrypted room (E2E-40): its messages are kind `e2e` envelopes; never reset to 0. */
  e2e: Generated<number>;
}

export interface RoomMembersTable {
  room_id: string;
  user_id: string;
  role: 'owner' | 'admin' | 'member';
  joined_at: number;
  last_read_seq: number;
  pinned: number;
  muted: number;
}

export interface MessagesTable {
  id: string;
  room_id: string;
  seq: number;
  rev: number;
  /** `e2e`: an end-to-end encrypted message whose `body` holds the envelope, opaque (E2E-42). */
  kind: 'text' | 'system' | 'poll' | 'e2e';
  sender_id: string | null;
  body: string;
  reply_to_id: string | null;
  mention_all: number;
  /** JSON array of user ids. */
  mention_user_ids: string;
  /** JSON SystemEvent for system messages. */
  system_event: string | null;
  created_at: number;
  edited_at: number | null;
  deleted_at: number | null;
  deleted_by: string | null;
  /** Files attached (0 for most messages: history skips the files query). */
  file_count: Generated<number>;
  /** `e2e`: the epoch it was sent in (E2E-66); null for any other message. */
  e2e_epoch: number | null;
}

export interface MessageMentionsTable {
  message_id: string;
  room_id: string;
  seq: number;
  user_id: string;
}

export interface ReactionsTable {
  message_id: string;
  user_id: string;
  emoji: string;
  created_at: number;
}

export interface FilesTable {
  /** UUID; also the name of the bytes on disk. */
  id: string;
  room_id: string;
  uploader_id: string | null;
  /** The message that uses it; null while only the upload token refers to it. */
  message_id: string | null;
  /** Order among the message's files. */
  position: number;
  /** Display name (NFC, no path characters). */
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  /** `e2e`: an encrypted room's opaque blob, no name, type or preview (E2E-70). */
  kind: 'image' | 'file' | 'e2e';
  width: number | null;
  height: number | null;
  created_at: number;
  /** When an unattached upload is removed; null once attached. */
  expires_at: number | null;
  deleted_at: number | null;
  deleted_by: string | null;
}

export interface AuditLogTable {
  id: string;
  created_at: number;
  actor_id: string | null;
  /** Dotted action, e.g. `file.deleted`, `upload.infected`. */
  action: string;
  room_id: string | null;
  target_id: string | null;
  /** JSON object with details (never secrets). */
  detail: string;
  /** Place in the hash chain, from 1 (AUDIT-1). */
  seq: number;
  /** The previous row's hash (64 zeros for the first). */
  prev_hash: string;
  /** SHA-256 of this row's canonical encoding (`modules/audit/audit-chain.ts`). */
  hash: string;
}

/** The head of the audit chain: one row, locked by every writer of the audit log. */
export interface AuditChainTable {
  id: number;
  seq: number;
  hash: string;
}

export interface PollsTable {
  id: string;
  room_id: string;
  /** The `poll` message showing it. */
  message_id: string;
  created_by: string | null;
  question: string;
  multiple: number;
  anonymous: number;
  ends_at: number | null;
  closed_at: number | null;
  closed_by: string | null;
  created_at: number;
}

export interface PollOptionsTable {
  id: string;
  poll_id: string;
  position: number;
  text: string;
}

export interface PollVotesTable {
  poll_id: string;
  option_id: string;
  user_id: string;
  created_at: number;
}

export interface PinsTable {
  id: string;
  room_id: string;
  /** Null for a written notice. */
  message_id: string | null;
  /** The written notice's text (empty for a pinned message). */
  body: string;
  pinned_by: string | null;
  requires_ack: number;
  created_at: number;
}

export interface PinAcksTable {
  pin_id: string;
  user_id: string;
  created_at: number;
}

/** A reminder of a notice to the members who have not acknowledged it (PIN-6). */
export interface PinRemindersTable {
  id: string;
  pin_id: string;
  room_id: string;
  reminded_by: string | null;
  created_at: number;
}

/** A compliance export job (ADMIN-6); its ZIP is `DATA_DIR/exports/<id>.zip`. */
export interface ComplianceExportsTable {
  id: string;
  /** The server admin who started it. */
  requested_by: string;
  scope_kind: 'room' | 'user';
  /** The room's or the person's id. */
  scope_id: string;
  /** The room's name or the person's nickname (@username) at the start, for the list. */
  scope_name: string;
  /** Epoch ms, inclusive. */
  range_from: number;
  /** Epoch ms, exclusive. */
  range_to: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** Messages written so far. */
  done: number;
  /** Messages in scope and range, counted when the job began. */
  total: number;
  /** Bytes of the finished ZIP. */
  size: number | null;
  created_at: number;
  /** Refreshed while the process that owns the job is alive; a stale one means the job was interrupted. */
  heartbeat_at: number;
  finished_at: number | null;
}

/** A user's master signing public key (E2E-20, E2E-21); opaque. */
export interface E2eIdentitiesTable {
  user_id: string;
  msk_pub: string;
  msk_version: number;
  updated_at: number;
}

/** A user's device and its certificate (opaque) (E2E-20). */
export interface E2eDevicesTable {
  id: string;
  user_id: string;
  cert: string;
  created_at: number;
  revoked_at: number | null;
}

/** One uploaded key package, opaque; ordinary ones are deleted when claimed (E2E-22, E2E-23). */
export interface E2eKeyPackagesTable {
  id: string;
  device_id: string;
  data: string;
  /** 1 for the device's last-resort package. */
  last_resort: number;
  created_at: number;
}

/** A room's MLS group: the epoch compare-and-set and the removal flag (E2E-24, E2E-25, E2E-27). */
export interface E2eGroupsTable {
  room_id: string;
  group_id: string;
  epoch: number;
  rekey_pending: Generated<number>;
  /** The latest GroupInfo, opaque. */
  group_info: string;
  created_by: string | null;
  updated_at: number;
}

/** The handshake log: the commit made at `epoch` (E2E-26). */
export interface E2eCommitsTable {
  room_id: string;
  epoch: number;
  data: string;
  sender_id: string;
  created_at: number;
}

/** A welcome, stored once for all its recipient devices (E2E-28). */
export interface E2eWelcomesTable {
  id: string;
  room_id: string;
  /** The epoch its recipients join at. */
  epoch: number;
  data: string;
  created_at: number;
}

/** A device a welcome waits for; deleted when the device has taken it (E2E-28). */
export interface E2eWelcomeRecipientsTable {
  welcome_id: string;
  device_id: string;
}

/** A user's secret store (E2E-63): the master key seed and backup key sealed under the recovery key; opaque. */
/** A verified mark shared with the user's own devices (E2E-89): signed by the user's master key. */
export interface E2eVerifiedMarksTable {
  user_id: string;
  target_user_id: string;
  /** The target's master key the user compared (base64url). */
  msk_pub: string;
  /** The user's master key's signature of the mark (base64url). */
  sig: string;
  updated_at: number;
}

export interface E2eSecretStoresTable {
  user_id: string;
  /** Bumped by each replacement (compare-and-set); bound into the blob's AAD by the client. */
  version: number;
  blob: string;
  created_at: number;
  updated_at: number;
}

/** One history entry (E2E-64): a room epoch's keys sealed under the user's backup key; opaque. */
export interface E2eHistoryKeysTable {
  user_id: string;
  room_id: string;
  epoch: number;
  blob: string;
  created_at: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  rooms: RoomsTable;
  room_members: RoomMembersTable;
  messages: MessagesTable;
  message_mentions: MessageMentionsTable;
  reactions: ReactionsTable;
  files: FilesTable;
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
  polls: PollsTable;
  poll_options: PollOptionsTable;
  poll_votes: PollVotesTable;
  pins: PinsTable;
  pin_acks: PinAcksTable;
  pin_reminders: PinRemindersTable;
  recovery_codes: RecoveryCodesTable;
  compliance_exports: ComplianceExportsTable;
  e2e_identities: E2eIdentitiesTable;
  e2e_devices: E2eDevicesTable;
  e2e_key_packages: E2eKeyPackagesTable;
  e2e_groups: E2eGroupsTable;
  e2e_commits: E2eCommitsTable;
  e2e_welcomes: E2eWelcomesTable;
  e2e_welcome_recipients: E2eWelcomeRecipientsTable;
  e2e_secret_stores: E2eSecretStoresTable;
  e2e_history_keys: E2eHistoryKeysTable;
  e2e_verified_marks: E2eVerifiedMarksTable;
}

export type { Generated };
