/**
 * History benchmark: one room with MESSAGES messages seeded straight into SQLite, then pages of 50 older
 * messages (`GET /api/rooms/:id/messages?before=<random seq>&limit=50`) from the real server:
 *   1. one client, one request at a time, for DURATION s: latency;
 *   2. CLIENTS clients at once (each its own user, session and keep-alive connection), closed loop: pages/s.
 * Usage: npm run bench:history  (env: MESSAGES=1000000 DURATION=15 CLIENTS=4 PROFILE=1)
 */
import { Agent, request } from 'node:http';
import { rng } from './corpus.ts';
import {
  freshDataDir,
  machine,
  serverNodeArgs,
  round1,
  Samples,
  startServer,
  summarize,
  writeResult,
  type LatencySummary,
} from './harness.ts';
import { CpuMeter, mb, scrapeMetrics } from './measure.ts';
import { closeSeedDb, openSeedDb, seedGroups, seedMessages, seedUsers, sqliteUrl } from './seed.ts';

const MESSAGES = Number(process.env.MESSAGES ?? 1_000_000);
const DURATION_S = Number(process.env.DURATION ?? 15);
const CLIENTS = Number(process.env.CLIENTS ?? 4);
const PAGE = 50;
const TARGET_P99_MS = 10;
const TARGET_PAGES_PER_S = 1500;

interface Phase {
  name: string;
  clients: number;
  pages: number;
  errors: number;
  pagesPerSecond: number;
  latencyMs: LatencySummary;
  serverCpuPercent: number;
  benchCpuPercent: number;
  otherCpuPercent: number;
}

/** One GET over a keep-alive agent; resolves with the status and the body (read whole, not parsed). */
function get(agent: Agent, url: URL, cookie: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs `clients` closed-loop readers of random pages for `seconds`. */
async function readPages(
  base: string,
  pid: number,
  roomId: string,
  cookies: string[],
  seconds: number,
  name: string,
): Promise<Phase> {
  const latencies = new Samples();
  let errors = 0;
  const cpu = new CpuMeter(pid);
  cpu.start();
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    cookies.map(async (cookie, c) => {
      // One connection per client, like one browser tab scrolling back.
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const r = rng(1000 + c);
      for (let n = 0; performance.now() < end; n++) {
        // A random full page anywhere in the history.
        const before = PAGE + 1 + Math.floor(r() * (MESSAGES - PAGE));
        const url = new URL(`/api/rooms/${roomId}/messages?before=${before}&limit=${PAGE}`, base);
        const t = performance.now();
        const res = await get(agent, url, cookie);
        latencies.push(performance.now() - t);
        if (res.status !== 200) errors++;
        else if (n % 100 === 0) {
          // Spot-check the answer: a full page ending just before `before`.
          const page = JSON.parse(res.body.toString()) as { messages: { seq: number }[] };
          if (page.messages.length !== PAGE || page.messages.at(-1)?.seq !== before - 1) errors++;
        }
      }
      agent.destroy();
    }),
  );
  const seconds_ = (performance.now() - start) / 1000;
  const usage = cpu.stop();
  return {
    name,
    clients: cookies.length,
    pages: latencies.length - errors,
    errors,
    pagesPerSecond: round1((latencies.length - errors) / seconds_),
    latencyMs: summarize(latencies.values()),
    serverCpuPercent: usage.serverCpuPercent,
    benchCpuPercent: usage.benchCpuPercent,
    otherCpuPercent: usage.otherCpuPercent,
  };
}

