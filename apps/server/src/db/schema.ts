import type { Generated } from 'kysely';

/** Timestamps are epoch milliseconds in both dialects (bigint in PostgreSQL, parsed to number). */
export interface UsersTable {
  id: string;
  username: string;
  /** Lower-cased username; unique, so names are unique ignoring case. */
  username_lower: string;
  nickname: string;
  password_hash: string;
  is_admin: number;
  created_at: number;
  updated_at: number;
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

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  settings: SettingsTable;
}

export type { Generated };
