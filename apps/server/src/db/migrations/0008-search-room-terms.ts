import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * PostgreSQL search (SRCH-2): every document's `tsvector` also holds its room as a lexeme (`#<room id>`, a
 * character the tokenizer never emits). A query asks the GIN index for the searcher's rooms together with the
 * words, so the index alone narrows the candidates to their rooms. Before, that depended on the planner
 * combining the GIN bitmap with the room index, which it skipped when it underestimated a phrase of
 * correlated syllables ("고객사에서": 130,000 candidates estimated as 8, then filtered row by row, 300 ms).
 * SQLite's FTS5 walk needs nothing: this is a no-op there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db).name === 'sqlite') return;
  // A new table rather than an UPDATE of every row: no dead copy of each row is left for autovacuum (until it
  // ran, the room-by-room walk read twice the rows, and was 5-10 times slower), and the indexes are built once.
  // Writers (a process not yet stopped) wait rather than add documents the copy would miss.
  await sql`lock table search_docs in exclusive mode`.execute(db);
  await sql`create table search_docs_next (
    message_id text primary key references messages(id) on delete cascade,
    room_id text not null,
    created_at bigint not null,
    tokens tsvector not null
  )`.execute(db);
  await sql`insert into search_docs_next (message_id, room_id, created_at, tokens)
    select message_id, room_id, created_at, tokens || array_to_tsvector(array['#' || room_id])
    from search_docs`.execute(db);
  await sql`drop table search_docs`.execute(db);
  await sql`alter table search_docs_next rename to search_docs`.execute(db);
  await sql`alter index search_docs_next_pkey rename to search_docs_pkey`.execute(db);
  await sql`alter table search_docs rename constraint search_docs_next_message_id_fkey
    to search_docs_message_id_fkey`.execute(db);
  await sql`create index search_docs_tokens_idx on search_docs using gin (tokens)`.execute(db);
  await sql`create index search_docs_room_created_idx on search_docs (room_id, created_at)`.execute(db);
  // The planner's choices and the "common word" statistics (most common lexemes) are read from here.
  await sql`analyze search_docs`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db).name === 'sqlite') return;
  // Rarely run (a downgrade): an UPDATE is simple, and autovacuum takes the dead rows later.
  await sql`update search_docs set tokens = ts_delete(tokens, array['#' || room_id])`.execute(db);
}