async function main(): Promise<void> {
  const dataDir = freshDataDir();
  const t0 = performance.now();
  const db = openSeedDb(dataDir);
  const users = seedUsers(db, 'h', Math.max(10, CLIENTS));
  const [roomId] = seedGroups(db, [{ name: 'history bench', memberIds: users.map((u) => u.id) }]);
  seedMessages(
    db,
    roomId!,
    users.map((u) => u.id),
    MESSAGES,
    (done) => {
      if (done % 200_000 === 0) process.stderr.write(`seeded ${done} messages\n`);
    },
  );
  const dbBytes = closeSeedDb(db);
  const seedSeconds = round1((performance.now() - t0) / 1000);
  process.stderr.write(`seeded in ${seedSeconds} s, database ${mb(dbBytes)} MB\n`);

  const server = await startServer(
    { DATABASE_URL: sqliteUrl(dataDir) },
    {
      dataDir,
      nodeArgs: serverNodeArgs(),
      removeDataDir: true,
    },
  );
  try {
    const cookies = users.map((u) => u.cookie);
    // Warm-up: JIT, SQLite and OS page caches, session touch.
    await readPages(server.url, server.pid, roomId!, cookies.slice(0, CLIENTS), 3, 'warm-up');
    const phases = [
      await readPages(server.url, server.pid, roomId!, cookies.slice(0, 1), DURATION_S, '1 client'),
      await readPages(
        server.url,
        server.pid,
        roomId!,
        cookies.slice(0, CLIENTS),
        DURATION_S,
        `${CLIENTS} clients`,
      ),
    ];
    const metrics = await scrapeMetrics(server.url);
    const [one, many] = phases as [Phase, Phase];
    const latencyMet = one.latencyMs.p99 < TARGET_P99_MS;
    const throughputMet = many.pagesPerSecond > TARGET_PAGES_PER_S;
    const m = machine();
    const result = {
      benchmark: 'history',
      date: new Date().toISOString(),
      machine: { ...m, database: 'SQLite' },
      settings: { messages: MESSAGES, pageSize: PAGE, durationSeconds: DURATION_S, clients: CLIENTS },
      seed: { seconds: seedSeconds, databaseMb: mb(dbBytes) },
      phases,
      serverRssMb: mb(metrics.process_resident_memory_bytes ?? 0),
      target: { p99Ms: TARGET_P99_MS, pagesPerSecond: TARGET_PAGES_PER_S },
      met: { latency: latencyMet, throughput: throughputMet },
      pass: latencyMet && throughputMet,
    };
    const rows = phases
      .map(
        (p) =>
          `| ${p.name} | ${p.pages} | ${p.errors} | ${p.pagesPerSecond} | ${p.latencyMs.p50} | ${p.latencyMs.p95} | ${p.latencyMs.p99} | ${p.latencyMs.max} | ${p.serverCpuPercent}% | ${p.benchCpuPercent}% | ${p.otherCpuPercent}% |`,
      )
      .join('\n');
    const report = `# History benchmark

${result.date}, ${m.cpus} × ${m.cpuModel}, Node ${m.node}, SQLite.
One room with ${MESSAGES.toLocaleString('en')} messages (mixed Korean/English bodies, ${PAGE}-message pages), seeded straight into
SQLite in ${seedSeconds} s; database file ${mb(dbBytes)} MB. The real server in one process, HTTP keep-alive on loopback;
each request is \`GET /api/rooms/:id/messages?before=<random seq>&limit=${PAGE}\` with a session cookie, closed loop,
${DURATION_S} s per phase after a 3 s warm-up. The load generator shares the 2 cores with the server.

| phase | pages | errors | pages/s | p50 ms | p95 ms | p99 ms | max ms | server CPU | bench CPU | other CPU |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows}

Server RSS after the run: ${result.serverRssMb} MB. "Other CPU" is the rest of the machine (a noise indicator).
Targets: p99 under ${TARGET_P99_MS} ms with one client (measured ${one.latencyMs.p99} ms): **${latencyMet ? 'met' : 'NOT met'}**;
over ${TARGET_PAGES_PER_S} pages/s with ${CLIENTS} clients (measured ${many.pagesPerSecond}): **${throughputMet ? 'met' : 'NOT met'}**.
`;
    writeResult('history', result, report);
  } finally {
    await server.stop();
  }
}

await main();
