/**
 * Idle-connections benchmark: USERS users seeded straight into SQLite (each with its own session, each a
 * member of ROOMS_PER_USER group rooms of ROOM_SIZE), all connected at once over Socket.IO and left idle.
 * Measures the server's memory before and after (settled for SETTLE s), and how long connecting takes.
 * Usage: npm run bench:idle  (env: USERS=5000 ROOMS_PER_USER=3 ROOM_SIZE=10 CONCURRENCY=50 SETTLE=20 PROFILE=1)
 */
import { closeAll, connectAll } from './clients.ts';
import { rng } from './corpus.ts';
import { freshDataDir, machine, serverNodeArgs, round1, sleep, startServer, writeResult } from './harness.ts';
import { CpuMeter, mb, procMemory, scrapeMetrics } from './measure.ts';
import { closeSeedDb, openSeedDb, seedGroups, seedUsers, sqliteUrl } from './seed.ts';

const USERS = Number(process.env.USERS ?? 5000);
const ROOMS_PER_USER = Number(process.env.ROOMS_PER_USER ?? 3);
const ROOM_SIZE = Number(process.env.ROOM_SIZE ?? 10);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 50);
const SETTLE_S = Number(process.env.SETTLE ?? 20);
const TARGET_MB = 300;

/** Memory figures of the server: its /metrics, and /proc for the anonymous / file-backed split of RSS. */
async function memory(url: string, pid: number) {
  const m = await scrapeMetrics(url);
  const proc = procMemory(pid);
  return {
    rssMb: mb(m.process_resident_memory_bytes ?? 0),
    anonMb: proc.anonMb,
    fileMb: proc.fileMb,
    heapUsedMb: mb(m.nodejs_heap_size_used_bytes ?? 0),
    heapTotalMb: mb(m.nodejs_heap_size_total_bytes ?? 0),
    externalMb: mb(m.nodejs_external_memory_bytes ?? 0),
    openSockets: m.messenger_open_sockets ?? NaN,
    /** V8 heap spaces, "used/total" MB: shows whether the heap holds live data or reserved room. */
    heapSpaces: Object.fromEntries(
      ['new', 'old', 'code', 'large_object'].map((sp) => [
        sp,
        `${mb(m[`nodejs_heap_space_size_used_bytes{space="${sp}"}`] ?? 0)}/${mb(m[`nodejs_heap_space_size_total_bytes{space="${sp}"}`] ?? 0)}`,
      ]),
    ),
  };
}

/** Each user in ROOMS_PER_USER rooms: every layer shuffles the users and cuts them into rooms of ROOM_SIZE. */
function roomLayout(userIds: string[]): { name: string; memberIds: string[] }[] {
  const r = rng(3);
  const groups: { name: string; memberIds: string[] }[] = [];
  for (let layer = 0; layer < ROOMS_PER_USER; layer++) {
    const ids = [...userIds];
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    for (let i = 0; i < ids.length; i += ROOM_SIZE) {
      groups.push({ name: `team ${groups.length}`, memberIds: ids.slice(i, i + ROOM_SIZE) });
    }
  }
  return groups;
}

