import { indexTokens } from '@messenger/shared';
import { SqliteAdapter, sql, type Kysely } from 'kysely';

const BATCH = 1000;
/** As `DOC_IDS_PER_MS` in the search repository (copied: a migration must not change when code does). */
const PER_MS = 1024;

/**
 * SQLite search (SRCH-2): a document's id becomes its message's time (ms × 1024 plus a slot for messages of
 * the same millisecond). Before, ids were handed out in the order documents were first written, so a message
 * that got words only later (an edit of "!!!") ranked as the newest, and a date range had to find its ids by
 * binary search. The FTS5 table is contentless (its words cannot be read back), so the index is built again
 * from the messages, oldest first, as migration 0007 did. PostgreSQL orders by its `created_at`: no-op.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`drop trigger if exists search_docs_deleted`.execute(db);
  await sql`drop table if exists search_fts`.execute(db);
  await sql`drop table if exists search_docs`.execute(db);
  await sql`create table search_docs (
    doc_id integer primary key,
    message_id text not null unique references messages(id) on delete cascade,
    room_id text not null
  )`.execute(db);
  await sql`create virtual table search_fts using fts5(
    tokens, content='', contentless_delete=1, tokenize='ascii', detail='full'
  )`.execute(db);
  await sql`create trigger search_docs_deleted after delete on search_docs begin
    delete from search_fts where rowid = old.doc_id;
  end`.execute(db);

  interface Row {
    id: string;
    room_id: string;
    body: string;
    created_at: number;
    file_count: number;
  }
  // Messages have no index on time; without this one, every page would sort the whole table again.
  await sql`create index search_rebuild_tmp on messages (created_at, id)`.execute(db);
  let after: { at: number; id: string } | null = null;
  let lastId = 0;
  for (;;) {
    const cursor: { at: number; id: string } | null = after;
    const rows: Row[] = (
      await sql<Row>`
        select id, room_id, body, created_at, file_count from messages
        where kind = 'text' and deleted_at is null
        ${cursor ? sql`and (created_at > ${cursor.at} or (created_at = ${cursor.at} and id > ${cursor.id}))` : sql``}
        order by created_at, id limit ${BATCH}`.execute(db)
    ).rows;
    if (rows.length === 0) break;
    const withFiles = rows.filter((r) => Number(r.file_count) > 0).map((r) => r.id);
    const names = new Map<string, string[]>();
    if (withFiles.length > 0) {
      const files = await sql<{ message_id: string; name: string }>`
        select message_id, name from files
        where deleted_at is null and message_id in (${sql.join(withFiles)}) order by position`.execute(db);
      for (const f of files.rows) names.set(f.message_id, [...(names.get(f.message_id) ?? []), f.name]);
    }
    const docs: { docId: number; id: string; roomId: string; tokens: string }[] = [];
    for (const r of rows) {
      const tokens = [r.body, ...(names.get(r.id) ?? [])].flatMap(indexTokens).join(' ');
      if (!tokens) continue;
      // Oldest first: the next slot of this millisecond, or past the last id when a millisecond is full.
      lastId = Math.max(Number(r.created_at) * PER_MS, lastId + 1);
      docs.push({ docId: lastId, id: r.id, roomId: r.room_id, tokens });
    }
    if (docs.length > 0) {
      await sql`insert into search_docs (doc_id, message_id, room_id) values ${sql.join(
        docs.map((d) => sql`(${d.docId}, ${d.id}, ${d.roomId})`),
      )}`.execute(db);
      await sql`insert into search_fts (rowid, tokens) values ${sql.join(
        docs.map((d) => sql`(${d.docId}, ${d.tokens})`),
      )}`.execute(db);
    }
    const last = rows.at(-1)!;
    after = { at: Number(last.created_at), id: last.id };
  }
  await sql`drop index search_rebuild_tmp`.execute(db);
}

/** Ids that follow time still work for the code before this migration (it only needed them increasing). */
export async function down(): Promise<void> {}
