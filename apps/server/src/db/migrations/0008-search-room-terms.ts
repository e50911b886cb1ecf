import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * PostgreSQL search (SRCH-2): every document's `tsvector` also holds its room as a lexeme (`#<room id>`, a
 * character the tokenizer never emits). A query asks the GIN index for the searcher's rooms together with the
 * words, so the index alone narrows the candidates to their rooms. Before, that depended on the planner
 * combining the GIN bitmap with the room index, which it skipped when it underestimated a phrase of
 * correlated syllables ("고객사에서": 130,000 candidates estimated as 8, then filtered row by row, 300 ms).
 * SQLite's FTS5 walk needs nothing: this is a no-op there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  // Rewriting every row is faster without the GIN index, which is built again once at the end.
  await sql`drop index search_docs_tokens_idx`.execute(db);
  await sql`update search_docs set tokens = tokens || array_to_tsvector(array['#' || room_id])`.execute(db);
  await sql`create index search_docs_tokens_idx on search_docs using gin (tokens)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`update search_docs set tokens = ts_delete(tokens, array['#' || room_id])`.execute(db);
}
