/**
 * E2E group benchmark (issue 17, design e2e.md 2.2 and 5.3): the client-side cost of membership changes in
 * MLS groups of SIZES devices, and of sealing and opening one message, with the same crypto core the browser's
 * Worker runs (@messenger/e2e-crypto over ts-mls, WebCrypto X25519/Ed25519/AES-GCM), in Node on this machine.
 *
 * For each size N, a group of N devices (one per user) is made by one commit, then:
 * - join: a member adds one more device (commit), the new device joins from the Welcome, and a member
 *   processes the commit. The devices do their part in parallel, so the join's latency is the commit plus
 *   the slower of joining and processing;
 * - removal: a member removes one device (commit) and a member processes it; latency = commit + processing.
 * Each is repeated ROUNDS times on the same group (it grows by one and shrinks by one, staying at N).
 * Network and server time are not in these figures: the delivery service's part is one compare-and-set.
 *
 * Usage: npm run bench:e2e  (env: SIZES=10,50,100 ROUNDS=5 MESSAGES=2000)
 */
import { measureMessages, measureSize, type SizeResult } from './e2e-costs.ts';
import { machine, writeResult } from './harness.ts';

const SIZES = (process.env.SIZES ?? '10,50,100').split(',').map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const MESSAGES = Number(process.env.MESSAGES ?? 2000);
const WARMUP = 200;
/** Issue 17: joining or removing in a group of 100 devices under 1 s; a message sealed or opened under 1 ms. */
const TARGET_MEMBERSHIP_MS = 1000;
const TARGET_MESSAGE_MS = 1;

const verdict = (ok: boolean): string => (ok ? '**met**' : '**NOT met**');

async function main(): Promise<void> {
  const sizes: SizeResult[] = [];
  for (const n of SIZES) {
    process.stdout.write(`group of ${n} devices…\n`);
    sizes.push(await measureSize(n, ROUNDS));
  }
  const messages = await measureMessages(MESSAGES, WARMUP);
  const largest = sizes.at(-1)!;
  const membershipMet =
    largest.join.latencyMs.p95 < TARGET_MEMBERSHIP_MS && largest.removal.latencyMs.p95 < TARGET_MEMBERSHIP_MS;
  const messageMet = messages.sealMs.mean < TARGET_MESSAGE_MS && messages.openMs.mean < TARGET_MESSAGE_MS;
  const m = machine();
  const rows = sizes.map(
    (s) =>
      `| ${s.devices} | ${s.createMs} | ${s.join.commitMs.p50} | ${s.join.joinMs.p50} | ${s.join.processMs.p50} | ${s.join.latencyMs.p50} / ${s.join.latencyMs.p95} | ${s.removal.commitMs.p50} | ${s.removal.processMs.p50} | ${s.removal.latencyMs.p50} / ${s.removal.latencyMs.p95} | ${Math.round(s.welcomeBytes / 1024)} | ${Math.round(s.stateBytes / 1024)} |`,
  );
  const report = [
    '# E2E groups (MLS over ts-mls 1.6.4, X25519/Ed25519/AES-GCM)',
    '',
    `${m.cpus} × ${m.cpuModel ?? 'CPU'}, Node ${process.version}. ${ROUNDS} joins and ${ROUNDS} removals per size; latency = commit + the slower device's part (ms, p50 / p95).`,
    '',
    '| devices | create (all in one commit) | join: commit | join: new device | join: member processes | join latency | removal: commit | removal: member processes | removal latency | welcome KiB | group state KiB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Target: join and removal in a group of ${largest.devices} under ${TARGET_MEMBERSHIP_MS} ms (p95): ${verdict(membershipMet)}.`,
    '',
    `Per message (${MESSAGES} one-line messages): seal mean ${messages.sealMs.mean} ms (p95 ${messages.sealMs.p95}); open mean ${messages.openMs.mean} ms (p95 ${messages.openMs.p95}). Target under ${TARGET_MESSAGE_MS} ms each on average (in Node; the browser's figure is measured in its Worker): ${verdict(messageMet)}.`,
    '',
  ].join('\n');
  writeResult(
    'e2e-groups',
    { machine: m, rounds: ROUNDS, sizes, messages, membershipMet, messageMet },
    report,
  );
}

await main();
