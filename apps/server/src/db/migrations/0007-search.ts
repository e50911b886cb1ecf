import { indexTokens } from '@messenger/shared';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

const BATCH = 1000;

/**
 * Full-text search (SRCH-2): one document per searchable message, its text and file names cut by the shared
 * tokenizer. SQLite keeps the tokens in a contentless FTS5 table (only the index is stored) whose rowid is
 * `search_docs.doc_id`: a message's own rowid would not do, VACUUM may renumber a table without an INTEGER
 * PRIMARY KEY. PostgreSQL keeps a `tsvector` of the same tokens (`simple`: no stemming, no stop words) under
 * a GIN index. Neither needs an extension. Existing messages are indexed here, so old messages are found.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = dialectOf(db).name === 'sqlite';
  if (sqlite) {
    await sql`create table search_docs (
      doc_id integer primary key,
      message_id text not null unique references messages(id) on delete cascade,
      room_id text not null
    )`.execute(db);
    await sql`create virtual table search_fts using fts5(
      tokens, content='', contentless_delete=1, tokenize='ascii', detail='full'
    )`.execute(db);
    // A document removed any way (a message deleted with its room) takes its index entry along.
    await sql`create trigger search_docs_deleted after delete on search_docs begin
      delete from search_fts where rowid = old.doc_id;
    end`.execute(db);
  } else {
    await sql`create table search_docs (
      message_id text primary key references messages(id) on delete cascade,
      room_id text not null,
      created_at bigint not null,
      tokens tsvector not null
    )`.execute(db);
    await sql`create index search_docs_tokens_idx on search_docs using gin (tokens)`.execute(db);
    await sql`create index search_docs_room_created_idx on search_docs (room_id, created_at)`.execute(db);
  }
  // "From this person" (SRCH-4): a sender's messages in a date range are few, found without the text index.
  await sql`create index messages_sender_created_idx on messages (sender_id, created_at)`.execute(db);
  await backfill(db, sqlite);
}

interface BackfillRow {
  id: string;
  room_id: string;
  body: string;
  created_at: number | string;
  file_count: number;
}

/** Indexes every live text message, oldest first (so SQLite's doc ids follow time, as new ones will). */
async function backfill(db: Kysely<unknown>, sqlite: boolean): Promise<void> {
  let after: { at: number; id: string } | null = null;
  for (;;) {
    const cursor: { at: number; id: string } | null = after;
    const rows: BackfillRow[] = (
      await sql<BackfillRow>`
        select id, room_id, body, created_at, file_count from messages
        where kind = 'text' and deleted_at is null
        ${cursor ? sql`and (created_at > ${cursor.at} or (created_at = ${cursor.at} and id > ${cursor.id}))` : sql``}
        order by created_at, id limit ${BATCH}`.execute(db)
    ).rows;
    if (rows.length === 0) return;
    const withFiles = rows.filter((r) => Number(r.file_count) > 0).map((r) => r.id);
    const names = new Map<string, string[]>();
    if (withFiles.length > 0) {
      const files = await sql<{ message_id: string; name: string }>`
        select message_id, name from files
        where deleted_at is null and message_id in (${sql.join(withFiles)}) order by position`.execute(db);
      for (const f of files.rows) names.set(f.message_id, [...(names.get(f.message_id) ?? []), f.name]);
    }
    for (const r of rows) {
      const tokens = [r.body, ...(names.get(r.id) ?? [])].flatMap(indexTokens).join(' ');
      if (!tokens) continue;
      if (sqlite) {
        const res = await sql<{ doc_id: number }>`
          insert into search_docs (message_id, room_id) values (${r.id}, ${r.room_id}) returning doc_id`.execute(
          db,
        );
        await sql`insert into search_fts (rowid, tokens) values (${res.rows[0]!.doc_id}, ${tokens})`.execute(
          db,
        );
      } else {
        await sql`insert into search_docs (message_id, room_id, created_at, tokens)
          values (${r.id}, ${r.room_id}, ${Number(r.created_at)}, to_tsvector('simple', ${tokens}))`.execute(
          db,
        );
      }
    }
    const last = rows.at(-1)!;
    after = { at: Number(last.created_at), id: last.id };
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db).name === 'sqlite') {
    await sql`drop trigger if exists search_docs_deleted`.execute(db);
    await sql`drop table if exists search_fts`.execute(db);
  }
  await sql`drop table if exists search_docs`.execute(db);
  await sql`drop index if exists messages_sender_created_idx`.execute(db);
}
