/**
 * Retention benchmark (RET-1): MESSAGES messages past their retention, seeded straight into SQLite in ROOMS
 * rooms (one in FILE_EVERY with a file on disk), then a retention run (`POST /api/admin/retention/run`) while
 * CLIENTS connected members of another room chat over sockets (each RATE messages/s, open loop).
 * Measures the run's duration and what it removed, and message delivery latency during the run against a
 * baseline phase without it.
 * Usage: npm run bench:retention  (env: MESSAGES=100000 ROOMS=4 CLIENTS=20 RATE=2 FILE_EVERY=100 PROFILE=1)
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SESSION_COOKIE } from '@messenger/shared';
import { v7 as uuidv7 } from 'uuid';
import { closeAll, connectAll, UNLIMITED } from './clients.ts';
import {
  Browser,
  freshDataDir,
  machine,
  round1,
  serverNodeArgs,
  startServer,
  writeResult,
  type LatencySummary,
} from './harness.ts';
import { mb } from './measure.ts';
import { closeSeedDb, openSeedDb, seedGroups, seedMessages, seedUsers, sqliteUrl } from './seed.ts';
import { Traffic } from './traffic.ts';

const MESSAGES = Number(process.env.MESSAGES ?? 100_000);
const ROOMS = Number(process.env.ROOMS ?? 4);
const CLIENTS = Number(process.env.CLIENTS ?? 20);
const RATE = Number(process.env.RATE ?? 2);
const FILE_EVERY = Number(process.env.FILE_EVERY ?? 100);
const BASELINE_S = Number(process.env.BASELINE ?? 10);
/** Chat goes on this long before the run starts, and at most this long after it ended. */
const MARGIN_S = 2;
/** The run's phase is sized from this guess; a longer run is reported (its tail then has no traffic). */
const RUN_GUESS_S = Number(process.env.RUN_GUESS ?? 30);
const RETENTION_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
const TARGET_P99_MS = 100;

/** Seeds the retention rooms (messages aged past RETENTION_DAYS, some with files) and the chat room. */
function seed(dataDir: string) {
  const db = openSeedDb(dataDir);
  const users = seedUsers(db, 'r', CLIENTS + 1);
  const [admin, ...chatters] = users;
  db.prepare('UPDATE users SET is_admin = 1 WHERE id = ?').run(admin!.id);
  const memberIds = users.slice(0, 5).map((u) => u.id);
  const rooms = seedGroups(
    db,
    Array.from({ length: ROOMS }, (_, i) => ({ name: `retention ${i + 1}`, memberIds })),
  );
  const perRoom = Math.ceil(MESSAGES / ROOMS);
  for (const roomId of rooms) seedMessages(db, roomId, memberIds, perRoom);
  // seedMessages spreads them up to now; move them all a month back, past the retention.
  db.prepare(`UPDATE messages SET created_at = created_at - ?`).run(30 * DAY_MS);
  const files = seedFiles(db, dataDir, admin!.id);
  const [chatRoom] = seedGroups(db, [{ name: 'chat', memberIds: chatters.map((u) => u.id) }]);
  const bytes = closeSeedDb(db);
  return { admin: admin!, chatters, chatRoom: chatRoom!, files, bytes, messages: perRoom * ROOMS };
}

/** Attaches a small file (row and bytes on disk) to one message in FILE_EVERY. */
function seedFiles(db: ReturnType<typeof openSeedDb>, dataDir: string, uploaderId: string): number {
  const rows = db
    .prepare(`SELECT id, room_id, created_at FROM messages WHERE seq % ? = 0`)
    .all(FILE_EVERY) as { id: string; room_id: string; created_at: number }[];
  const insert = db.prepare(
    `INSERT INTO files (id, room_id, uploader_id, message_id, position, name, content_type, size, sha256, kind, created_at)
     VALUES (?, ?, ?, ?, 0, 'report.txt', 'text/plain', 64, '', 'file', ?)`,
  );
  const attach = db.prepare('UPDATE messages SET file_count = 1 WHERE id = ?');
  db.transaction(() => {
    for (const m of rows) {
      const id = uuidv7();
      insert.run(id, m.room_id, uploaderId, m.id, m.created_at);
      attach.run(m.id);
      const dir = path.join(dataDir, 'files', 'objects', id.slice(0, 2));
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, id), 'x'.repeat(64));
    }
  })();
  return rows.length;
}

/** Stored objects left on disk. */
function storedObjects(dataDir: string): number {
  const root = path.join(dataDir, 'files', 'objects');
  let n = 0;
  for (const d of readdirSync(root)) n += readdirSync(path.join(root, d)).length;
  return n;
}

interface RunReport {
  totals: { rooms: number; messages: number; files: number };
}

