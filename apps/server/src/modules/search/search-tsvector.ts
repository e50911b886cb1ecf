import type { QueryTerm } from '@messenger/shared';
import { sql, type RawBuilder } from 'kysely';
import type { MessageRow } from '../messages/messages.repository.ts';
import {
  removeDoc,
  type SearchDoc,
  type SearchFilter,
  type SearchHandle,
  type SearchStrategy,
} from './search-strategy.ts';

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
 * The lexeme of a document's room. `#` is never in a token (tokens are letters and digits), so no
 * text can produce it; room ids are generated UUIDs, and anything else is refused rather than quoted.
 */
function roomLexeme(roomId: string): string {
  if (!/^[0-9a-zA-Z-]+$/.test(roomId)) throw new Error(`unexpected room id: ${roomId}`);
  return `#${roomId}`;
}

/** Terms in more than this share of the documents are searched room by room, newest first. */
const COMMON_SHARE = 0.05;

/**
 * PostgreSQL's search (SRCH-2, SRCH-3): `search_docs.tokens` is a `tsvector` (`simple`) under a GIN index,
 * holding the room as a lexeme too; queries are planned by how common the words are.
 */
export class TsvectorSearch implements SearchStrategy {
  private readonly db: SearchHandle;

  constructor(db: SearchHandle) {
    this.db = db;
  }

  async put(doc: SearchDoc): Promise<void> {
    // PostgreSQL orders by the document's own `created_at`: a text without words needs no row.
    if (!doc.tokens) return removeDoc(this.db, doc.messageId);
    // The room is a lexeme of its own (`#<room id>`, see migration 0008), so the GIN index narrows to rooms.
    await sql`insert into search_docs (message_id, room_id, created_at, tokens)
      values (${doc.messageId}, ${doc.roomId}, ${doc.createdAt},
        to_tsvector('simple', ${doc.tokens}) || array_to_tsvector(array[${roomLexeme(doc.roomId)}]))
      on conflict (message_id) do update set tokens = excluded.tokens`.execute(this.db);
  }

  /**
   * A text search is planned one of two ways. A term found in many documents ("확인", in half of them)
   * is fastest walking each of the user's rooms newest first and stopping at the page end; a rarer one is
   * fastest through the GIN index once for all the user's rooms, then sorted. Which one is decided from the
   * column's statistics (most common lexemes and their frequencies, kept by ANALYZE).
   */
  async textQuery(f: SearchFilter, conditions: RawBuilder<unknown>): Promise<RawBuilder<MessageRow>> {
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
}
