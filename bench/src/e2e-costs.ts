/**
 * The client-side costs of E2E (design e2e.md 2.2, 5.3), measured with the crypto core alone (WebCrypto only,
 * no Node API), so the same functions run in Node (bench:e2e) and in chromium (bench:e2e-browser, bundled into
 * a page): membership changes in MLS groups of N devices, and sealing and opening one message.
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
import { round1, summarize, type LatencySummary } from './stats.ts';

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

export interface SizeResult {
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

export async function measureSize(n: number, ROUNDS: number): Promise<SizeResult> {
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
export async function measureMessages(
  MESSAGES: number,
  WARMUP = 200,
): Promise<{ sealMs: LatencySummary; openMs: LatencySummary }> {
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