async function main(): Promise<void> {
  const dataDir = freshDataDir();
  const t0 = performance.now();
  const seeded = seed(dataDir);
  const seedSeconds = round1((performance.now() - t0) / 1000);
  process.stderr.write(
    `seeded ${seeded.messages} messages, ${seeded.files} files in ${seedSeconds} s (${mb(seeded.bytes)} MB)\n`,
  );
  const server = await startServer(
    { ...UNLIMITED, DATABASE_URL: sqliteUrl(dataDir), RETENTION_DAYS: String(RETENTION_DAYS) },
    { dataDir, nodeArgs: serverNodeArgs(), removeDataDir: true },
  );
  try {
    const admin = new Browser(server.url);
    admin.setCookie(SESSION_COOKIE, seeded.admin.cookie.slice(SESSION_COOKIE.length + 1));
    await admin.request('GET', '/api/config');
    const preview = (await (await admin.request('GET', '/api/admin/retention/preview')).json()) as RunReport;
    process.stderr.write(`preview: ${JSON.stringify(preview.totals)}\n`);

    const { sockets } = await connectAll(
      server.url,
      seeded.chatters.map((u) => u.cookie),
      20,
    );
    const peers = seeded.chatters.map((u, i) => ({ socket: sockets[i]!, userId: u.id }));
    const traffic = new Traffic(
      server,
      peers.map((p) => ({ ...p, roomId: seeded.chatRoom, recipients: CLIENTS - 1 })),
      peers,
    );
    const rate = CLIENTS * RATE;
    await traffic.phase(rate, 3); // warm-up
    const baseline = await traffic.phase(rate, BASELINE_S);

    // Chat for the whole run: the phase starts, the run starts MARGIN_S later.
    let runStart = 0;
    let runEnd = 0;
    let removed: RunReport | null = null;
    let status = 0;
    const during = traffic.phase(rate, MARGIN_S + RUN_GUESS_S);
    await new Promise((r) => setTimeout(r, MARGIN_S * 1000));
    runStart = performance.now();
    const res = await admin.request('POST', '/api/admin/retention/run');
    runEnd = performance.now();
    status = res.status;
    removed = (await res.json()) as RunReport;
    const whole = await during;
    const inRun = traffic.deliveriesBetween(runStart, runEnd);
    closeAll(sockets);
    const leftOnDisk = storedObjects(dataDir);

    const runSeconds = round1((runEnd - runStart) / 1000);
    const complete =
      status === 200 &&
      removed.totals.messages === seeded.messages &&
      removed.totals.files === seeded.files &&
      leftOnDisk === 0;
    const fast = inRun.p99 < TARGET_P99_MS;
    const m = machine();
    const result = {
      benchmark: 'retention',
      date: new Date().toISOString(),
      machine: { ...m, database: 'SQLite' },
      settings: {
        messages: seeded.messages,
        rooms: ROOMS,
        files: seeded.files,
        clients: CLIENTS,
        perClientPerSecond: RATE,
      },
      seed: { seconds: seedSeconds, databaseMb: mb(seeded.bytes) },
      preview: preview.totals,
      run: { status, seconds: runSeconds, removed: removed.totals, filesLeftOnDisk: leftOnDisk },
      baseline,
      duringRun: { deliveryMs: inRun, phase: whole },
      target: { deliveryP99Ms: TARGET_P99_MS },
      met: { complete, deliveryP99: fast },
      pass: complete && fast,
    };
    const row = (name: string, d: LatencySummary, n: number | string) =>
      `| ${name} | ${n} | ${d.p50} | ${d.p95} | ${d.p99} | ${d.max} |`;
    const report = `# Retention benchmark

${result.date}, ${m.cpus} × ${m.cpuModel}, Node ${m.node}, SQLite.
${seeded.messages.toLocaleString('en')} messages past their retention in ${ROOMS} rooms (${seeded.files} of them with a file on disk),
seeded straight into SQLite in ${seedSeconds} s (${mb(seeded.bytes)} MB). The real server in one process; \`RETENTION_DAYS=${RETENTION_DAYS}\`.
${CLIENTS} members of another room each send ${RATE} messages/s over Socket.IO (open loop, ${rate} msg/s, ${rate * (CLIENTS - 1)} deliveries/s),
first for ${BASELINE_S} s without retention, then while \`POST /api/admin/retention/run\` removes everything due (200 messages per transaction).

| run | status | seconds | rooms | messages removed | files removed | files left on disk |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| run now | ${status} | ${runSeconds} | ${removed.totals.rooms} | ${removed.totals.messages} | ${removed.totals.files} | ${leftOnDisk} |

Preview before the run: ${preview.totals.messages} messages, ${preview.totals.files} files in ${preview.totals.rooms} rooms.

| delivery latency (send → each recipient) | deliveries | p50 ms | p95 ms | p99 ms | max ms |
| --- | ---: | ---: | ---: | ---: | ---: |
${row('baseline, no retention', baseline.deliveryMs, baseline.delivered)}
${row('sent during the run', inRun, inRun.n)}

Lost during the run's phase: ${whole.lost}, failed sends: ${whole.failed}; server event-loop lag p99 ${whole.serverEventLoopLagP99Ms} ms
(baseline ${baseline.serverEventLoopLagP99Ms} ms); server CPU ${whole.serverCpuPercent}% (baseline ${baseline.serverCpuPercent}%), other CPU ${whole.otherCpuPercent}%.
${runSeconds > RUN_GUESS_S ? `The run outlasted the chat phase (${RUN_GUESS_S} s): its last ${round1(runSeconds - RUN_GUESS_S)} s had no traffic (raise RUN_GUESS).\n` : ''}
Targets: everything due removed, rows and bytes: **${complete ? 'met' : 'NOT met'}**;
delivery p99 under ${TARGET_P99_MS} ms while retention runs (measured ${inRun.p99} ms): **${fast ? 'met' : 'NOT met'}**.
`;
    writeResult('retention', result, report);
  } finally {
    await server.stop();
  }
}

await main();
