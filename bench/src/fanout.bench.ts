/**
 * Group fan-out benchmark: one group room of USERS connected members, each sending RATE messages a second
 * (open loop, spread evenly) for DURATION s; every message must reach every other member's socket.
 * Measures delivery latency (send → `message:created` at each recipient), ack latency, losses, server CPU
 * and memory. Messages are persisted as in production (SQLite in a fresh DATA_DIR, or DATABASE_URL).
 * With E2E=1 (the default), the same members then do the same in an end-to-end encrypted room of theirs
 * (issue 17): each message is an envelope of the size a one-line message seals to, POSTed to
 * /api/rooms/:id/e2e/messages and fanned out as `message:created` with its ciphertext. The envelopes are random
 * bytes (the server never opens one, it checks the epoch and the device), so this measures the server's side
 * of an encrypted room beside a standard one; sealing and opening happen on each member's own device
 * (bench:e2e, bench:e2e-browser).
 * Usage: npm run bench:fanout  (env: USERS=100 RATE=2 DURATION=30 WARMUP=3 E2E=1 PROFILE=1)
 */
import { randomBytes } from 'node:crypto';
import { closeAll, connectAll, createGroup, registerUsers, runTag, UNLIMITED } from './clients.ts';
import { machine, serverNodeArgs, startServer, writeResult } from './harness.ts';
import { phaseTable, Traffic, type PhaseResult } from './traffic.ts';
import type { BenchUser } from './clients.ts';

const USERS = Number(process.env.USERS ?? 100);
const RATE = Number(process.env.RATE ?? 2);
const DURATION_S = Number(process.env.DURATION ?? 30);
const WARMUP_S = Number(process.env.WARMUP ?? 3);
const TARGET_P99_MS = 100;
const E2E = process.env.E2E !== '0';
/** A one-line message's envelope: u32 + header (~250 B) + signature (64 B) + padded body (256 B) + tag (16 B). */
const ENVELOPE_BYTES = 590;

const b64url = (bytes: Buffer): string => bytes.toString('base64url');

/**
 * An encrypted room of the same members, its group at epoch 0, and one device per member: what the server
 * needs to take envelopes (E2E-20, E2E-24, E2E-42). The certificates and group info are opaque to the server.
 */
async function encryptedRoom(
  owner: BenchUser,
  users: BenchUser[],
): Promise<{ roomId: string; devices: string[] }> {
  const res = await owner.browser.request('POST', '/api/rooms', {
    kind: 'group',
    name: 'fan-out bench (encrypted)',
    memberIds: users.filter((u) => u !== owner).map((u) => u.id),
    encrypted: true,
  });
  if (!res.ok) throw new Error(`encrypted room: ${res.status} ${await res.text()}`);
  const roomId = ((await res.json()) as { room: { id: string } }).room.id;
  const devices: string[] = [];
  for (const u of users) {
    const deviceId = `d_${randomBytes(9).toString('base64url')}`;
    const reg = await u.browser.request('POST', '/api/e2e/devices', {
      deviceId,
      cert: b64url(randomBytes(300)),
      mskPub: b64url(randomBytes(32)),
    });
    if (!reg.ok) throw new Error(`device: ${reg.status} ${await reg.text()}`);
    devices.push(deviceId);
  }
  const group = await owner.browser.request('POST', `/api/rooms/${roomId}/e2e/group`, {
    groupId: b64url(randomBytes(16)),
    groupInfo: b64url(randomBytes(2000)),
  });
  if (!group.ok) throw new Error(`group: ${group.status} ${await group.text()}`);
  return { roomId, devices };
}

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
    let encrypted: PhaseResult | null = null;
    if (E2E) {
      const e2e = await encryptedRoom(owner!, users);
      const envelope = b64url(randomBytes(ENVELOPE_BYTES));
      const e2eTraffic = new Traffic(
        server,
        peers.map((p, i) => ({
          ...p,
          roomId: e2e.roomId,
          recipients: USERS - 1,
          send: async (id: string) =>
            (
              await users[i]!.browser.request('POST', `/api/rooms/${e2e.roomId}/e2e/messages`, {
                id,
                epoch: 0,
                deviceId: e2e.devices[i]!,
                ciphertext: envelope,
              })
            ).ok,
        })),
        peers,
      );
      if (WARMUP_S > 0) await e2eTraffic.phase(rate, WARMUP_S);
      encrypted = await e2eTraffic.phase(rate, DURATION_S);
    }
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
      encrypted,
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
${
  encrypted
    ? `
The same members in an end-to-end encrypted room (envelopes of ${ENVELOPE_BYTES} bytes POSTed over HTTP, fanned out as \`message:created\` with the ciphertext; sealing and opening are on the members' devices, see bench:e2e):

${phaseTable([encrypted])}

Encrypted room: every envelope delivered: **${encrypted.lost === 0 && encrypted.failed === 0 ? 'met' : 'NOT met'}**; delivery p99 ${encrypted.deliveryMs.p99} ms beside ${d.p99} ms in the standard room.
`
    : ''
}
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
