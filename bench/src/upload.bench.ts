/**
 * Upload benchmark: CONCURRENCY simultaneous uploads of SIZE_MIB each through POST /api/upload (multipart,
 * as the browser sends it), ROUNDS times, then the same with small files. Reports throughput and the server's
 * peak memory, which must not grow with the file size (files stream to disk, FILE-2).
 * Usage: npm run bench:upload  (env: CONCURRENCY=20 SIZE_MIB=10 SMALL_MIB=1 ROUNDS=3)
 */
import { randomBytes } from 'node:crypto';
import { UNLIMITED, createGroup, pool, registerUsers, runTag, type BenchUser } from './clients.ts';
import { machine, startServer, summarize, writeResult, type LatencySummary } from './harness.ts';
import { procMemory } from './measure.ts';

const CONCURRENCY = Number(process.env.CONCURRENCY ?? 20);
const SIZE_MIB = Number(process.env.SIZE_MIB ?? 10);
const SMALL_MIB = Number(process.env.SMALL_MIB ?? 1);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

/** A zip-looking file (the type check reads the first bytes) of random, incompressible content. */
function payload(mib: number): Blob {
  const bytes = randomBytes(mib * 1024 * 1024);
  bytes.write('PK\x03\x04', 0, 'latin1');
  return new Blob([bytes]);
}

interface PhaseResult {
  fileMib: number;
  uploads: number;
  seconds: number;
  mibPerSecond: number;
  uploadsPerSecond: number;
  latencyMs: LatencySummary;
  baselineRssMb: number;
  peakRssMb: number;
  peakAnonMb: number;
}

async function phase(
  url: string,
  pid: number,
  users: BenchUser[],
  roomId: string,
  mib: number,
): Promise<PhaseResult> {
  const file = payload(mib);
  const baseline = procMemory(pid);
  let peak = baseline;
  // Sampled often: a buffered upload would show as a spike of about the file size per upload in flight.
  const timer = setInterval(() => {
    const now = procMemory(pid);
    if (now.rssMb > peak.rssMb) peak = now;
  }, 20);
  const latencies: number[] = [];
  const t0 = performance.now();
  const jobs = Array.from({ length: CONCURRENCY * ROUNDS }, (_, i) => i);
  await pool(jobs, CONCURRENCY, async (i) => {
    const user = users[i % users.length]!;
    const form = new FormData();
    form.append('room_id', roomId);
    form.append('file', file, `bench-${i}.zip`);
    const start = performance.now();
    const res = await user.browser.upload(form);
    if (res.status !== 200) throw new Error(`upload ${i}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    latencies.push(performance.now() - start);
  });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const uploads = jobs.length;
  return {
    fileMib: mib,
    uploads,
    seconds: Math.round(seconds * 100) / 100,
    mibPerSecond: Math.round((uploads * mib * 10) / seconds) / 10,
    uploadsPerSecond: Math.round((uploads * 10) / seconds) / 10,
    latencyMs: summarize(latencies.sort((a, b) => a - b)),
    baselineRssMb: baseline.rssMb,
    peakRssMb: peak.rssMb,
    peakAnonMb: peak.anonMb,
  };
}

async function main(): Promise<void> {
  const server = await startServer({
    ...UNLIMITED,
    RATE_LIMIT_UPLOAD: '1000000/min',
    MAX_UPLOAD_BYTES: String(16 * 1024 * 1024),
  });
  try {
    const users = await registerUsers(server.url, `u${runTag()}`, 4);
    const roomId = await createGroup(
      users[0]!,
      'uploads',
      users.slice(1).map((u) => u.id),
    );
    // Warm-up: code paths compiled, folders made.
    await phase(server.url, server.pid, users, roomId, 1);
    const small = await phase(server.url, server.pid, users, roomId, SMALL_MIB);
    const large = await phase(server.url, server.pid, users, roomId, SIZE_MIB);
    const growth = large.peakRssMb - small.peakRssMb;
    const result = {
      machine: machine(),
      concurrency: CONCURRENCY,
      rounds: ROUNDS,
      small,
      large,
      peakGrowthMb: growth,
    };
    const row = (p: PhaseResult) =>
      `| ${p.fileMib} MiB | ${p.uploads} | ${p.mibPerSecond} MiB/s | ${p.uploadsPerSecond}/s | ${p.latencyMs.p50} / ${p.latencyMs.p99} ms | ${p.baselineRssMb} → ${p.peakRssMb} MB |`;
    const report = [
      `# Uploads: ${CONCURRENCY} at once, ${ROUNDS} rounds`,
      '',
      '| file | uploads | throughput | uploads/s | latency p50 / p99 | server RSS (before → peak) |',
      '| --- | --- | --- | --- | --- | --- |',
      row(small),
      row(large),
      '',
      `Peak server memory with ${SIZE_MIB} MiB files is ${growth >= 0 ? '+' : ''}${growth} MB compared with ${SMALL_MIB} MiB files ` +
        `(${CONCURRENCY} in flight: a buffered upload would add about ${CONCURRENCY * (SIZE_MIB - SMALL_MIB)} MB).`,
      '',
    ].join('\n');
    writeResult('upload', result, report);
  } finally {
    await server.stop();
  }
}

await main();
