import type { Kysely, Selectable, Transaction } from 'kysely';
import type { FileInfo } from '@messenger/shared';
import type { Database, MessagesTable } from '../../db/schema.ts';
import type { UserRow } from '../users/users.repository.ts';

export type MessageRow = Selectable<MessagesTable>;

type Handle = Kysely<Database> | Transaction<Database>;

/** What presenting a batch of messages needs besides the rows: senders, quoted originals, reactions. */
export interface MessageContext {
  users: Map<string, UserRow>;
  replies: Map<string, MessageRow>;
  reactions: Map<string, { emoji: string; user_id: string }[]>;
  /** Attached files by message id (absent: no message of the batch has files). */
  files?: Map<string, FileInfo[]>;
}

function normalize(row: MessageRow): MessageRow {
  return { ...row, seq: Number(row.seq), rev: Number(row.rev) };
}

/** All SQL about messages, mentions and reactions. */
export class MessagesRepository {
  private readonly db: Handle;

  constructor(db: Handle) {
    this.db = db;
  }

  async insert(row: MessageRow, mentionedUserIds: string[]): Promise<void> {
    await this.db.insertInto('messages').values(row).execute();
    if (mentionedUserIds.length > 0) {
      await this.db
        .insertInto('message_mentions')
        .values(
          mentionedUserIds.map((user_id) => ({
            message_id: row.id,
            room_id: row.room_id,
            seq: row.seq,
            user_id,
          })),
        )
        .execute();
    }
  }

  /** Rewrites the mention rows of a message (after an edit, or none after a delete). */
  async replaceMentions(row: Pick<MessageRow, 'id' | 'room_id' | 'seq'>, userIds: string[]): Promise<void> {
    await this.db.deleteFrom('message_mentions').where('message_id', '=', row.id).execute();
    if (userIds.length === 0) return;
    await this.db
      .insertInto('message_mentions')
      .values(userIds.map((user_id) => ({ message_id: row.id, room_id: row.room_id, seq: row.seq, user_id })))
      .execute();
  }

  async find(id: string): Promise<MessageRow | undefined> {
    const row = await this.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
    return row && normalize(row);
  }

  async findBySeq(roomId: string, seq: number): Promise<MessageRow | undefined> {
    const row = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    return row && normalize(row);
  }

  async update(id: string, set: Partial<Omit<MessageRow, 'id' | 'room_id' | 'seq'>>): Promise<void> {
    await this.db.updateTable('messages').set(set).where('id', '=', id).execute();
  }

  /** Up to `limit` messages with seq < before, newest first. */
  async pageBefore(roomId: string, before: number, limit: number): Promise<MessageRow[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('seq', '<', before)
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map(normalize);
  }

  /** Up to `limit` messages with seq > after, oldest first. */
  async pageAfter(roomId: string, after: number, limit: number): Promise<MessageRow[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute();
    return rows.map(normalize);
  }

  /** Messages created or changed after a revision, in revision order. */
  async changedSince(roomId: string, rev: number, limit: number): Promise<MessageRow[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('room_id', '=', roomId)
      .where('rev', '>', rev)
      .orderBy('rev', 'asc')
      .limit(limit)
      .execute();
    return rows.map(normalize);
  }

  /** Latest message of each room (the room's last_seq). */
  async latestOf(roomIds: string[]): Promise<MessageRow[]> {
    if (roomIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('messages as m')
      .innerJoin('rooms as r', (j) => j.onRef('r.id', '=', 'm.room_id').onRef('r.last_seq', '=', 'm.seq'))
      .selectAll('m')
      .where('m.room_id', 'in', roomIds)
      .execute();
    return rows.map(normalize);
  }

  async toggleReaction(
    messageId: string,
    userId: string,
    emoji: string,
    now: number,
  ): Promise<'added' | 'removed'> {
    const removed = await this.db
      .deleteFrom('reactions')
      .where('message_id', '=', messageId)
      .where('user_id', '=', userId)
      .where('emoji', '=', emoji)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) > 0) return 'removed';
    await this.db
      .insertInto('reactions')
      .values({ message_id: messageId, user_id: userId, emoji, created_at: now })
      .execute();
    return 'added';
  }

  async distinctEmojiCount(messageId: string): Promise<number> {
    const r = await this.db
      .selectFrom('reactions')
      .select((eb) => eb.fn.count<number>('emoji').distinct().as('n'))
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async deleteReactions(messageId: string): Promise<void> {
    await this.db.deleteFrom('reactions').where('message_id', '=', messageId).execute();
  }

  /** Loads senders, quoted originals (and their senders) and reactions for a batch, in three or four queries. */
  async context(rows: MessageRow[]): Promise<MessageContext> {
    const ctx: MessageContext = { users: new Map(), replies: new Map(), reactions: new Map() };
    if (rows.length === 0) return ctx;
    const replyIds = [...new Set(rows.map((r) => r.reply_to_id).filter((v): v is string => !!v))];
    if (replyIds.length > 0) {
      const replies = await this.db.selectFrom('messages').selectAll().where('id', 'in', replyIds).execute();
      for (const r of replies) ctx.replies.set(r.id, normalize(r));
    }
    const userIds = new Set<string>();
    for (const r of [...rows, ...ctx.replies.values()]) if (r.sender_id) userIds.add(r.sender_id);
    if (userIds.size > 0) {
      const users = await this.db
        .selectFrom('users')
        .selectAll()
        .where('id', 'in', [...userIds])
        .execute();
      for (const u of users) ctx.users.set(u.id, u);
    }
    const reactions = await this.db
      .selectFrom('reactions')
      .select(['message_id', 'emoji', 'user_id'])
      .where(
        'message_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('created_at')
      .execute();
    for (const r of reactions) {
      const list = ctx.reactions.get(r.message_id) ?? [];
      list.push({ emoji: r.emoji, user_id: r.user_id });
      ctx.reactions.set(r.message_id, list);
    }
    return ctx;
  }
}
