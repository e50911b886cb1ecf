import type { QueryTerm } from '@messenger/shared';
import { sql, type RawBuilder } from 'kysely';
import type { MessageRow } from '../messages/messages.repository.ts';
import type { SearchDoc, SearchFilter, SearchHandle, SearchStrategy } from './search-strategy.ts';

/**
 * The FTS5 query of parsed terms: each a quoted phrase of its tokens (a prefix for one CJK character), all
 * required. Tokens are letters and digits only, so nothing a user types can become FTS5 syntax.
 */
export function fts5Query(terms: QueryTerm[]): string {
  return terms.map((t) => `"${t.tokens.join(' ')}"${t.prefix ? '*' : ''}`).join(' AND ');
}

/**
 * How far a date bound on SQLite doc ids reaches beyond the date: a message stored while the clock had
 * stepped back a little is still searched (the exact date condition applies as well).
 */
const SLACK_MS = 10 * 60_000;

/**
 * SQLite's search (SRCH-2, SRCH-3): `search_docs` gives each message a doc id in send order, the contentless
 * FTS5 table `search_fts` indexes its tokens under that rowid, and queries walk the index newest first.
 */
export class Fts5Search implements SearchStrategy {
  private readonly db: SearchHandle;

  constructor(db: SearchHandle) {
    this.db = db;
  }

  /**
   * A text without words ("!!!", "👍") is found by nothing, but keeps a document row without index entry:
   * doc ids are handed out in send order and results walk them newest first, so a message that gets words by
   * a later edit still ranks by when it was sent.
   */
  async put(doc: SearchDoc): Promise<void> {
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
  }

  async textQuery(f: SearchFilter, conditions: RawBuilder<unknown>): Promise<RawBuilder<MessageRow>> {
    if (f.senderId) {
      // A sender's messages are few (the sender index, newest first); each is checked against the index by
      // its doc id, instead of walking every match of a common word to find theirs (p95 54 -> 6 ms).
      return sql<MessageRow>`select m.* from messages m
        join room_members rm on rm.room_id = m.room_id and rm.user_id = ${f.userId}
        join search_docs d on d.message_id = m.id
        where ${conditions} and exists (select 1 from search_fts
          where search_fts match ${fts5Query(f.terms)} and search_fts.rowid = d.doc_id)
        order by m.created_at desc, m.id desc limit ${f.limit} offset ${f.offset}`;
    }
    // A date range also bounds the doc ids to walk (they follow time), so the walk skips other months.
    const range: RawBuilder<unknown>[] = [];
    if (f.from !== undefined)
      range.push(sql`and search_fts.rowid >= ${await this.firstDocAt(f.from - SLACK_MS)}`);
    if (f.to !== undefined) range.push(sql`and search_fts.rowid < ${await this.firstDocAt(f.to + SLACK_MS)}`);
    // CROSS JOIN fixes the order: walk the index newest first (doc ids follow time), stop at the limit.
    return sql<MessageRow>`select m.* from search_fts
        cross join search_docs d on d.doc_id = search_fts.rowid
        cross join room_members rm on rm.room_id = d.room_id and rm.user_id = ${f.userId}
        cross join messages m on m.id = d.message_id
        where search_fts match ${fts5Query(f.terms)} ${sql.join(range, sql` `)} and ${conditions}
        order by search_fts.rowid desc limit ${f.limit} offset ${f.offset}`;
  }

  /**
   * The first doc id of a message sent at or after `at` (past the last id if none). Doc ids grow with time
   * (given in send order; the backfill went oldest first), so a binary search over them finds it in about 20
   * primary-key probes.
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
}
