/**
 * Writes the search benchmark's world straight into SQLite or PostgreSQL (schema from `messenger migrate`),
 * then builds the search index in a second, timed pass through the same shared tokenizer the server uses:
 * the indexing throughput and the index size are those of that pass.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import type Database from 'better-sqlite3';
import pg from 'pg';
import { SESSION_COOKIE, indexTokens } from '@messenger/shared';
import { v7 as uuidv7 } from 'uuid';
import { repoRoot } from './harness.ts';
import type { GenMessage } from './search-corpus.ts';
import { openSeedDb, seedGroups, seedUsers, type SeededUser } from './seed.ts';

/** Where the corpus went and what indexing it cost. */
export interface SeedReport {
  users: SeededUser[];
  roomIds: string[];
  messages: number;
  seedSeconds: number;
  indexSeconds: number;
  indexBytes: number;
  tableBytes: number;
}

const docTokens = (body: string, fileName: string | null): string =>
  [body, ...(fileName ? [fileName] : [])].flatMap(indexTokens).join(' ');

/** Seeds SQLite in `dataDir`; rooms are given as member indexes. */
export function seedSqlite(
  dataDir: string,
  userCount: number,
  rooms: number[][],
  messages: Iterable<GenMessage>,
): SeedReport {
  const t0 = performance.now();
  const db = openSeedDb(dataDir);
  const users = seedUsers(db, 's', userCount);
  const roomIds = seedGroups(
    db,
    rooms.map((m, i) => ({ name: `팀 ${i}`, memberIds: m.map((u) => users[u]!.id) })),
  );
  const insert = db.prepare(`INSERT INTO messages (id, room_id, seq, rev, kind, sender_id, body, reply_to_id,
      mention_all, mention_user_ids, system_event, created_at, file_count)
    VALUES (?, ?, ?, ?, 'text', ?, ?, NULL, 0, ?, NULL, ?, ?)`);
  const mention = db.prepare(
    'INSERT INTO message_mentions (message_id, room_id, seq, user_id) VALUES (?, ?, ?, ?)',
  );
  const file =
    db.prepare(`INSERT INTO files (id, room_id, uploader_id, message_id, position, name, content_type,
      size, sha256, kind, created_at) VALUES (?, ?, ?, ?, 0, ?, 'application/octet-stream', 1000, '', ?, ?)`);
  const seqs = new Array<number>(rooms.length).fill(0);
  let n = 0;
  const batch: GenMessage[] = [];
  const flush = db.transaction((list: GenMessage[]) => {
    for (const m of list) {
      const roomId = roomIds[m.roomIndex]!;
      const seq = ++seqs[m.roomIndex]!;
      const id = uuidv7({ msecs: Math.floor(m.createdAt) });
      const at = Math.floor(m.createdAt);
      const mentioned = m.mention !== undefined ? [users[m.mention]!.id] : [];
      insert.run(
        id,
        roomId,
        seq,
        seq,
        users[m.sender]!.id,
        m.body,
        JSON.stringify(mentioned),
        at,
        m.file ? 1 : 0,
      );
      for (const u of mentioned) mention.run(id, roomId, seq, u);
      if (m.file) file.run(uuidv7(), roomId, users[m.sender]!.id, id, m.file.name, m.file.kind, at);
    }
  });
  for (const m of messages) {
    batch.push(m);
    if (batch.length === 50_000) {
      flush(batch.splice(0));
      n += 50_000;
      process.stderr.write(`seeded ${n} messages\n`);
    }
  }
  n += batch.length;
  flush(batch.splice(0));
  const setRoom = db.prepare('UPDATE rooms SET last_seq = ?, last_rev = ? WHERE id = ?');
  db.transaction(() => roomIds.forEach((id, i) => setRoom.run(seqs[i], seqs[i], id)))();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const seedSeconds = (performance.now() - t0) / 1000;

  const t1 = performance.now();
  indexSqlite(db);
  const indexSeconds = (performance.now() - t1) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const size = (like: string) =>
    (
      db.prepare(`SELECT coalesce(sum(pgsize), 0) AS s FROM dbstat WHERE name LIKE ?`).get(like) as {
        s: number;
      }
    ).s;
  const indexBytes = size('search_%') + size('sqlite_autoindex_search_docs%');
  const tableBytes = size('messages');
  db.close();
  return { users, roomIds, messages: n, seedSeconds, indexSeconds, indexBytes, tableBytes };
}

