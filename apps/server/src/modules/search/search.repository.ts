import { sql, type RawBuilder } from 'kysely';
import { dialectOf } from '../../db/dialect.ts';
import type { MessageRow } from '../messages/messages.repository.ts';
import { directPeer } from '../rooms/direct-key.ts';
import { Fts5Search } from './search-fts5.ts';
import {
  removeDoc,
  type SearchDoc,
  type SearchFilter,
  type SearchHandle,
  type SearchStrategy,
} from './search-strategy.ts';
import { TsvectorSearch } from './search-tsvector.ts';

export type { SearchFilter } from './search-strategy.ts';

/**
 * All SQL of the search index (SRCH-2, SRCH-3): documents kept in step with messages, and queries. What
 * differs between the databases is the strategy of the handle's dialect; the rest is shared here.
 */
export class SearchRepository {
  private readonly db: SearchHandle;
  private readonly strategy: SearchStrategy;

  constructor(db: SearchHandle) {
    this.db = db;
    const Strategy = dialectOf(db).pick<new (db: SearchHandle) => SearchStrategy>({
      sqlite: Fts5Search,
      postgres: TsvectorSearch,
    });
    this.strategy = new Strategy(db);
  }

  /** Stores or replaces a message's document (a text without words is found by nothing). */
  put(doc: SearchDoc): Promise<void> {
    return this.strategy.put(doc);
  }

  /** Removes a message's document. */
  remove(messageId: string): Promise<void> {
    return removeDoc(this.db, messageId);
  }

  /** Removes the documents of many messages in one statement (a purge). */
  async removeMany(messageIds: string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await sql`delete from search_docs where message_id in (${sql.join(messageIds)})`.execute(this.db);
  }

  /**
   * Messages matching the filter in rooms the user is a member of, newest first. Membership is a join in
   * the query (not a filter afterwards), so pages are full and offsets exact.
   */
  async search(f: SearchFilter): Promise<MessageRow[]> {
    const where: RawBuilder<unknown>[] = [sql`m.deleted_at is null`, sql`m.kind = 'text'`];
    if (f.roomId) where.push(sql`m.room_id = ${f.roomId}`);
    if (f.senderId) where.push(sql`m.sender_id = ${f.senderId}`);
    if (f.from !== undefined) where.push(sql`m.created_at >= ${f.from}`);
    if (f.to !== undefined) where.push(sql`m.created_at < ${f.to}`);
    if (f.file)
      where.push(sql`exists (select 1 from files fl where fl.message_id = m.id and fl.deleted_at is null
        ${f.file === 'any' ? sql`` : sql`and fl.kind = ${f.file}`})`);
    if (f.mentionsMe)
      where.push(sql`exists (select 1 from message_mentions mm
        where mm.message_id = m.id and mm.user_id = ${f.userId})`);
    const conditions = sql.join(where, sql` and `);
    let query: RawBuilder<MessageRow>;
    if (f.terms.length === 0 && f.mentionsMe) {
      // The caller's mentions are few: start from them (an index on user), not from every message.
      query = sql<MessageRow>`select m.* from message_mentions mm
        join room_members rm on rm.room_id = mm.room_id and rm.user_id = ${f.userId}
        join messages m on m.id = mm.message_id
        where mm.user_id = ${f.userId} and ${conditions}
        order by m.created_at desc, m.id desc limit ${f.limit} offset ${f.offset}`;
    } else if (f.terms.length === 0) {
      query = sql<MessageRow>`select m.* from room_members rm
        join messages m on m.room_id = rm.room_id
        where rm.user_id = ${f.userId} and ${conditions}
        order by m.created_at desc, m.id desc limit ${f.limit} offset ${f.offset}`;
    } else {
      query = await this.strategy.textQuery(f, conditions);
    }
    const rows = (await query.execute(this.db)).rows;
    return rows.map((r) => ({
      ...r,
      seq: Number(r.seq),
      rev: Number(r.rev),
      created_at: Number(r.created_at),
      file_count: Number(r.file_count),
    }));
  }

  /**
   * Names of rooms as a user sees them: the group name, or the other person's nickname. The other person
   * comes from the room's pair key, so a direct room whose peer left or deleted their account still has
   * them (a deleted account's nickname is empty; clients show "(deleted user)", as in the room list).
   */
  async roomNames(userId: string, roomIds: string[]): Promise<Map<string, { kind: string; name: string }>> {
    const out = new Map<string, { kind: string; name: string }>();
    if (roomIds.length === 0) return out;
    const rooms = await this.db
      .selectFrom('rooms')
      .select(['id', 'kind', 'name', 'direct_key'])
      .where('id', 'in', roomIds)
      .execute();
    const peerOf = (key: string | null) => directPeer(key, userId);
    const peerIds = [...new Set(rooms.map((r) => peerOf(r.direct_key)).filter((v): v is string => !!v))];
    const nicknames = new Map<string, string>();
    if (peerIds.length > 0) {
      const rows = await this.db
        .selectFrom('users')
        .select(['id', 'nickname'])
        .where('id', 'in', peerIds)
        .execute();
      for (const u of rows) nicknames.set(u.id, u.nickname);
    }
    for (const r of rooms) {
      const peer = r.kind === 'direct' ? peerOf(r.direct_key) : null;
      out.set(r.id, {
        kind: r.kind,
        name: r.kind === 'group' ? (r.name ?? '') : ((peer && nicknames.get(peer)) ?? ''),
      });
    }
    return out;
  }
}
