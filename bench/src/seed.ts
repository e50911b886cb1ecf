/**
 * Seeds a SQLite data dir directly, for data-scale benchmarks where going through the API would take hours
 * (argon2id sign-ups, a million sends). The schema comes from the server's own `migrate` command; rows
 * follow apps/server/src/db/migrations. Sessions are minted as the server mints them: a random token in the
 * cookie, its SHA-256 hex in `sessions.token_hash`.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SESSION_COOKIE } from '@messenger/shared';
import { v7 as uuidv7 } from 'uuid';
import { messageBody, rng } from './corpus.ts';
import { repoRoot } from './harness.ts';

/** A user with a live session whose cookie we know. */
export interface SeededUser {
  id: string;
  username: string;
  /** `mx_session=<token>`, ready for a Cookie header. */
  cookie: string;
}

/** The DATABASE_URL of the SQLite file in a data dir (overrides any postgres URL in our environment). */
export function sqliteUrl(dataDir: string): string {
  return `sqlite:${path.join(dataDir, 'messenger.db')}`;
}

/** Creates the schema with `messenger migrate`, then opens the file for fast bulk inserts. */
export function openSeedDb(dataDir: string): Database.Database {
  execFileSync(process.execPath, [path.join(repoRoot, 'apps/server/src/cli.ts'), 'migrate'], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: sqliteUrl(dataDir), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const db = new Database(path.join(dataDir, 'messenger.db'));
  // Bulk load only: a crash would just mean seeding again. The server reopens with its own pragmas.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  return db;
}

/** Flushes the WAL into the database file and closes it; returns the file size in bytes. */
export function closeSeedDb(db: Database.Database): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const file = db.name;
  db.close();
  return statSync(file).size;
}

/**
 * Inserts `n` users, each with one fresh session. Sessions were last seen 10 minutes ago, so the first
 * authenticated request or handshake touches them, as after a real night's reconnect. The password hash is a
 * placeholder: these users never log in with a password.
 */
export function seedUsers(db: Database.Database, prefix: string, n: number): SeededUser[] {
  const now = Date.now();
  const insertUser = db.prepare(
    `INSERT INTO users (id, username, username_lower, nickname, password_hash, is_admin, status_message, created_at, updated_at)
     VALUES (?, ?, ?, ?, '!seeded-no-password', 0, '', ?, ?)`,
  );
  const insertSession = db.prepare(
    `INSERT INTO sessions (id, token_hash, user_id, ip, user_agent, created_at, last_seen_at, expires_at)
     VALUES (?, ?, ?, '127.0.0.1', 'bench', ?, ?, ?)`,
  );
  const users: SeededUser[] = [];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = uuidv7();
      const username = `${prefix}_${i}`;
      const token = randomBytes(32).toString('base64url');
      const hash = createHash('sha256').update(token).digest('hex');
      insertUser.run(id, username, username.toLowerCase(), `Bench ${i}`, now, now);
      insertSession.run(uuidv7(), hash, id, now - 600_000, now - 600_000, now + 30 * 86400_000);
      users.push({ id, username, cookie: `${SESSION_COOKIE}=${token}` });
    }
  })();
  return users;
}

/** Inserts group rooms (the first member is the owner); returns their ids. */
export function seedGroups(db: Database.Database, groups: { name: string; memberIds: string[] }[]): string[] {
  const now = Date.now();
  const insertRoom = db.prepare(
    `INSERT INTO rooms (id, kind, name, description, direct_key, created_by, created_at, last_seq, last_rev, last_activity_at)
     VALUES (?, 'group', ?, '', NULL, ?, ?, 0, 0, ?)`,
  );
  const insertMember = db.prepare(
    `INSERT INTO room_members (room_id, user_id, role, joined_at, last_read_seq, pinned, muted)
     VALUES (?, ?, ?, ?, 0, 0, 0)`,
  );
  return db.transaction(() =>
    groups.map(({ name, memberIds }) => {
      const id = uuidv7();
      insertRoom.run(id, name, memberIds[0] ?? null, now, now);
      memberIds.forEach((userId, i) => insertMember.run(id, userId, i === 0 ? 'owner' : 'member', now));
      return id;
    }),
  )();
}

/**
 * Appends `count` text messages to a room: dense seq 1..count, rev = seq, senders in turn, bodies from the
 * corpus, one every ~30 s up to now. Commits every 50,000 rows; sets the room's last_seq/last_rev.
 */
export function seedMessages(
  db: Database.Database,
  roomId: string,
  senderIds: string[],
  count: number,
  onProgress?: (done: number) => void,
): void {
  const r = rng(7);
  const stepMs = 30_000;
  const start = Date.now() - count * stepMs;
  const insert = db.prepare(
    `INSERT INTO messages (id, room_id, seq, rev, kind, sender_id, body, reply_to_id, mention_all, mention_user_ids, system_event, created_at)
     VALUES (?, ?, ?, ?, 'text', ?, ?, NULL, 0, '[]', NULL, ?)`,
  );
  const chunk = db.transaction((from: number, to: number) => {
    for (let seq = from; seq <= to; seq++) {
      const at = start + seq * stepMs;
      // UUIDv7 from the message's own time, as a client would have made it then.
      const id = uuidv7({ msecs: at, seq });
      insert.run(id, roomId, seq, seq, senderIds[seq % senderIds.length], messageBody(r), at);
    }
  });
  for (let from = 1; from <= count; from += 50_000) {
    chunk(from, Math.min(count, from + 49_999));
    onProgress?.(Math.min(count, from + 49_999));
  }
  db.prepare('UPDATE rooms SET last_seq = ?, last_rev = ?, last_activity_at = ? WHERE id = ?').run(
    count,
    count,
    start + count * stepMs,
    roomId,
  );
}