/** The index pass on SQLite: as the migration's backfill does it, oldest first, in batches. */
function indexSqlite(db: Database.Database): void {
  const page = db.prepare(`SELECT m.rowid AS rid, m.id, m.room_id, m.body,
      (SELECT name FROM files f WHERE f.message_id = m.id) AS file_name
    FROM messages m WHERE m.rowid > ? ORDER BY m.rowid LIMIT 10000`);
  const doc = db.prepare('INSERT INTO search_docs (message_id, room_id) VALUES (?, ?)');
  const fts = db.prepare('INSERT INTO search_fts (rowid, tokens) VALUES (?, ?)');
  type Row = { rid: number; id: string; room_id: string; body: string; file_name: string | null };
  const write = db.transaction((rows: Row[]) => {
    for (const r of rows) {
      const tokens = docTokens(r.body, r.file_name);
      if (tokens) fts.run(doc.run(r.id, r.room_id).lastInsertRowid, tokens);
    }
  });
  // Messages were inserted in time order, so rowid order is time order (as the backfill's created_at order).
  for (let after = 0; ;) {
    const rows = page.all(after) as Row[];
    if (rows.length === 0) return;
    write(rows);
    after = rows.at(-1)!.rid;
  }
}

/** A fresh PostgreSQL database on the server of `baseUrl`, migrated; returns its URL. */
export async function freshPostgres(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `mx_bench_search_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  execFileSync(process.execPath, [path.join(repoRoot, 'apps/server/src/cli.ts'), 'migrate'], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Multi-row INSERT of `rows` (arrays of values) into `table (columns)`. */
async function insertRows(c: pg.Client, table: string, columns: string, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const width = rows[0]!.length;
  const values = rows.map(
    (_, i) => `(${Array.from({ length: width }, (_, k) => `$${i * width + k + 1}`).join(',')})`,
  );
  await c.query(`INSERT INTO ${table} (${columns}) VALUES ${values.join(',')}`, rows.flat());
}

/** Seeds PostgreSQL at `url` (already migrated), then indexes it. */
export async function seedPostgres(
  url: string,
  userCount: number,
  rooms: number[][],
  messages: Iterable<GenMessage>,
): Promise<SeedReport> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const t0 = performance.now();
    const now = Date.now();
    const users: SeededUser[] = [];
    const userRows: unknown[][] = [];
    const sessionRows: unknown[][] = [];
    for (let i = 0; i < userCount; i++) {
      const id = uuidv7();
      const username = `s_${i}`;
      const token = randomBytes(32).toString('base64url');
      const hash = createHash('sha256').update(token).digest('hex');
      userRows.push([id, username, username, `Bench ${i}`, '!seeded-no-password', 0, '', now, now]);
      sessionRows.push([
        uuidv7(),
        hash,
        id,
        '127.0.0.1',
        'bench',
        now - 600_000,
        now - 600_000,
        now + 30 * 86400_000,
      ]);
      users.push({ id, username, cookie: `${SESSION_COOKIE}=${token}` });
    }
    for (let i = 0; i < userRows.length; i += 500) {
      await insertRows(
        c,
        'users',
        'id, username, username_lower, nickname, password_hash, is_admin, status_message, created_at, updated_at',
        userRows.slice(i, i + 500),
      );
      await insertRows(
        c,
        'sessions',
        'id, token_hash, user_id, ip, user_agent, created_at, last_seen_at, expires_at',
        sessionRows.slice(i, i + 500),
      );
    }
    const roomIds = rooms.map(() => uuidv7());
    await insertRows(
      c,
      'rooms',
      'id, kind, name, description, created_by, created_at, last_seq, last_rev, last_activity_at',
      rooms.map((m, i) => [roomIds[i], 'group', `팀 ${i}`, '', users[m[0]!]!.id, now, 0, 0, now]),
    );
    const memberRows = rooms.flatMap((m, i) =>
      m.map((u, k) => [roomIds[i], users[u]!.id, k === 0 ? 'owner' : 'member', now, 0, 0, 0]),
    );
    for (let i = 0; i < memberRows.length; i += 1000)
      await insertRows(
        c,
        'room_members',
        'room_id, user_id, role, joined_at, last_read_seq, pinned, muted',
        memberRows.slice(i, i + 1000),
      );

    const seqs = new Array<number>(rooms.length).fill(0);
    let n = 0;
    let msgRows: unknown[][] = [];
    let mentionRows: unknown[][] = [];
    let fileRows: unknown[][] = [];
    const flush = async () => {
      await c.query('BEGIN');
      for (let i = 0; i < msgRows.length; i += 1000)
        await insertRows(
          c,
          'messages',
          'id, room_id, seq, rev, kind, sender_id, body, mention_all, mention_user_ids, created_at, file_count',
          msgRows.slice(i, i + 1000),
        );
      await insertRows(c, 'message_mentions', 'message_id, room_id, seq, user_id', mentionRows);
      await insertRows(
        c,
        'files',
        'id, room_id, uploader_id, message_id, position, name, content_type, size, sha256, kind, created_at',
        fileRows,
      );
      await c.query('COMMIT');
      n += msgRows.length;
      msgRows = [];
      mentionRows = [];
      fileRows = [];
      process.stderr.write(`seeded ${n} messages (PostgreSQL)\n`);
    };
    for (const m of messages) {
      const roomId = roomIds[m.roomIndex]!;
      const seq = ++seqs[m.roomIndex]!;
      const at = Math.floor(m.createdAt);
      const id = uuidv7({ msecs: at });
      const mentioned = m.mention !== undefined ? [users[m.mention]!.id] : [];
      msgRows.push([
        id,
        roomId,
        seq,
        seq,
        'text',
        users[m.sender]!.id,
        m.body,
        0,
        JSON.stringify(mentioned),
        at,
        m.file ? 1 : 0,
      ]);
      for (const u of mentioned) mentionRows.push([id, roomId, seq, u]);
      if (m.file)
        fileRows.push([
          uuidv7(),
          roomId,
          users[m.sender]!.id,
          id,
          0,
          m.file.name,
          'application/octet-stream',
          1000,
          '',
          m.file.kind,
          at,
        ]);
      if (msgRows.length === 20_000) await flush();
    }
    await flush();
    for (let i = 0; i < roomIds.length; i++)
      await c.query('UPDATE rooms SET last_seq = $1, last_rev = $1 WHERE id = $2', [seqs[i], roomIds[i]]);
    await c.query('VACUUM ANALYZE');
    const seedSeconds = (performance.now() - t0) / 1000;

    const t1 = performance.now();
    type DocRow = { id: string; room_id: string; body: string; created_at: number; file_name: string | null };
    for (let after: { at: number; id: string } | null = null; ;) {
      const page: pg.QueryResult<DocRow> = await c.query<DocRow>(
        `SELECT m.id, m.room_id, m.body, m.created_at::float8 AS created_at,
           (SELECT name FROM files f WHERE f.message_id = m.id LIMIT 1) AS file_name
         FROM messages m ${after ? 'WHERE (m.created_at, m.id) > ($1, $2)' : ''}
         ORDER BY m.created_at, m.id LIMIT 5000`,
        after ? [after.at, after.id] : [],
      );
      const rows = page.rows;
      if (rows.length === 0) break;
      const docs = rows
        .map((r): unknown[] => [r.id, r.room_id, r.created_at, docTokens(r.body, r.file_name)])
        .filter((d) => d[3]);
      await c.query('BEGIN');
      for (let i = 0; i < docs.length; i += 1000) {
        const part = docs.slice(i, i + 1000);
        const values = part.map(
          // As the server writes a document: its tokens, and its room as a lexeme (migration 0008).
          (_, k) =>
            `($${k * 4 + 1}, $${k * 4 + 2}, $${k * 4 + 3}, to_tsvector('simple', $${k * 4 + 4}) || array_to_tsvector(array['#' || $${k * 4 + 2}::text]))`,
        );
        await c.query(
          `INSERT INTO search_docs (message_id, room_id, created_at, tokens) VALUES ${values.join(',')}`,
          part.flat(),
        );
      }
      await c.query('COMMIT');
      after = { at: rows.at(-1)!.created_at, id: rows.at(-1)!.id };
    }
    const indexSeconds = (performance.now() - t1) / 1000;
    await c.query('ANALYZE search_docs');
    const size = async (rel: string) =>
      Number((await c.query(`SELECT pg_total_relation_size('${rel}') AS s`)).rows[0].s);
    return {
      users,
      roomIds,
      messages: n,
      seedSeconds,
      indexSeconds,
      indexBytes: await size('search_docs'),
      tableBytes: await size('messages'),
    };
  } finally {
    await c.end();
  }
}
