import type { Kysely, Selectable, Transaction } from 'kysely';
import { dialectOf } from '../../db/dialect.ts';
import type { Database, PollOptionsTable, PollsTable, PollVotesTable } from '../../db/schema.ts';

export type PollRow = Selectable<PollsTable>;
export type PollOptionRow = Selectable<PollOptionsTable>;
export type PollVoteRow = Selectable<PollVotesTable>;

type Handle = Kysely<Database> | Transaction<Database>;

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function normalize(row: PollRow): PollRow {
  return {
    ...row,
    ends_at: num(row.ends_at),
    closed_at: num(row.closed_at),
    created_at: Number(row.created_at),
  };
}

/** All SQL about polls, their options and votes. */
export class PollsRepository {
  private readonly db: Handle;

  constructor(db: Handle) {
    this.db = db;
  }

  async insert(row: PollRow, options: PollOptionRow[]): Promise<void> {
    await this.db.insertInto('polls').values(row).execute();
    await this.db.insertInto('poll_options').values(options).execute();
  }

  /**
   * The poll inside a vote's transaction, its row locked on PostgreSQL (SQLite has one writer anyway): votes
   * of one poll, and a close racing them, take turns, so a single-choice poll never keeps two votes of one
   * member and no vote lands after the close committed.
   */
  async lock(id: string): Promise<PollRow | undefined> {
    const q = this.db.selectFrom('polls').selectAll().where('id', '=', id);
    const row = await dialectOf(this.db).forUpdate(q).executeTakeFirst();
    return row && normalize(row);
  }

  async find(id: string): Promise<PollRow | undefined> {
    const row = await this.db.selectFrom('polls').selectAll().where('id', '=', id).executeTakeFirst();
    return row && normalize(row);
  }

  /** Polls of a room whose message still exists (not deleted), newest first. */
  async listForRoom(roomId: string): Promise<PollRow[]> {
    const rows = await this.db
      .selectFrom('polls as p')
      .innerJoin('messages as m', 'm.id', 'p.message_id')
      .selectAll('p')
      .where('p.room_id', '=', roomId)
      .where('m.deleted_at', 'is', null)
      .orderBy('p.created_at', 'desc')
      .orderBy('p.id', 'desc')
      .execute();
    return rows.map(normalize);
  }

  /** Options of some polls, in their order. */
  async options(pollIds: string[]): Promise<PollOptionRow[]> {
    if (pollIds.length === 0) return [];
    return this.db
      .selectFrom('poll_options')
      .selectAll()
      .where('poll_id', 'in', pollIds)
      .orderBy('poll_id')
      .orderBy('position')
      .execute();
  }

  /** Votes of some polls, oldest first. */
  async votes(pollIds: string[]): Promise<PollVoteRow[]> {
    if (pollIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('poll_votes')
      .selectAll()
      .where('poll_id', 'in', pollIds)
      .orderBy('created_at')
      .orderBy('user_id')
      .execute();
    return rows.map((r) => ({ ...r, created_at: Number(r.created_at) }));
  }

  /** The option ids one user chose in a poll. */
  async userVotes(pollId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('poll_votes')
      .select('option_id')
      .where('poll_id', '=', pollId)
      .where('user_id', '=', userId)
      .execute();
    return rows.map((r) => r.option_id);
  }

  async clearUserVotes(pollId: string, userId: string): Promise<void> {
    await this.db
      .deleteFrom('poll_votes')
      .where('poll_id', '=', pollId)
      .where('user_id', '=', userId)
      .execute();
  }

  async addVote(row: PollVoteRow): Promise<void> {
    await this.db
      .insertInto('poll_votes')
      .values(row)
      .onConflict((oc) => oc.columns(['poll_id', 'option_id', 'user_id']).doNothing())
      .execute();
  }

  async removeVote(pollId: string, optionId: string, userId: string): Promise<void> {
    await this.db
      .deleteFrom('poll_votes')
      .where('poll_id', '=', pollId)
      .where('option_id', '=', optionId)
      .where('user_id', '=', userId)
      .execute();
  }

  /**
   * Closes a poll if it is still open: a conditional update, so of several processes (or a close racing the
   * sweep) exactly one sees `true` and announces it.
   */
  async closeIfOpen(id: string, now: number, by: string | null): Promise<boolean> {
    const r = await this.db
      .updateTable('polls')
      .set({ closed_at: now, closed_by: by })
      .where('id', '=', id)
      .where('closed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Deletes the poll of a deleted message, with its options and votes (by cascade): a tombstone keeps nothing
   * of the question, and the sweep cannot close or announce it later (POLL-1, MSG-7).
   */
  async deleteForMessage(messageId: string): Promise<void> {
    await this.db.deleteFrom('polls').where('message_id', '=', messageId).execute();
  }

  /** Open polls whose deadline has passed (for the sweep). */
  async expiredOpen(now: number, limit: number): Promise<PollRow[]> {
    const rows = await this.db
      .selectFrom('polls')
      .selectAll()
      .where('closed_at', 'is', null)
      .where('ends_at', 'is not', null)
      .where('ends_at', '<=', now)
      .orderBy('ends_at')
      .limit(limit)
      .execute();
    return rows.map(normalize);
  }
}
