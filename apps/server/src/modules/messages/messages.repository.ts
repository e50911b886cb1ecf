import type { Kysely, Selectable, Transaction } from 'kysely';
import { hotStatements, type HotStatements } from '../../db/database.ts';
import type { Database, MessagesTable } from '../../db/schema.ts';
import { FilesRepository, type FileRow } from '../files/files.repository.ts';
import type { UserRow } from '../users/users.repository.ts';

export type MessageRow = Selectable<MessagesTable>;

type Handle = Kysely<Database> | Transaction<Database>;

/** What presenting a batch of messages needs besides the rows: senders, quoted originals, reactions. */
export interface MessageContext {
  users: Map<string, UserRow>;
  replies: Map<string, MessageRow>;
  reactions: Map<string, { emoji: string; user_id: string }[]>;
  /** Attached files by message id (absent: no message of the batch has files). */
  files?: Map<string, FileRow[]>;
}

function normalize(row: MessageRow): MessageRow {
  return { ...row, seq: Number(row.seq), rev: Number(row.rev) };
}

// History pages on SQLite: hand-prepared, and each row says whether it has reactions at all (an index probe
// per row, far cheaper than a reactions query for a page where, as usual, nobody reacted).
const HOT_PAGE = (where: string, order: 'ASC' | 'DESC'): string =>
  `SELECT m.*, EXISTS (SELECT 1 FROM reactions r WHERE r.message_id = m.id) AS has_reactions
   FROM messages m WHERE m.room_id = ? AND ${where} ORDER BY m.seq ${order} LIMIT ?`;
const HOT_PAGE_BEFORE = HOT_PAGE('m.seq < ?', 'DESC');
const HOT_PAGE_AFTER = HOT_PAGE('m.seq > ?', 'ASC');
// Lists of ids are passed as one JSON array: one statement whatever the length.
const HOT_MESSAGES_IN = 'SELECT * FROM messages WHERE id IN (SELECT value FROM json_each(?))';
const HOT_USERS_IN = 'SELECT * FROM users WHERE id IN (SELECT value FROM json_each(?))';
const HOT_REACTIONS_IN = `SELECT message_id, emoji, user_id FROM reactions
   WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY created_at`;

interface RowFactory {
  build: (values: unknown[]) => MessageRow;
  /** How many leading values are the row's columns. */
  columns: number;
}

/**
 * Builds rows from raw SQLite values as one object literal with the statement's columns: several times
 * cheaper than better-sqlite3's own objects or a loop of assignments, and it follows schema changes.
 */
function rowFactory(columns: string[]): RowFactory {
  for (const c of columns) if (!/^[a-z_][a-z0-9_]*$/.test(c)) throw new Error(`unexpected column ${c}`);
  const literal = columns.map((c, i) => `${c}: v[${i}]`).join(', ');
  const build = new Function('v', `return { ${literal} };`) as RowFactory['build'];
  return { build, columns: columns.length };
}

/** All SQL about messages, mentions and reactions. */
export class MessagesRepository {
  private readonly db: Handle;
  /** SQLite outside transactions: the history hot path skips query building. */
  private readonly hot: HotStatements | undefined;
  /** Rows of hot-path pages that had no reaction when read: presenting them needs no reactions query. */
  private readonly unreacted = new WeakSet<MessageRow>();
  private readonly rowFactories: Record<string, RowFactory> = {};

  constructor(db: Handle) {
    this.db = db;
    this.hot = hotStatements(db);
  }

  /** The hot statements when they may run now (see HotStatements.ready). */
  private hotNow(): HotStatements | undefined {
    return this.hot?.ready ? this.hot : undefined;
  }

  /** Runs a HOT_PAGE statement: rows as Kysely would give them, the reactions flag kept aside. */
  private hotPage(hot: HotStatements, sql: string, params: unknown[]): MessageRow[] {
    const stmt = hot.statement(sql).raw(true);
    const factory = (this.rowFactories[sql] ??= rowFactory(
      stmt
        .columns()
        .map((c) => c.name)
        .slice(0, -1),
    ));
    return (stmt.all(...params) as unknown[][]).map((values) => {
      const row = factory.build(values);
      if (values[factory.columns] === 0) this.unreacted.add(row);
      return row;
    });
  }

