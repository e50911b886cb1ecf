/**
 * Direct-message benchmark: PAIRS direct rooms (2 × PAIRS connected users), each user sending RATE messages a
 * second to their peer (open loop, evenly spread), every message persisted as in production.
 *   1. the target load for DURATION s: delivery and ack latency;
 *   2. a step search over total rates (STEPS, STEP_DURATION s each) up to the knee, the first rate whose
 *      delivery p99 passes KNEE_MS (or where acks fall behind the offered rate).
 * Usage: npm run bench:dm  (env: PAIRS=50 RATE=5 DURATION=30 STEPS=500,750,... STEP_DURATION=10 PROFILE=1)
 */
import { closeAll, connectAll, openDirect, pool, registerUsers, runTag, UNLIMITED } from './clients.ts';
import { machine, serverNodeArgs, sleep, startServer, writeResult } from './harness.ts';
import { phaseTable, Traffic, type PhaseResult } from './traffic.ts';

const PAIRS = Number(process.env.PAIRS ?? 50);
const RATE = Number(process.env.RATE ?? 5);
const DURATION_S = Number(process.env.DURATION ?? 30);
const WARMUP_S = Number(process.env.WARMUP ?? 3);
const STEP_DURATION_S = Number(process.env.STEP_DURATION ?? 10);
const STEPS = (process.env.STEPS ?? '500,750,1000,1500,2000,2500,3000,4000,5000').split(',').map(Number);
const TARGET_P99_MS = 50;
const KNEE_MS = 100;

/** A step is past the knee when delivery p99 passes KNEE_MS, messages are lost, or acks lag the offer. */
function overKnee(p: PhaseResult): boolean {
  return (
    p.deliveryMs.p99 > KNEE_MS || p.lost > 0 || p.failed > 0 || p.ackedPerSecond < p.offeredPerSecond * 0.95
  );
}

async function main(): Promise<void> {
  const server = await startServer({ ...UNLIMITED }, { nodeArgs: serverNodeArgs() });
  try {
    const t0 = performance.now();
    const users = await registerUsers(server.url, `d${runTag()}`, PAIRS * 2);
    // User 2k talks with user 2k+1.
    const rooms = await pool(
      Array.from({ length: PAIRS }, (_, k) => k),
      4,
      (k) => openDirect(users[2 * k]!, users[2 * k + 1]!),
    );
    const { sockets } = await connectAll(
      server.url,
      users.map((u) => u.browser.cookieHeader()),
      20,
    );
    const peers = users.map((u, i) => ({ socket: sockets[i]!, userId: u.id }));
    const traffic = new Traffic(
      server,
      peers.map((p, i) => ({ ...p, roomId: rooms[i >> 1]!, recipients: 1 })),
      peers,
    );
    process.stderr.write(
      `setup: ${users.length} users, ${PAIRS} direct rooms in ${Math.round(performance.now() - t0)} ms\n`,
    );

    const rate = PAIRS * 2 * RATE;
    if (WARMUP_S > 0) await traffic.phase(rate, WARMUP_S);
    const run = await traffic.phase(rate, DURATION_S);
    process.stderr.write(`target load ${rate} msg/s: delivery p99 ${run.deliveryMs.p99} ms\n`);

    const steps: PhaseResult[] = [];
    let knee: number | null = null;
    for (const total of STEPS) {
      await sleep(2000); // let the server settle (WAL checkpoint, GC) between steps
      const step = await traffic.phase(total, STEP_DURATION_S);
      steps.push(step);
      process.stderr.write(
        `step ${total} msg/s: acked ${step.ackedPerSecond}/s, delivery p99 ${step.deliveryMs.p99} ms, lost ${step.lost}\n`,
      );
      if (overKnee(step)) {
        knee = total;
        break;
      }
    }
    closeAll(sockets);

    const lastGood = steps.filter((s) => !overKnee(s)).at(-1)?.offeredPerSecond ?? null;
    const met = run.deliveryMs.p99 < TARGET_P99_MS && run.lost === 0 && run.failed === 0;
    const m = machine();
    const result = {
      benchmark: 'dm',
      date: new Date().toISOString(),
      machine: m,
      settings: {
        pairs: PAIRS,
        perUserPerSecond: RATE,
        durationSeconds: DURATION_S,
        stepSeconds: STEP_DURATION_S,
        steps: STEPS,
      },
      run,
      steps,
      knee: { kneeMs: KNEE_MS, firstRateOverKnee: knee, lastRateUnderKnee: lastGood },
      target: { perSecond: rate, deliveryP99Ms: TARGET_P99_MS },
      pass: met,
    };
    const d = run.deliveryMs;
    const a = run.ackMs;
    const report = `# Direct-message benchmark

${result.date}, ${m.cpus} × ${m.cpuModel}, Node ${m.node}, ${m.database}.
The real server in one process (every message persisted as in production), Socket.IO over WebSocket on loopback.
${PAIRS} direct rooms, ${PAIRS * 2} connected users, each sending ${RATE} messages/s to their peer: ${rate} messages/s, open loop,
evenly spread, for ${DURATION_S} s after a ${WARMUP_S} s warm-up. The load generator (one Node process) shares the 2 cores with the server.

## At the target load (${rate} msg/s)

| latency | p50 ms | p95 ms | p99 ms | max ms |
| --- | ---: | ---: | ---: | ---: |
| delivery (send → peer) | ${d.p50} | ${d.p95} | ${d.p99} | ${d.max} |
| ack (send → committed) | ${a.p50} | ${a.p95} | ${a.p99} | ${a.max} |

Sent ${run.sent}, acked ${run.acked}, failed ${run.failed}, delivered ${run.delivered} of ${run.expectedDeliveries}, lost ${run.lost}.
Server ${run.serverCpuPercent}% of one core, RSS ${run.serverRssMb} MB; load generator ${run.benchCpuPercent}% of one core; other processes ${run.otherCpuPercent}% (noise indicator).

Target: delivery p99 under ${TARGET_P99_MS} ms at ${rate} msg/s (measured ${d.p99} ms): **${met ? 'met' : 'NOT met'}**.

## Step search (${STEP_DURATION_S} s per step)

${phaseTable(steps)}

Knee (delivery p99 over ${KNEE_MS} ms, or losses, or acks under 95% of the offered rate): ${
      knee === null
        ? `not reached up to ${STEPS.at(-1)} msg/s`
        : `**${knee} msg/s**; the last rate under it: ${lastGood ?? 'none'} msg/s`
    }.
When the bench process is near 100% CPU, part of the measured latency is the generator's own queueing.
`;
    writeResult('dm', result, report);
  } finally {
    await server.stop();
  }
}

await main();
