import { describe, expect, test } from 'vitest';
import { toHex } from './bytes.ts';
import { openEnvelope, sealEnvelope } from './envelope.ts';
import { E2eCryptoError, type E2eFailureCode } from './errors.ts';
import type { MlsDevice } from './mls/device.ts';
import type { CommitBundle, MlsGroup } from './mls/types.ts';
import { makeDevice, makeUser, trustOf, type TestUser } from './test-fixtures.ts';

/** The delivery service's ordering rule in memory: one compare-and-set winner per epoch, a log of commits. */
class FakeDeliveryService {
  readonly log: Uint8Array[] = [];
  epoch = 0;

  submit(bundle: CommitBundle): { ok: true } | { ok: false; missing: Uint8Array[] } {
    if (bundle.fromEpoch !== this.epoch) return { ok: false, missing: this.log.slice(bundle.fromEpoch) };
    this.log.push(bundle.commit);
    this.epoch = bundle.toEpoch;
    return { ok: true };
  }
}

async function codeOf(promise: Promise<unknown>): Promise<E2eFailureCode> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(E2eCryptoError);
  return (error as E2eCryptoError).code;
}

async function sameKey(groups: MlsGroup[]): Promise<string> {
  const keys = await Promise.all(groups.map(async (g) => toHex(await g.contentKey())));
  expect(new Set(keys).size).toBe(1);
  expect(new Set(groups.map((g) => g.epoch)).size).toBe(1);
  return keys[0]!;
}

/** alice (2 devices), bob, carol and dave, all pinning each other's master keys. */
async function cast() {
  const users = await Promise.all(['u_alice', 'u_bob', 'u_carol', 'u_dave'].map(makeUser));
  const [alice, bob, carol, dave] = users as [TestUser, TestUser, TestUser, TestUser];
  const device = (u: TestUser, did: string) => makeDevice(u, did, trustOf(...users));
  return {
    users,
    alice1: await device(alice, 'd_alice1'),
    alice2: await device(alice, 'd_alice2'),
    bob1: await device(bob, 'd_bob1'),
    carol1: await device(carol, 'd_carol1'),
    dave1: await device(dave, 'd_dave1'),
  };
}

/** The creator makes the room's group and adds `joiners` in one commit; everyone joins from the Welcome. */
async function room(creator: MlsDevice, joiners: MlsDevice[], ds = new FakeDeliveryService()) {
  const group = await creator.createGroup('r_team');
  const bundle = await group.add(await Promise.all(joiners.map((d) => d.generateKeyPackage())));
  expect(ds.submit(bundle)).toEqual({ ok: true });
  group.merge(bundle);
  const joined = await Promise.all(joiners.map((d) => d.joinFromWelcome('r_team', bundle.welcome!)));
  return { ds, groups: [group, ...joined], bundle };
}

