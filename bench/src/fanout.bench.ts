/**
 * Group fan-out benchmark: one group room of USERS connected members, each sending RATE messages a second
 * (open loop, spread evenly) for DURATION s; every message must reach every other member's socket.
 * Measures delivery latency (send → `message:created` at each recipient), ack latency, losses, server CPU
 * and memory. Messages are persisted as in production (SQLite in a fresh DATA_DIR, or DATABASE_URL).
 * Usage: npm run bench:fanout  (env: USERS=100 RATE=2 DURATION=30 WARMUP=3 PROFILE=1)
 */
import { closeAll, connectAll, createGroup, registerUsers, runTag, UNLIMITED } from './clients.ts';
import { machine, serverNodeArgs, startServer, writeResult } from './harness.ts';
import { phaseTable, Traffic } from './traffic.ts';

const USERS = Number(process.env.USERS ?? 100);
const RATE = Number(process.env.RATE ?? 2);
const DURATION_S = Number(process.env.DURATION ?? 30);
const WARMUP_S = Number(process.env.WARMUP ?? 3);
const TARGET_P99_MS = 100;

async function main(): Promise<void> {
  const server = await startServer({ ...UNLIMITED }, { nodeArgs: serverNodeArgs() });
  try {
    const t0 = performance.now();
    const users = await registerUsers(server.url, `f${runTag()}`, USERS);
    const [owner, ...others] = users;
    // One call invites at most 100 people (ROOM_LIMITS.inviteMax).
    const roomId = await createGroup(
      owner!,
      'fan-out bench',
      others.map((u) => u.id),
    );
    const { sockets, handshakeMs } = await connectAll(
      server.url,
      users.map((u) => u.browser.cookieHeader()),
      20,
    );
    const peers = users.map((u, i) => ({ socket: sockets[i]!, userId: u.id }));
    const traffic = new Traffic(
      server,
      peers.map((p) => ({ ...p, roomId, recipients: USERS - 1 })),
      peers,
    );
    process.stderr.write(
      `setup: ${USERS} users, 1 room, ${sockets.length} sockets in ${Math.round(performance.now() - t0)} ms\n`,
    );

    const rate = USERS * RATE;
    // Warm-up (JIT, SQLite page cache, socket buffers), not reported.
    if (WARMUP_S > 0) await traffic.phase(rate, WARMUP_S);
    const run = await traffic.phase(rate, DURATION_S);
    closeAll(sockets);

    const delivered = run.lost === 0 && run.failed === 0;
    const fast = run.deliveryMs.p99 < TARGET_P99_MS;
    const m = machine();
    const result = {
      benchmark: 'fanout',
      date: new Date().toISOString(),
      machine: m,
      settings: {
        users: USERS,
        perUserPerSecond: RATE,
        durationSeconds: DURATION_S,
        warmupSeconds: WARMUP_S,
      },
      setup: { handshakeMs },
      run,
      target: { allDelivered: true, deliveryP99Ms: TARGET_P99_MS },
      met: { allDelivered: delivered, deliveryP99: fast },
      pass: delivered && fast,
    };
    const d = run.deliveryMs;
    const report = `# Group fan-out benchmark

${result.date}, ${m.cpus} × ${m.cpuModel}, Node ${m.node}, ${m.database}.
The real server in one process (messages persisted as in production), Socket.IO over WebSocket on loopback.
One group room of ${USERS} connected members; each sends ${RATE} messages/s, open loop, evenly spread:
${rate} messages/s and ${rate * (USERS - 1)} deliveries/s offered, for ${DURATION_S} s after a ${WARMUP_S} s warm-up.
The load generator (${USERS} socket.io-client sockets in one Node process) shares the 2 cores with the server.

| offered | sent | acked | failed | deliveries expected | delivered | lost |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| ${rate} msg/s | ${run.sent} | ${run.acked} | ${run.failed} | ${run.expectedDeliveries} | ${run.delivered} | ${run.lost} |

| latency | p50 ms | p95 ms | p99 ms | max ms | mean ms |
| --- | ---: | ---: | ---: | ---: | ---: |
| delivery (send → each recipient) | ${d.p50} | ${d.p95} | ${d.p99} | ${d.max} | ${d.mean} |
| ack (send → committed) | ${run.ackMs.p50} | ${run.ackMs.p95} | ${run.ackMs.p99} | ${run.ackMs.max} | ${run.ackMs.mean} |

${phaseTable([run])}

Server: ${run.serverCpuPercent}% of one core, RSS ${run.serverRssMb} MB at the end (peak ${run.peakServerRssMb} MB), event-loop lag p99 ${run.serverEventLoopLagP99Ms} ms.
Load generator: ${run.benchCpuPercent}% of one core; sends fired late by p99 ${run.generatorLateMs.p99} ms (max ${run.generatorLateMs.max} ms).
Other processes on the machine: ${run.otherCpuPercent}% of one core (above a few %, the figures are disturbed).

Targets: every message delivered to all ${USERS - 1} others: **${delivered ? 'met' : 'NOT met'}**;
delivery p99 under ${TARGET_P99_MS} ms (measured ${d.p99} ms): **${fast ? 'met' : 'NOT met'}**.
`;
    writeResult('fanout', result, report);
  } finally {
    await server.stop();
  }
}

await main();
