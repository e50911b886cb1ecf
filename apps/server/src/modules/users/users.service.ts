import type { Presence, PresenceResponse, UsersResponse } from '@messenger/shared';
import { pageByUsername } from './user-pages.ts';
import { presentUserSummary } from './users.presenter.ts';
import type { UsersRepository } from './users.repository.ts';

export interface UsersServiceDeps {
  users: UsersRepository;
  /** Who is online, from the sockets (the realtime presence tracker). */
  presenceOf: (ids: string[]) => Promise<Map<string, Presence>>;
}

/** The user directory and presence lookups. */
export class UsersService {
  private readonly d: UsersServiceDeps;

  constructor(deps: UsersServiceDeps) {
    this.d = deps;
  }

  /** One page of the directory, by username, without the caller. */
  async directory(me: string, query: { q?: string; cursor?: string; limit: number }): Promise<UsersResponse> {
    const { rows, nextCursor } = await pageByUsername(this.d.users, query);
    return { users: rows.filter((u) => u.id !== me).map((u) => presentUserSummary(u, u.id)), nextCursor };
  }

  /** Presence and status message of each existing user among `ids`. */
  async presence(ids: string[]): Promise<PresenceResponse> {
    const [presence, rows] = await Promise.all([this.d.presenceOf(ids), this.d.users.findMany(ids)]);
    return {
      presence: rows.map((u) => ({
        userId: u.id,
        presence: presence.get(u.id) ?? 'offline',
        statusMessage: u.status_message,
      })),
    };
  }

  /** A user's status message ('' for none or an unknown user). */
  async statusMessage(userId: string): Promise<string> {
    return (await this.d.users.findById(userId))?.status_message ?? '';
  }

  /** Sets a user's status message. */
  async setStatusMessage(userId: string, statusMessage: string, now: number): Promise<void> {
    await this.d.users.setStatusMessage(userId, statusMessage, now);
  }
}
