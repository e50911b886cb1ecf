/**
 * Login benchmark: the real server in its own process, real HTTP, argon2id hashing.
 *   1. open loop at the target rate (20 logins/s) for DURATION s: latency at the required load;
 *   2. closed loop with CONCURRENCY clients for DURATION s: the most logins per second this machine manages.
 * Usage: npm run bench:login  (env: DURATION=20 CONCURRENCY=8 RATE=20)
 */
import { cpus } from 'node:os';
import { Browser, percentile, startServer, writeResult } from './harness.ts';

const DURATION_S = Number(process.env.DURATION ?? 20);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const RATE = Number(process.env.RATE ?? 20);
const USERS = 40;
const PASSWORD = 'bench-password-1';

interface Phase {
  name: string;
  logins: number;
  failures: number;
  seconds: number;
  perSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

async function loginOnce(b: Browser, username: string, latencies: number[]): Promise<boolean> {
  const t0 = performance.now();
  const res = await b.request('POST', '/api/login', { username, password: PASSWORD });
  latencies.push(performance.now() - t0);
  await res.arrayBuffer();
  return res.status === 200;
}

function summarize(name: string, latencies: number[], failures: number, seconds: number): Phase {
  const sorted = [...latencies].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 10) / 10;
  return {
    name,
    logins: latencies.length - failures,
    failures,
    seconds: r(seconds),
    perSecond: r((latencies.length - failures) / seconds),
    latencyMs: {
      p50: r(percentile(sorted, 50)),
      p95: r(percentile(sorted, 95)),
      p99: r(percentile(sorted, 99)),
      max: r(sorted.at(-1) ?? NaN),
    },
  };
}

async function openLoop(browsers: Browser[], names: string[]): Promise<Phase> {
  const latencies: number[] = [];
  let failures = 0;
  const total = RATE * DURATION_S;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const k = i % browsers.length;
    pending.push(loginOnce(browsers[k]!, names[k]!, latencies).then((ok) => void (ok || failures++)));
  }
  await Promise.all(pending);
  return summarize(`open loop at ${RATE}/s`, latencies, failures, (performance.now() - start) / 1000);
}

async function closedLoop(browsers: Browser[], names: string[]): Promise<Phase> {
  const latencies: number[] = [];
  let failures = 0;
  const start = performance.now();
  const end = start + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = w; performance.now() < end; i += CONCURRENCY) {
        const k = i % browsers.length;
        if (!(await loginOnce(browsers[k]!, names[k]!, latencies))) failures++;
      }
    }),
  );
  return summarize(
    `closed loop, ${CONCURRENCY} concurrent`,
    latencies,
    failures,
    (performance.now() - start) / 1000,
  );
}

async function main(): Promise<void> {
  const server = await startServer({ RATE_LIMIT_LOGIN: '1000000/min', RATE_LIMIT_REGISTER: '1000000/hour' });
  try {
    const names = Array.from({ length: USERS }, (_, i) => `bench_user_${i}`);
    const browsers = names.map(() => new Browser(server.url));
    for (const [i, b] of browsers.entries()) {
      await b.request('GET', '/api/config');
      const res = await b.request('POST', '/api/register', { username: names[i], password: PASSWORD });
      if (res.status !== 200) throw new Error(`register failed: ${res.status} ${await res.text()}`);
    }
    // Warm-up: JIT, connection pool, argon2 thread pool.
    await Promise.all(browsers.slice(0, 8).map((b, i) => loginOnce(b, names[i]!, [])));

    const phases = [await openLoop(browsers, names), await closedLoop(browsers, names)];
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const rssMb = Math.round(Number(/process_resident_memory_bytes (\d+)/.exec(metrics)?.[1] ?? 0) / 1048576);
    const target = phases[0]!;
    const pass = target.perSecond >= RATE * 0.95 && target.latencyMs.p99 < 300 && target.failures === 0;
    const result = {
      benchmark: 'login',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
      settings: {
        durationSeconds: DURATION_S,
        concurrency: CONCURRENCY,
        rate: RATE,
        hashing: 'argon2id m=19456 t=2 p=1',
      },
      phases,
      serverRssMb: rssMb,
      target: { loginsPerSecond: 20, p99Ms: 300 },
      pass,
    };
    const rows = phases
      .map(
        (p) =>
          `| ${p.name} | ${p.logins} | ${p.failures} | ${p.perSecond} | ${p.latencyMs.p50} | ${p.latencyMs.p95} | ${p.latencyMs.p99} | ${p.latencyMs.max} |`,
      )
      .join('\n');
    const report = `# Login benchmark

${result.date}, ${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}, SQLite, argon2id (19 MiB, t=2, p=1).
Real server process over HTTP on loopback; each login is a POST /api/login with its cookie and CSRF token; the load generator shares the 2 cores.

| phase | logins | failures | logins/s | p50 ms | p95 ms | p99 ms | max ms |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows}

Server RSS after the run: ${rssMb} MB.
Target: ${RATE} logins/s with p99 under 300 ms: **${pass ? 'met' : 'NOT met'}** (the original: 3.8 logins/s with bcrypt).
`;
    writeResult('login', result, report);
  } finally {
    await server.stop();
  }
}

await main();