async function main(): Promise<void> {
  const dataDir = freshDataDir();
  const t0 = performance.now();
  const db = openSeedDb(dataDir);
  const users = seedUsers(db, 'i', USERS);
  const rooms = seedGroups(db, roomLayout(users.map((u) => u.id)));
  closeSeedDb(db);
  const seedSeconds = round1((performance.now() - t0) / 1000);
  process.stderr.write(`seeded ${USERS} users and ${rooms.length} rooms in ${seedSeconds} s\n`);

  const server = await startServer(
    { DATABASE_URL: sqliteUrl(dataDir) },
    { dataDir, nodeArgs: serverNodeArgs(), removeDataDir: true },
  );
  try {
    await sleep(3000); // past start-up work (migrations check, first GCs)
    const before = await memory(server.url, server.pid);
    const cpu = new CpuMeter(server.pid);
    cpu.start();
    const conn = await connectAll(
      server.url,
      users.map((u) => u.cookie),
      CONCURRENCY,
      (n) => process.stderr.write(`connected ${n}\n`),
    );
    const connectCpu = cpu.stop();
    const justConnected = await memory(server.url, server.pid);
    // Presence announcements of the connect storm drain, then the sockets only exchange pings.
    await sleep(SETTLE_S * 1000);
    const after = await memory(server.url, server.pid);
    const stillConnected = conn.sockets.filter((s) => s.connected).length;
    const benchRssMb = mb(process.memoryUsage().rss);
    closeAll(conn.sockets);

    const perConnectionKb = Math.round(((after.rssMb - before.rssMb) * 1024) / USERS);
    const met = after.rssMb < TARGET_MB && stillConnected === USERS;
    const m = machine();
    const result = {
      benchmark: 'idle',
      date: new Date().toISOString(),
      machine: { ...m, database: 'SQLite' },
      settings: {
        users: USERS,
        roomsPerUser: ROOMS_PER_USER,
        roomSize: ROOM_SIZE,
        rooms: rooms.length,
        concurrency: CONCURRENCY,
        settleSeconds: SETTLE_S,
      },
      seedSeconds,
      connect: {
        seconds: round1(conn.seconds),
        perSecond: round1(USERS / conn.seconds),
        handshakeMs: conn.handshakeMs,
        cpu: connectCpu,
      },
      memory: { before, justConnected, after, perConnectionKb },
      stillConnected,
      benchRssMb,
      target: { serverRssMb: TARGET_MB },
      pass: met,
    };
    const row = (name: string, x: typeof before) =>
      `| ${name} | ${x.openSockets} | ${x.rssMb} | ${x.anonMb} | ${x.fileMb} | ${x.heapUsedMb} | ${x.heapTotalMb} | ${x.externalMb} |`;
    const h = conn.handshakeMs;
    const report = `# Idle connections benchmark

${result.date}, ${m.cpus} × ${m.cpuModel}, Node ${m.node}, SQLite.
${USERS} users seeded into SQLite (each with a session; ${rooms.length} group rooms of ${ROOM_SIZE}, ${ROOMS_PER_USER} per user) in ${seedSeconds} s.
The real server in one process; ${USERS} socket.io-client WebSocket connections from one bench process (sharing
the 2 cores), ${CONCURRENCY} handshakes at a time, each authenticated by its session cookie, then idle for ${SETTLE_S} s.

| server | open sockets | RSS MB | anonymous MB | file-backed MB | heap used MB | heap total MB | external MB |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${row('before connecting', before)}
${row('all connected', justConnected)}
${row(`after ${SETTLE_S} s idle`, after)}

RSS is \`process_resident_memory_bytes\` of /metrics; anonymous + file-backed is its split from /proc (file-backed is
mostly the node binary's code, shared with other Node processes). Memory per idle connection: ${perConnectionKb} KB of server RSS.
V8 heap spaces after the idle period, used/total MB: ${Object.entries(after.heapSpaces)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}. Still connected at the end: ${stillConnected} of ${USERS}.
Connecting all ${USERS}: ${result.connect.seconds} s (${result.connect.perSecond} handshakes/s); one handshake p50 ${h.p50} ms, p95 ${h.p95} ms, p99 ${h.p99} ms, max ${h.max} ms;
meanwhile the server used ${connectCpu.serverCpuPercent}% of one core, the bench ${connectCpu.benchCpuPercent}%, other processes ${connectCpu.otherCpuPercent}% (noise indicator).
Bench process RSS: ${benchRssMb} MB.

Target: server memory under ${TARGET_MB} MB with ${USERS} idle connections (measured ${after.rssMb} MB RSS): **${met ? 'met' : 'NOT met'}**.
`;
    writeResult('idle', result, report);
  } finally {
    await server.stop();
  }
}

await main();
