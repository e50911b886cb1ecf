import { createHash, randomBytes } from 'node:crypto';
import { SessionEndReason } from '@messenger/shared';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../app-error.ts';
import type { UserRow } from '../users/users.repository.ts';
import type { SessionRow, SessionsRepository } from './sessions.repository.ts';

/** Told when sessions end, so that their open sockets can be closed at once (the realtime broadcaster). */
export interface SessionEndedListener {
  sessionsEnded(sessionIds: string[], reason: SessionEndReason): void;
}

/** Where a request comes from; stored with the session for the session list. */
export interface ClientInfo {
  ip: string;
  userAgent: string;
}

/** An authenticated caller. */
export interface AuthContext {
  user: UserRow;
  session: SessionRow;
}

export interface SessionsServiceDeps {
  sessions: SessionsRepository;
  listener: SessionEndedListener;
  idleHours: number;
  absoluteDays: number;
  now: () => number;
}

/** Last-seen is written at most this often per session, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/** The stored reason of a revoked session as an end reason ("revoked" for anything unexpected). */
function endReason(stored: string | null): SessionEndReason {
  const known = SessionEndReason.safeParse(stored);
  return known.success ? known.data : 'revoked';
}

/** SHA-256 of a session token; only this is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Server-side sessions: random 256-bit tokens, stored hashed, with idle and absolute expiry (SPEC AUTH-5..8). */
export class SessionsService {
  private readonly d: SessionsServiceDeps;

  constructor(deps: SessionsServiceDeps) {
    this.d = deps;
  }

  get idleMs(): number {
    return this.d.idleHours * 3600_000;
  }

  get absoluteMs(): number {
    return this.d.absoluteDays * 86400_000;
  }

  /** Starts a session; returns the cookie token (never stored) and the row. */
  async create(userId: string, client: ClientInfo): Promise<{ token: string; session: SessionRow }> {
    const made = this.prepare(userId, client);
    await this.d.sessions.insert(made.session);
    return made;
  }

  /**
   * A new session's token and row, not yet stored: the caller inserts the row in its own transaction (a
   * sign-in with its audit entry, AUDIT-3).
   */
  prepare(userId: string, client: ClientInfo): { token: string; session: SessionRow } {
    const token = randomBytes(32).toString('base64url');
    const now = this.d.now();
    const session: SessionRow = {
      id: uuidv7(),
      token_hash: hashToken(token),
      user_id: userId,
      ip: client.ip,
      user_agent: client.userAgent.slice(0, 512),
      created_at: now,
      last_seen_at: now,
      expires_at: now + this.absoluteMs,
      revoked_at: null,
      revoked_reason: null,
    };
    return { token, session };
  }

  /** Resolves a cookie token to its user, or throws auth.required / session_expired / session_revoked. */
  async authenticate(token: string | undefined): Promise<AuthContext> {
    if (!token) throw new AppError('auth.required');
    const found = await this.d.sessions.findWithUser(hashToken(token));
    if (!found) throw new AppError('auth.required');
    const { session, user } = found;
    if (session.revoked_at !== null) {
      throw new AppError(
        session.revoked_reason === 'expired' ? 'auth.session_expired' : 'auth.session_revoked',
      );
    }
    const now = this.d.now();
    if (session.expires_at <= now || session.last_seen_at + this.idleMs <= now) {
      throw new AppError('auth.session_expired');
    }
    // A deleted or deactivated account's sessions were revoked; this also covers a race with that (ACCT-1, 4).
    if (!user || user.deleted_at !== null) throw new AppError('auth.session_revoked');
    if (user.deactivated_at !== null) throw new AppError('auth.account_deactivated');
    if (now - session.last_seen_at >= TOUCH_INTERVAL_MS) {
      await this.d.sessions.touch(session.id, now);
      session.last_seen_at = now;
    }
    return { user, session };
  }

  /** The user's active sessions. */
  async list(userId: string): Promise<SessionRow[]> {
    return this.d.sessions.listActive(userId, this.d.now(), this.idleMs);
  }

  /** Ends one of the user's sessions and its sockets. */
  async revoke(userId: string, sessionId: string, reason: SessionEndReason): Promise<void> {
    const done = await this.d.sessions.revoke(userId, sessionId, reason, this.d.now());
    if (!done) throw new AppError('session.not_found');
    this.d.listener.sessionsEnded([sessionId], reason);
  }

  /** Ends every session of the user except `keepId` (null: all of them). */
  async revokeAllExcept(userId: string, keepId: string | null, reason: SessionEndReason): Promise<number> {
    const ids = await this.d.sessions.revokeAllExcept(userId, keepId, reason, this.d.now());
    if (ids.length > 0) this.d.listener.sessionsEnded(ids, reason);
    return ids.length;
  }

  /**
   * Closes the sockets of sessions that a transaction ended (account deletion), once it committed: the
   * listener disconnects them on every process.
   */
  announceEnded(sessionIds: string[], reason: SessionEndReason): void {
    if (sessionIds.length > 0) this.d.listener.sessionsEnded(sessionIds, reason);
  }

  /** Deletes sessions that ended long enough ago that "revoked" no longer needs answering. */
  async purgeEnded(): Promise<number> {
    return this.d.sessions.deleteEndedBefore(this.d.now() - this.absoluteMs);
  }

  /**
   * Of these sessions, the ones that have ended and why: revoked (with its reason) or expired (idle,
   * absolute, or already purged). Their sockets must go (AUTH-12).
   */
  async endedAmong(sessionIds: string[]): Promise<{ id: string; reason: SessionEndReason }[]> {
    const now = this.d.now();
    const rows = new Map((await this.d.sessions.expiryOf(sessionIds)).map((r) => [r.id, r]));
    const ended: { id: string; reason: SessionEndReason }[] = [];
    for (const id of sessionIds) {
      const r = rows.get(id);
      if (r && r.revoked_at !== null) ended.push({ id, reason: endReason(r.revoked_reason) });
      else if (!r || r.expires_at <= now || r.last_seen_at + this.idleMs <= now)
        ended.push({ id, reason: 'expired' });
    }
    return ended;
  }

  /** Socket commands count as use of their session, like requests (AUTH-12); an ended session stays ended. */
  async markUsed(sessionId: string): Promise<void> {
    await this.d.sessions.touchActive(sessionId, this.d.now(), this.idleMs);
  }
}
