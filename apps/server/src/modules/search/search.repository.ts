import type { QueryTerm } from '@messenger/shared';
import { SqliteAdapter, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { MessageRow } from '../messages/messages.repository.ts';

type Handle = Kysely<Database> | Transaction<Database>;

/** What a search asks the database for (the terms already parsed, the caller's membership implied). */
export interface SearchFilter {
  userId: string;
  terms: QueryTerm[];
  roomId?: string;
  senderId?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** `any`: a live file of any kind. */
  file?: 'any' | 'image' | 'file';
  mentionsMe?: boolean;
  limit: number;
  offset: number;
}

/**
 * The FTS5 query of parsed terms: each a quoted phrase of its tokens (a prefix for one CJK character), all
 * required. Tokens are letters and digits only, so nothing a user types can become FTS5 syntax.
 */
export function fts5Query(terms: QueryTerm[]): string {
  return terms.map((t) => `"${t.tokens.join(' ')}"${t.prefix ? '*' : ''}`).join(' AND ');
}

/** The same query as a PostgreSQL tsquery: `<->` for adjacency, `:*` for a prefix, `&` between terms. */
export function tsQuery(terms: QueryTerm[]): string {
  return terms
    .map((t) => `(${t.tokens.map((tok) => `'${tok}'${t.prefix ? ':*' : ''}`).join(' <-> ')})`)
    .join(' & ');
}

/** The tsquery of the terms' tokens, all required, adjacency not asked: what the GIN index answers alone. */
export function tsAllTokensQuery(terms: QueryTerm[]): string {
  return terms.flatMap((t) => t.tokens.map((tok) => `'${tok}'${t.prefix ? ':*' : ''}`)).join(' & ');
}

/**
 * How far a date bound on SQLite doc ids reaches beyond the date: a message stored while the clock had
 * stepped back a little is still searched (the exact date condition applies as well).
 */
const SLACK_MS = 10 * 60_000;

/**
 * PostgreSQL: the lexeme of a document's room. `#` is never in a token (tokens are letters and digits), so no
 * text can produce it; room ids are generated UUIDs, and anything else is refused rather than quoted.
 */
function roomLexeme(roomId: string): string {
  if (!/^[0-9a-zA-Z-]+$/.test(roomId)) throw new Error(`unexpected room id: ${roomId}`);
  return `#${roomId}`;
}

/** PostgreSQL: terms in more than this share of the documents are searched room by room, newest first. */
const COMMON_SHARE = 0.05;

/** All SQL of the search index (SRCH-2, SRCH-3): documents kept in step with messages, and queries. */
export class SearchRepository {
  private readonly db: Handle;
  private readonly sqlite: boolean;

  constructor(db: Handle) {
    this.db = db;
    this.sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  }

  /**
   * Stores or replaces a message's document. A text without words ("!!!", "👍") is found by nothing, but on
   * SQLite it keeps a document row without index entry: doc ids are handed out in send order and results
   * walk them newest first, so a message that gets words by a later edit still ranks by when it was sent.
   */
  async put(doc: { messageId: string; roomId: string; createdAt: number; tokens: string }): Promise<void> {
    if (this.sqlite) {
      // An edit keeps the doc id: results stay in the order messages were sent.
      const res = await sql<{ doc_id: number }>`
        insert into search_docs (message_id, room_id) values (${doc.messageId}, ${doc.roomId})
        on conflict (message_id) do update set room_id = excluded.room_id returning doc_id`.execute(this.db);
      const docId = res.rows[0]!.doc_id;
      if (doc.tokens)
        await sql`insert or replace into search_fts (rowid, tokens) values (${docId}, ${doc.tokens})`.execute(
          this.db,
        );
      else await sql`delete from search_fts where rowid = ${docId}`.execute(this.db);
      return;
    }
    // PostgreSQL orders by the document's own `created_at`: a text without words needs no row.
    if (!doc.tokens) return this.remove(doc.messageId);
    // The room is a lexeme of its own (`#<room id>`, see migration 0008), so the GIN index narrows to rooms.
    await sql`insert into search_docs (message_id, room_id, created_at, tokens)
      values (${doc.messageId}, ${doc.roomId}, ${doc.createdAt},
        to_tsvector('simple', ${doc.tokens}) || array_to_tsvector(array[${roomLexeme(doc.roomId)}]))
      on conflict (message_id) do update set tokens = excluded.tokens`.execute(this.db);
  }

  /** Removes a message's document (SQLite: its FTS entry goes by trigger). */
  async remove(messageId: string): Promise<void> {
    await sql`delete from search_docs where message_id = ${messageId}`.execute(this.db);
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
    } else if (this.sqlite && f.senderId) {
      // A sender's messages are few (the sender index, newest first); each is checked against the index by
      // its doc id, instead of walking every match of a common word to find theirs (p95 54 -> 6 ms).
      query = sql<MessageRow>`select m.* from messages m
        join room_members rm on rm.room_id = m.room_id and rm.user_id = ${f.userId}
        join search_docs d on d.message_id = m.id
        where ${conditions} and exists (select 1 from search_fts
          where search_fts match ${fts5Query(f.terms)} and search_fts.rowid = d.doc_id)
        order by m.created_at desc, m.id desc limit ${f.limit} offset ${f.offset}`;
    } else if (this.sqlite) {
      // A date range also bounds the doc ids to walk (they follow time), so the walk skips other months.
      const range: RawBuilder<unknown>[] = [];
      if (f.from !== undefined)
        range.push(sql`and search_fts.rowid >= ${await this.firstDocAt(f.from - SLACK_MS)}`);
      if (f.to !== undefined)
        range.push(sql`and search_fts.rowid < ${await this.firstDocAt(f.to + SLACK_MS)}`);
      // CROSS JOIN fixes the order: walk the index newest first (doc ids follow time), stop at the limit.
      query = sql<MessageRow>`select m.* from search_fts
        cross join search_docs d on d.doc_id = search_fts.rowid
        cross join room_members rm on rm.room_id = d.room_id and rm.user_id = ${f.userId}
        cross join messages m on m.id = d.message_id
        where search_fts match ${fts5Query(f.terms)} ${sql.join(range, sql` `)} and ${conditions}
        order by search_fts.rowid desc limit ${f.limit} offset ${f.offset}`;
    } else {
      query = await this.postgresQuery(f, conditions);
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
   * SQLite: the first doc id of a message sent at or after `at` (past the last id if none). Doc ids grow with
   * time (given in send order; the backfill went oldest first), so a binary search over them finds it in
   * about 20 primary-key probes.
   */
  private async firstDocAt(at: number): Promise<number> {
    const span = await sql<{ lo: number | null; hi: number | null }>`
      select min(doc_id) as lo, max(doc_id) as hi from search_docs`.execute(this.db);
    let lo = Number(span.rows[0]?.lo ?? 0);
    let hi = Number(span.rows[0]?.hi ?? 0) + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const probe = await sql<{ created_at: number }>`
        select m.created_at from search_docs d join messages m on m.id = d.message_id
        where d.doc_id >= ${mid} order by d.doc_id limit 1`.execute(this.db);
      const first = probe.rows[0];
      if (!first || Number(first.created_at) >= at) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * PostgreSQL plans a text search one of two ways. A term found in many documents ("확인", in half of them)
   * is fastest walking each of the user's rooms newest first and stopping at the page end; a rarer one is
   * fastest through the GIN index once for all the user's rooms, then sorted. Which one is decided from the
   * column's statistics (most common lexemes and their frequencies, kept by ANALYZE).
   */
  private async postgresQuery(
    f: SearchFilter,
    conditions: RawBuilder<unknown>,
  ): Promise<RawBuilder<MessageRow>> {
    const q = sql`to_tsquery('simple', ${tsQuery(f.terms)})`;
    // A sender filter is narrow by itself (their messages, by the sender index): no room-by-room walk.
    if (!f.senderId && (await this.isCommon(f.terms))) {
      return sql<MessageRow>`select m.* from room_members rm
        cross join lateral (
          select m.* from search_docs d join messages m on m.id = d.message_id
          where d.room_id = rm.room_id and d.tokens @@ ${q} and ${conditions}
          order by d.created_at desc, d.message_id desc limit ${f.offset + f.limit}
        ) m
        where rm.user_id = ${f.userId} ${f.roomId ? sql`and rm.room_id = ${f.roomId}` : sql``}
        order by m.created_at desc, m.id desc limit ${f.limit} offset ${f.offset}`;
    }
    let rooms = this.db.selectFrom('room_members').select('room_id').where('user_id', '=', f.userId);
    if (f.roomId) rooms = rooms.where('room_id', '=', f.roomId);
    const roomIds = (await rooms.execute()).map((r) => r.room_id);
    if (roomIds.length === 0) return sql<MessageRow>`select m.* from messages m where false`;
    // The searcher's rooms, asked of the GIN index with the words: its bitmap holds only their documents.
    const inRooms = sql`${roomIds.map((id) => `'${roomLexeme(id)}'`).join(' | ')}::tsquery`;
    if (f.terms.some((t) => t.tokens.length > 1)) {
      // A phrase: the GIN index finds the documents holding all its tokens without looking at positions;
      // those are sorted newest first on their date alone, and only then is adjacency checked, one document
      // at a time until the page is full, instead of reading the positions of every candidate first.
      const all = sql`to_tsquery('simple', ${tsAllTokensQuery(f.terms)})`;
      // `offset 0` keeps each subquery a step of its own, so the planner cannot fold the checks back
      // into one scan that checks every candidate before sorting.
      return sql<MessageRow>`select m.* from (
          select d.message_id, d.created_at from search_docs d
          where d.tokens @@ (${all} && ${inRooms})
          order by d.created_at desc, d.message_id desc offset 0
        ) c
        cross join lateral (
          select m.* from messages m
          where m.id = c.message_id and ${conditions}
            and exists (select 1 from search_docs p where p.message_id = c.message_id and p.tokens @@ ${q})
            and exists (select 1 from room_members rm where rm.room_id = m.room_id and rm.user_id = ${f.userId})
          offset 0
        ) m
        order by c.created_at desc, c.message_id desc limit ${f.limit} offset ${f.offset}`;
    }
    // The room lexemes narrow the GIN bitmap to the searcher's rooms; the join still decides membership.
    return sql<MessageRow>`select m.* from search_docs d
      join room_members rm on rm.room_id = d.room_id and rm.user_id = ${f.userId}
      join messages m on m.id = d.message_id
      where d.tokens @@ (${q} && ${inRooms}) and ${conditions}
      order by d.created_at desc, d.message_id desc limit ${f.limit} offset ${f.offset}`;
  }

  /** Whether every term is in more than COMMON_SHARE of the documents, by PostgreSQL's statistics. */
  private async isCommon(terms: QueryTerm[]): Promise<boolean> {
    // A one-character prefix matches a family of tokens: common enough to walk.
    const syllable = (t: QueryTerm) => t.prefix && [...t.tokens[0]!].length === 1;
    if (terms.every(syllable)) return true;
    const stats = await sql<{ elems: string | null; freqs: number[] | string | null }>`
      select most_common_elems::text as elems, most_common_elem_freqs as freqs from pg_stats
      where schemaname = current_schema() and tablename = 'search_docs' and attname = 'tokens'`.execute(
      this.db,
    );
    const row = stats.rows[0];
    if (!row?.elems || !row.freqs) return false;
    const elems = row.elems
      .replace(/^\{|\}$/g, '')
      .split(',')
      .map((e) => e.replace(/^"|"$/g, ''));
    const freqs = (
      typeof row.freqs === 'string' ? row.freqs.replace(/^\{|\}$/g, '').split(',') : row.freqs
    ).map(Number);
    const share = new Map(elems.map((e, i) => [e, freqs[i] ?? 0]));
    // A word prefix ("deploy*") is at least as common as the common words it starts (their sum, capped).
    const prefixShare = (p: string) =>
      Math.min(
        1,
        [...share].reduce((sum, [e, f]) => (e.startsWith(p) ? sum + f : sum), 0),
      );
    // A phrase's share is taken as the product of its tokens' (adjacency makes it rarer still than its rarest
    // token); all terms must match, so the rarest term decides.
    const rarest = Math.min(
      ...terms
        .filter((t) => !syllable(t))
        .map((t) =>
          t.prefix ? prefixShare(t.tokens[0]!) : t.tokens.reduce((p, tok) => p * (share.get(tok) ?? 0), 1),
        ),
    );
    return rarest > COMMON_SHARE;
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
    const peerOf = (key: string | null) => key?.split(':').find((id) => id !== userId) ?? null;
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
