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
import {
  MlsDevice,
  TrustStore,
  generateEd25519,
  openEnvelope,
  sealEnvelope,
  signDeviceCert,
  type Ed25519KeyPair,
  type MlsGroup,
} from '@messenger/e2e-crypto';
import { machine, round1, summarize, writeResult, type LatencySummary } from './harness.ts';

const SIZES = (process.env.SIZES ?? '10,50,100').split(',').map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const MESSAGES = Number(process.env.MESSAGES ?? 2000);
const WARMUP = 200;
/** Issue 17: joining or removing in a group of 100 devices under 1 s; a message sealed or opened under 1 ms. */
const TARGET_MEMBERSHIP_MS = 1000;
const TARGET_MESSAGE_MS = 1;

interface User {
  uid: string;
  msk: Ed25519KeyPair;
}

/** One device per user, every user's master key pinned by every device (as after trust on first use). */
async function makeDevices(count: number, trust: TrustStore, tag: string): Promise<MlsDevice[]> {
  const users: User[] = [];
  for (let i = 0; i < count; i++) users.push({ uid: `u_${tag}${i}`, msk: await generateEd25519() });
  for (const u of users) trust.pin(u.uid, u.msk.publicKey, 1);
  return Promise.all(
    users.map(async (u) => {
      const dsk = await generateEd25519();
      const cert = await signDeviceCert(u.msk.seed, {
        uid: u.uid,
        did: `d_${u.uid}`,
        dskPub: dsk.publicKey,
        created: Date.now(),
        mskVersion: 1,
      });
      return MlsDevice.create({ uid: u.uid, did: `d_${u.uid}`, dsk, cert }, trust);
    }),
  );
}

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
};

interface SizeResult {
  devices: number;
  /** The creator's one commit adding everyone. */
  createMs: number;
  welcomeBytes: number;
  stateBytes: number;
  join: {
    commitMs: LatencySummary;
    joinMs: LatencySummary;
    processMs: LatencySummary;
    latencyMs: LatencySummary;
  };
  removal: { commitMs: LatencySummary; processMs: LatencySummary; latencyMs: LatencySummary };
}

async function measureSize(n: number): Promise<SizeResult> {
  // Every device shares one trust store here (they all pin everyone); a real device has its own.
  const trust = new TrustStore();
  const devices = await makeDevices(n, trust, `n${n}_`);
  const [creator, observer, ...rest] = devices as [MlsDevice, MlsDevice, ...MlsDevice[]];
  const group = await creator.createGroup('r_bench');
  const packages = await Promise.all([observer, ...rest].map((d) => d.generateKeyPackage()));
  const [bundle, createMs] = await timed(() => group.add(packages));
  group.merge(bundle);
  // Only the observer joins: it is the member whose processing is measured; the others never act.
  const watcher = await observer.joinFromWelcome('r_bench', bundle.welcome!);

  const join = {
    commit: [] as number[],
    join: [] as number[],
    process: [] as number[],
    latency: [] as number[],
  };
  const removal = { commit: [] as number[], process: [] as number[], latency: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const [extra] = await makeDevices(1, trust, `x${n}_${round}_`);
    const kp = await extra!.generateKeyPackage();
    const [add, commitMs] = await timed(() => group.add([kp]));
    group.merge(add);
    const [joined, joinMs] = await timed(() => extra!.joinFromWelcome('r_bench', add.welcome!));
    const [, processMs] = await timed(() => watcher.processCommit(add.commit));
    join.commit.push(commitMs);
    join.join.push(joinMs);
    join.process.push(processMs);
    join.latency.push(commitMs + Math.max(joinMs, processMs));
    void (joined satisfies MlsGroup);

    const [remove, removeMs] = await timed(() => group.remove([extra!.identity.did]));
    group.merge(remove);
    const [, removeProcessMs] = await timed(() => watcher.processCommit(remove.commit));
    removal.commit.push(removeMs);
    removal.process.push(removeProcessMs);
    removal.latency.push(removeMs + removeProcessMs);
  }
  return {
    devices: n,
    createMs: round1(createMs),
    welcomeBytes: bundle.welcome?.length ?? 0,
    stateBytes: group.exportState().length,
    join: {
      commitMs: summarize(join.commit),
      joinMs: summarize(join.join),
      processMs: summarize(join.process),
      latencyMs: summarize(join.latency),
    },
    removal: {
      commitMs: summarize(removal.commit),
      processMs: summarize(removal.process),
      latencyMs: summarize(removal.latency),
    },
  };
}

/** Seals and opens MESSAGES one-line messages with a fresh epoch key, as the Worker does per message. */
async function measureMessages(): Promise<{ sealMs: LatencySummary; openMs: LatencySummary }> {
  const contentKey = crypto.getRandomValues(new Uint8Array(32));
  const groupId = crypto.getRandomValues(new Uint8Array(16));
  const dsk = await generateEd25519();
  const seal: number[] = [];
  const open: number[] = [];
  // The first WARMUP messages are not counted: they pay for WebCrypto's and the JIT's first use.
  for (let i = -WARMUP; i < MESSAGES; i++) {
    const msgId = crypto.randomUUID();
    const [envelope, sealMs] = await timed(() =>
      sealEnvelope({
        contentKey,
        roomId: 'r_bench',
        groupId,
        epoch: 7,
        sender: { uid: 'u_a', did: 'd_a' },
        signingSeed: dsk.seed,
        msgId,
        ts: Date.now(),
        content: { type: 'text', body: `회의는 3시에 시작합니다 — message ${i}` },
      }),
    );
    const [, openMs] = await timed(() =>
      openEnvelope(envelope, {
        roomId: 'r_bench',
        groupId,
        contentKeyFor: () => contentKey,
        senderKeyFor: () => dsk.publicKey,
      }),
    );
    if (i < 0) continue;
    seal.push(sealMs);
    open.push(openMs);
  }
  return { sealMs: summarize(seal), openMs: summarize(open) };
}

const verdict = (ok: boolean): string => (ok ? '**met**' : '**NOT met**');

async function main(): Promise<void> {
  const sizes: SizeResult[] = [];
  for (const n of SIZES) {
    process.stdout.write(`group of ${n} devices…\n`);
    sizes.push(await measureSize(n));
  }
  const messages = await measureMessages();
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