  /**
   * Marks a row just stored as one without reactions, so presenting it skips that query: nobody else knows
   * its id before it is announced.
   */
  created(row: MessageRow): MessageRow {
    this.unreacted.add(row);
    return row;
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
    const hot = this.hotNow();
    if (hot) return hot.get<MessageRow>('SELECT * FROM messages WHERE id = ?', id);
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

  /** Deletes messages for good; their mentions, reactions, polls and pins go by the foreign keys' cascade. */
  async deleteMany(ids: string[]): Promise<void> {
    await this.db.deleteFrom('messages').where('id', 'in', ids).execute();
  }

  /** A user's text, encrypted messages and polls not deleted yet, by room and sequence (account deletion, ACCT-2). */
  async liveBySender(senderId: string): Promise<MessageRow[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('sender_id', '=', senderId)
      .where('kind', 'in', ['text', 'poll', 'e2e'])
      .where('deleted_at', 'is', null)
      .orderBy('room_id')
      .orderBy('seq')
      .execute();
    return rows.map(normalize);
  }

  async pageBefore(roomId: string, before: number, limit: number): Promise<MessageRow[]> {
    const hot = this.hotNow();
    if (hot) return this.hotPage(hot, HOT_PAGE_BEFORE, [roomId, before, limit]);
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
    const hot = this.hotNow();
    if (hot) return this.hotPage(hot, HOT_PAGE_AFTER, [roomId, after, limit]);
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

  /**
   * Loads senders, quoted originals (and their senders) and reactions for a batch: a query each, skipped
   * when the batch has no replies or (known from a hot-path page) no reactions.
   */
  async context(rows: MessageRow[]): Promise<MessageContext> {
    const ctx: MessageContext = { users: new Map(), replies: new Map(), reactions: new Map() };
    if (rows.length === 0) return ctx;
    const replyIds = [...new Set(rows.map((r) => r.reply_to_id).filter((v): v is string => !!v))];
    if (replyIds.length > 0) for (const r of await this.findMany(replyIds)) ctx.replies.set(r.id, r);
    const userIds = new Set<string>();
    for (const r of rows) if (r.sender_id) userIds.add(r.sender_id);
    for (const r of ctx.replies.values()) if (r.sender_id) userIds.add(r.sender_id);
    if (userIds.size > 0) for (const u of await this.users([...userIds])) ctx.users.set(u.id, u);
    const reactedIds = rows.filter((r) => !this.unreacted.has(r)).map((r) => r.id);
    if (reactedIds.length > 0) {
      for (const r of await this.reactionsOf(reactedIds)) {
        const list = ctx.reactions.get(r.message_id) ?? [];
        list.push({ emoji: r.emoji, user_id: r.user_id });
        ctx.reactions.set(r.message_id, list);
      }
    }
    // Most messages carry no file: the count on the row spares the query (FILE-7).
    const withFiles = rows.filter((r) => Number(r.file_count) > 0).map((r) => r.id);
    if (withFiles.length > 0) {
      ctx.files = new Map();
      for (const f of await new FilesRepository(this.db).forMessages(withFiles)) {
        const list = ctx.files.get(f.message_id!) ?? [];
        list.push(f);
        ctx.files.set(f.message_id!, list);
      }
    }
    return ctx;
  }

  /** Some messages by id, in no particular order (missing ones left out). */
  async findMany(ids: string[]): Promise<MessageRow[]> {
    if (ids.length === 0) return [];
    const hot = this.hotNow();
    if (hot) return hot.all<MessageRow>(HOT_MESSAGES_IN, JSON.stringify(ids));
    const rows = await this.db.selectFrom('messages').selectAll().where('id', 'in', ids).execute();
    return rows.map(normalize);
  }

  private async users(ids: string[]): Promise<UserRow[]> {
    const hot = this.hotNow();
    if (hot) return hot.all<UserRow>(HOT_USERS_IN, JSON.stringify(ids));
    return this.db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
  }

  /** Reactions of some messages, oldest first. */
  private async reactionsOf(
    ids: string[],
  ): Promise<{ message_id: string; emoji: string; user_id: string }[]> {
    const hot = this.hotNow();
    if (hot) return hot.all(HOT_REACTIONS_IN, JSON.stringify(ids));
    return this.db
      .selectFrom('reactions')
      .select(['message_id', 'emoji', 'user_id'])
      .where('message_id', 'in', ids)
      .orderBy('created_at')
      .execute();
  }
}