describe('MLS group engine over ts-mls (design 5.1-5.3)', () => {
  test('E2E-3: create and add 4 devices in one commit; all 5 derive the same content key from the exporter', async () => {
    const c = await cast();
    const { groups, bundle } = await room(c.alice1, [c.alice2, c.bob1, c.carol1, c.dave1]);
    expect(bundle).toMatchObject({ fromEpoch: 0, toEpoch: 1 });
    expect(bundle.welcome).toBeInstanceOf(Uint8Array);
    expect(bundle.groupInfo.length).toBeGreaterThan(0);
    await sameKey(groups);
    expect(groups.map((g) => toHex(g.groupId))).toEqual(Array(5).fill(toHex(groups[0]!.groupId)));
    expect(
      groups[3]!
        .members()
        .map((m) => `${m.uid}/${m.did}`)
        .sort(),
    ).toEqual(['u_alice/d_alice1', 'u_alice/d_alice2', 'u_bob/d_bob1', 'u_carol/d_carol1', 'u_dave/d_dave1']);
  });

  test("E2E-3: a message sealed with one member's content key opens for another, with the sender's leaf key", async () => {
    const c = await cast();
    const { groups } = await room(c.alice1, [c.bob1]);
    const [a, b] = groups as [MlsGroup, MlsGroup];
    const env = await sealEnvelope({
      contentKey: await a.contentKey(),
      roomId: a.roomId,
      groupId: a.groupId,
      epoch: a.epoch,
      sender: { uid: 'u_alice', did: 'd_alice1' },
      signingSeed: c.alice1.identity.dsk.seed,
      msgId: 'm_1',
      ts: 1,
      content: { type: 'text', body: 'hi bob' },
    });
    const bKey = await b.contentKey();
    const opened = await openEnvelope(env, {
      roomId: b.roomId,
      groupId: b.groupId,
      contentKeyFor: (epoch) => (epoch === b.epoch ? bKey : undefined),
      senderKeyFor: (uid, did) => b.members().find((m) => m.uid === uid && m.did === did)?.dskPub,
    });
    expect(opened.content.body).toBe('hi bob');
  });

  test('E2E-4: a key package is used once; a last-resort key package can be used again', async () => {
    const c = await cast();
    const once = await c.bob1.generateKeyPackage();
    const lastResort = await c.bob1.generateKeyPackage({ lastResort: true });
    expect(c.bob1.keyPackageCount).toBe(2);

    const g1 = await c.alice1.createGroup('r_one');
    const b1 = await g1.add([once]);
    g1.merge(b1);
    await c.bob1.joinFromWelcome('r_one', b1.welcome!);
    expect(c.bob1.keyPackageCount).toBe(1);
    // The same Welcome again: its key package is gone.
    expect(await codeOf(c.bob1.joinFromWelcome('r_one', b1.welcome!))).toBe('e2e.key_package_unknown');

    for (const roomId of ['r_two', 'r_three']) {
      const g = await c.carol1.createGroup(roomId);
      const bundle = await g.add([lastResort]);
      g.merge(bundle);
      const joined = await c.bob1.joinFromWelcome(roomId, bundle.welcome!);
      await sameKey([g, joined]);
    }
    expect(c.bob1.keyPackageCount).toBe(1);
    // A Welcome for somebody else's key package.
    const g = await c.alice1.createGroup('r_four');
    const forDave = await g.add([await c.dave1.generateKeyPackage()]);
    expect(await codeOf(c.bob1.joinFromWelcome('r_four', forDave.welcome!))).toBe('e2e.key_package_unknown');
  });

  test('E2E-4: a key package outside its 30-day lifetime is refused as e2e.key_package_expired', async () => {
    const c = await cast();
    const day = 24 * 3600 * 1000;
    const group = await c.alice1.createGroup('r_old');
    const stale = await c.bob1.generateKeyPackage({ now: Date.now() - 31 * day });
    expect(await codeOf(group.add([stale]))).toBe('e2e.key_package_expired');
    const fresh = await c.bob1.generateKeyPackage();
    expect(await codeOf(group.add([fresh], Date.now() + 31 * day))).toBe('e2e.key_package_expired');
    expect((await group.add([fresh], Date.now() + 29 * day)).toEpoch).toBe(1);
  });

  test('E2E-3: a group state exported as bytes and restored goes on from the same epoch', async () => {
    const c = await cast();
    const { groups, ds } = await room(c.alice1, [c.bob1]);
    const [a, b] = groups as [MlsGroup, MlsGroup];
    const restored = c.bob1.restoreGroup('r_team', b.exportState());
    expect(restored.epoch).toBe(b.epoch);
    expect(toHex(await restored.contentKey())).toBe(toHex(await b.contentKey()));
    const next = await a.add([await c.carol1.generateKeyPackage()]);
    ds.submit(next);
    a.merge(next);
    await restored.processCommit(next.commit);
    await sameKey([a, restored]);
    expect(restored.members().map((m) => m.did)).toEqual(['d_alice1', 'd_bob1', 'd_carol1']);
    expect(() => c.bob1.restoreGroup('r_team', b.exportState().subarray(0, 100))).toThrow(E2eCryptoError);
  });

  test("E2E-5: a removed device cannot derive the next epoch's key, nor read a message sent after", async () => {
    const c = await cast();
    const { groups, ds } = await room(c.alice1, [c.bob1, c.carol1]);
    const [a, b, carol] = groups as [MlsGroup, MlsGroup, MlsGroup];
    const carolOldKey = await carol.contentKey();

    const removal = await a.remove(['d_carol1']);
    expect(ds.submit(removal)).toEqual({ ok: true });
    a.merge(removal);
    await b.processCommit(removal.commit);
    await carol.processCommit(removal.commit);
    expect(carol.active).toBe(false);
    expect(await codeOf(carol.contentKey())).toBe('e2e.not_a_member');
    const newKey = await sameKey([a, b]);
    expect(newKey).not.toBe(toHex(carolOldKey));
    expect(a.members().map((m) => m.did)).toEqual(['d_alice1', 'd_bob1']);

    // Later epochs too; and a message of the new epoch, fed directly to carol, does not open with what she has.
    const heal = await a.update();
    ds.submit(heal);
    a.merge(heal);
    await b.processCommit(heal.commit);
    expect(await codeOf(carol.processCommit(heal.commit))).toBe('e2e.not_a_member');
    const env = await sealEnvelope({
      contentKey: await a.contentKey(),
      roomId: 'r_team',
      groupId: a.groupId,
      epoch: a.epoch,
      sender: { uid: 'u_alice', did: 'd_alice1' },
      signingSeed: c.alice1.identity.dsk.seed,
      msgId: 'm_after',
      ts: 2,
      content: { type: 'text', body: 'after carol left' },
    });
    const carolKeys = new Map([[1, carolOldKey]]);
    const code = await codeOf(
      openEnvelope(env, {
        roomId: 'r_team',
        groupId: carol.groupId,
        contentKeyFor: (epoch) => carolKeys.get(epoch),
        senderKeyFor: () => c.alice1.identity.dsk.publicKey,
      }),
    );
    expect(code).toBe('e2e.missing_epoch_key');
    // Even if she guesses the epoch number, her old key does not open it.
    const guessed = await codeOf(
      openEnvelope(env, {
        roomId: 'r_team',
        groupId: carol.groupId,
        contentKeyFor: () => carolOldKey,
        senderKeyFor: () => c.alice1.identity.dsk.publicKey,
      }),
    );
    expect(guessed).toBe('e2e.undecryptable');
  });

  test('E2E-6: two commits from the same epoch: exactly one is applied, the other re-bases and wins the next epoch', async () => {
    const c = await cast();
    const { groups, ds } = await room(c.alice1, [c.bob1, c.carol1]);
    const [a, b, carol] = groups as [MlsGroup, MlsGroup, MlsGroup];

    const fromAlice = await a.add([await c.dave1.generateKeyPackage()]);
    const fromBob = await b.remove(['d_carol1']);
    expect(fromAlice.fromEpoch).toBe(1);
    expect(fromBob.fromEpoch).toBe(1);
    // Nothing is applied before the delivery service decides.
    expect([a.epoch, b.epoch]).toEqual([1, 1]);

    expect(ds.submit(fromAlice)).toEqual({ ok: true });
    a.merge(fromAlice);
    const lost = ds.submit(fromBob);
    expect(lost).toEqual({ ok: false, missing: [fromAlice.commit] });
    const dave = await c.dave1.joinFromWelcome('r_team', fromAlice.welcome!);
    await carol.processCommit(fromAlice.commit);

    // The loser's commit can no longer be applied by anyone, and the loser cannot merge it.
    expect(await codeOf(carol.processCommit(fromBob.commit))).toBe('e2e.epoch_mismatch');
    expect(await codeOf(dave.processCommit(fromBob.commit))).toBe('e2e.epoch_mismatch');
    for (const missing of (lost as { missing: Uint8Array[] }).missing) await b.processCommit(missing);
    expect(() => b.merge(fromBob)).toThrow(/stale commit/);
    await sameKey([a, b, carol, dave]);

    // Re-based: bob makes the same change again on the new epoch, and it wins.
    const retry = await b.remove(['d_carol1']);
    expect(retry.fromEpoch).toBe(2);
    expect(ds.submit(retry)).toEqual({ ok: true });
    b.merge(retry);
    for (const g of [a, carol, dave]) await g.processCommit(retry.commit);
    expect(carol.active).toBe(false);
    expect(await sameKey([a, b, dave])).toHaveLength(64);
    expect(ds.epoch).toBe(3);
  });

  test('E2E-6: seeded random interleavings of concurrent commits always converge on one epoch and one key', async () => {
    // mulberry32: a small seeded generator, so a failing seed can be replayed.
    const rng = (seed: number) => () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const c = await cast();
    let lost = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const random = rng(seed);
      const { groups, ds } = await room(c.alice1, [c.bob1, c.carol1]);
      // Each device knows how far into the log it has processed.
      const seen = new Map(groups.map((g) => [g, ds.log.length]));
      const catchUp = async (g: MlsGroup) => {
        for (const commit of ds.log.slice(seen.get(g)!)) await g.processCommit(commit);
        seen.set(g, ds.log.length);
      };
      for (let round = 0; round < 3; round++) {
        // A random subset commits from whatever epoch it is at; submissions arrive in random order.
        const committers = groups.filter(() => random() < 0.7);
        const bundles = await Promise.all(committers.map(async (g) => [g, await g.update()] as const));
        bundles.sort(() => random() - 0.5);
        for (const [g, bundle] of bundles) {
          // A loser drops its commit (it is never merged) and catches up later.
          if (ds.submit(bundle).ok) {
            g.merge(bundle);
            seen.set(g, ds.log.length);
          } else lost++;
        }
        // Some devices stay offline this round; the others catch up.
        for (const g of groups) if (random() < 0.6) await catchUp(g);
      }
      for (const g of groups) await catchUp(g);
      expect(groups.map((g) => g.epoch)).toEqual([ds.epoch, ds.epoch, ds.epoch]);
      await sameKey(groups);
    }
    // The interleavings did produce races (and losers), not just one commit at a time.
    expect(lost).toBeGreaterThan(10);
  });

  test('E2E-6: a commit with any byte changed is refused and leaves the group as it was', async () => {
    const c = await cast();
    const { groups } = await room(c.alice1, [c.bob1, c.carol1]);
    const [a, b] = groups as [MlsGroup, MlsGroup];
    const before = toHex(await b.contentKey());
    const bundle = await a.remove(['d_carol1']);
    // Bytes spread over the whole commit: header, proposals, path, signature, membership tag.
    for (let at = 8; at < bundle.commit.length; at += Math.ceil(bundle.commit.length / 12)) {
      const tampered = new Uint8Array(bundle.commit);
      tampered[at]! ^= 0x01;
      await expect(b.processCommit(tampered), `byte ${at}`).rejects.toBeInstanceOf(E2eCryptoError);
      expect(b.epoch).toBe(1);
      expect(toHex(await b.contentKey())).toBe(before);
    }
    await b.processCommit(bundle.commit);
    expect(b.epoch).toBe(2);
  });

  test('E2E-6: an offline device catches up by processing the logged commits in order', async () => {
    const c = await cast();
    const { groups, ds } = await room(c.alice1, [c.bob1, c.carol1]);
    const [a, b, offline] = groups as [MlsGroup, MlsGroup, MlsGroup];
    const seen = ds.epoch;
    const dave = c.dave1;
    let daveGroup: MlsGroup | undefined;
    for (let i = 0; i < 6; i++) {
      const committer = i % 2 === 0 ? a : b;
      const other = committer === a ? b : a;
      const bundle =
        i === 2 ? await committer.add([await dave.generateKeyPackage()]) : await committer.update();
      expect(ds.submit(bundle)).toEqual({ ok: true });
      committer.merge(bundle);
      await other.processCommit(bundle.commit);
      if (daveGroup) await daveGroup.processCommit(bundle.commit);
      if (bundle.welcome) daveGroup = await dave.joinFromWelcome('r_team', bundle.welcome);
    }
    expect(offline.epoch).toBe(seen);
    // Out of order does not work: the third commit on top of epoch 1 is refused and changes nothing.
    expect(await codeOf(offline.processCommit(ds.log[seen + 2]!))).toBe('e2e.epoch_mismatch');
    expect(await codeOf(offline.processCommit(ds.log[seen - 1]!))).toBe('e2e.epoch_mismatch');
    expect(offline.epoch).toBe(seen);
    for (const commit of ds.log.slice(seen)) await offline.processCommit(commit);
    expect(offline.epoch).toBe(ds.epoch);
    await sameKey([a, b, offline, daveGroup!]);
  });

  test('E2E-2: a key package whose certificate is signed by another master key is refused by the committer', async () => {
    const c = await cast();
    const mallory = await makeUser('u_mallory');
    // A device claiming to be bob's, certified by mallory's key (as a server substituting a device would).
    const forged = await makeDevice(c.users[1]!, 'd_bob_evil', trustOf(...c.users), {
      certifier: mallory.msk,
    });
    const group = await c.alice1.createGroup('r_forged');
    expect(await codeOf(group.add([await forged.generateKeyPackage()]))).toBe('e2e.credential_rejected');
    expect(group.epoch).toBe(0);
  });

  test('E2E-2: a certificate naming another device key than the leaf signs with is refused', async () => {
    const c = await cast();
    // Bob's real certificate (for d_bob1's key) presented by a leaf that signs with a different key.
    const mismatched = await makeDevice(c.users[1]!, 'd_bob1', trustOf(...c.users), {
      certifiedDsk: c.bob1.identity.dsk.publicKey,
    });
    const group = await c.alice1.createGroup('r_mismatch');
    expect(await codeOf(group.add([await mismatched.generateKeyPackage()]))).toBe('e2e.credential_rejected');
  });

  test('E2E-2: a revoked device is refused', async () => {
    const c = await cast();
    c.alice1.trust.revoke('u_bob', 'd_bob1');
    const group = await c.alice1.createGroup('r_revoked');
    expect(await codeOf(group.add([await c.bob1.generateKeyPackage()]))).toBe('e2e.credential_rejected');
  });

  test('E2E-2: members refuse a Welcome or a commit that brings in a device their own pins do not certify', async () => {
    const [alice, bob, carol] = await Promise.all(['u_alice', 'u_bob', 'u_carol'].map(makeUser));
    // The server gave alice a false master key for carol (key substitution); bob pinned the real one.
    const fakeCarol = { ...carol!, msk: (await makeUser('u_carol')).msk };
    const fooledAlice = await makeDevice(alice!, 'd_alice1', trustOf(alice!, bob!, fakeCarol));
    const bob1 = await makeDevice(bob!, 'd_bob1', trustOf(alice!, bob!, carol!));
    const impostor = await makeDevice(fakeCarol, 'd_carol_fake', trustOf(fakeCarol));

    // In one commit with bob: bob cannot join a tree holding the impostor.
    const g1 = await fooledAlice.createGroup('r_one');
    const both = await g1.add([await bob1.generateKeyPackage(), await impostor.generateKeyPackage()]);
    expect(await codeOf(bob1.joinFromWelcome('r_one', both.welcome!))).toBe('e2e.credential_rejected');

    // Added later: bob refuses the commit and stays on his epoch.
    const { groups } = await room(fooledAlice, [bob1]);
    const [a, b] = groups as [MlsGroup, MlsGroup];
    const ghost = await a.add([await impostor.generateKeyPackage()]);
    expect(await codeOf(b.processCommit(ghost.commit))).toBe('e2e.credential_rejected');
    expect(b.epoch).toBe(1);
    expect(b.members().map((m) => m.did)).toEqual(['d_alice1', 'd_bob1']);
  });
});
