import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { actors, type Actor, type TestApp } from '../../test/harness.ts';
import { collect, next, ping, realtimeSuite } from '../../test/sockets.ts';

/** Random opaque bytes as base64url: the server must store and return them untouched. */
const opaque = (n = 48): string => randomBytes(n).toString('base64url');

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`MLS delivery service (${kind})`, () => {
    const rt = realtimeSuite({ kind });
    let t: TestApp;
    let a: Actor;
    let b: Actor;
    let c: Actor;
    let outsider: Actor;
    beforeAll(async () => {
      t = rt.app;
      [a, b, c, outsider] = (await actors(t, 'anna', 'ben', 'chris', 'olga')) as [Actor, Actor, Actor, Actor];
    });

    const msk = new Map<string, string>();
    const mskOf = (who: Actor) => {
      if (!msk.has(who.id)) msk.set(who.id, opaque(32));
      return msk.get(who.id)!;
    };
    /** Registers a new device of `who` and returns its id. */
    const device = async (who: Actor): Promise<string> => {
      const deviceId = `d_${randomBytes(6).toString('hex')}`;
      const res = await who.client.request('POST', '/api/e2e/devices', {
        deviceId,
        cert: opaque(200),
        mskPub: mskOf(who),
      });
      expect(res.statusCode).toBe(200);
      return deviceId;
    };
    const upload = (who: Actor, deviceId: string, keyPackages: { data: string; lastResort?: boolean }[]) =>
      who.client.request('POST', `/api/e2e/devices/${deviceId}/key-packages`, { keyPackages });
    const e2eRoom = async (owner: Actor, members: Actor[]) => {
      const roomId = await rt.group(owner, members, 'e2e', true);
      const res = await owner.client.request('POST', `/api/rooms/${roomId}/e2e/group`, {
        groupId: opaque(16),
        groupInfo: opaque(),
      });
      expect(res.statusCode).toBe(200);
      return roomId;
    };
    const commit = (who: Actor, roomId: string, body: Record<string, unknown>) =>
      who.client.request('POST', `/api/rooms/${roomId}/e2e/commits`, { groupInfo: opaque(), ...body });
    /** Sends an envelope with a fresh client id unless the body names one (E2E-42). */
    const send = (who: Actor, roomId: string, body: Record<string, unknown>) =>
      who.client.request('POST', `/api/rooms/${roomId}/e2e/messages`, { id: randomUUID(), ...body });
    const auditOf = (action: string, targetId: string) =>
      t.db.kysely
        .selectFrom('audit_log')
        .select(['actor_id', 'detail'])
        .where('action', '=', action)
        .where('target_id', '=', targetId)
        .execute();

    it('E2E-20: a device is registered with its certificate and the master key once; bytes come back as sent', async () => {
      const cert = opaque(300);
      const body = { deviceId: 'd_anna_laptop', cert, mskPub: mskOf(a) };
      const first = await a.client.request('POST', '/api/e2e/devices', body);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({
        device: { userId: a.id, deviceId: 'd_anna_laptop', cert, revokedAt: null },
        identity: { userId: a.id, mskPub: mskOf(a), mskVersion: 1 },
      });
      // The same registration again is answered the same; a changed one is refused.
      expect((await a.client.request('POST', '/api/e2e/devices', body)).json().device.cert).toBe(cert);
      const otherCert = await a.client.request('POST', '/api/e2e/devices', { ...body, cert: opaque() });
      expect(otherCert.json().code).toBe('e2e.device_taken');
      const taken = await b.client.request('POST', '/api/e2e/devices', { ...body, mskPub: mskOf(b) });
      expect([taken.statusCode, taken.json().code]).toEqual([409, 'e2e.device_taken']);
      // Another master key is an identity change, never made by registering a device.
      const swapped = await a.client.request('POST', '/api/e2e/devices', {
        deviceId: 'd_anna_phone',
        cert: opaque(),
        mskPub: opaque(32),
      });
      expect([swapped.statusCode, swapped.json().code]).toEqual([409, 'e2e.identity_mismatch']);
      // Not base64url, or a field too many: 400 with the error envelope.
      const bad = await a.client.request('POST', '/api/e2e/devices', { ...body, cert: 'not base64!' });
      expect([bad.statusCode, bad.json().code]).toEqual([400, 'request.invalid_body']);
      expect(bad.json().error).toEqual(expect.any(String));
    });

    it('E2E-20: devices are listed for people I share a room with, never for others', async () => {
      const [p, q, stranger] = (await actors(t, 'p', 'q', 's')) as [Actor, Actor, Actor];
      const [dp, dq, ds] = [await device(p), await device(q), await device(stranger)];
      await rt.group(p, [q]);
      const all = (await p.client.request('GET', '/api/e2e/devices')).json();
      expect(all.devices.map((d: { deviceId: string }) => d.deviceId).sort()).toEqual([dp, dq].sort());
      expect(all.identities.map((i: { userId: string }) => i.userId).sort()).toEqual([p.id, q.id].sort());
      const asked = await p.client.request('GET', `/api/e2e/devices?userIds=${q.id},${stranger.id}`);
      expect(asked.json().devices.map((d: { deviceId: string }) => d.deviceId)).toEqual([dq]);
      const theirs = await stranger.client.request('GET', `/api/e2e/devices?userIds=${p.id}`);
      expect(theirs.json()).toEqual({ identities: [], devices: [] });
      expect(ds).toBeTruthy();
    });

    it('E2E-20: I revoke my own device, audited; its key packages go; nobody else can revoke it', async () => {
      const [u, other] = (await actors(t, 'u', 'x')) as [Actor, Actor];
      const d = await device(u);
      expect((await upload(u, d, [{ data: opaque() }])).statusCode).toBe(200);
      const denied = await other.client.request('DELETE', `/api/e2e/devices/${d}`);
      expect([denied.statusCode, denied.json().code]).toEqual([404, 'e2e.device_not_found']);
      const revoked = await u.client.request('DELETE', `/api/e2e/devices/${d}`);
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().device.revokedAt).toEqual(expect.any(String));
      expect(await auditOf('e2e.device_revoked', d)).toEqual([{ actor_id: u.id, detail: '{}' }]);
      // Revoking again changes nothing and is not audited twice; the device takes no more key packages.
      expect((await u.client.request('DELETE', `/api/e2e/devices/${d}`)).statusCode).toBe(200);
      expect(await auditOf('e2e.device_revoked', d)).toHaveLength(1);
      expect((await upload(u, d, [{ data: opaque() }])).json().code).toBe('e2e.device_not_found');
      // At most 50 devices that are not revoked; a revoked one leaves room for another.
      const more: string[] = [];
      for (let i = 0; i < 50; i++) more.push(await device(u));
      const full = await u.client.request('POST', '/api/e2e/devices', {
        deviceId: 'd_one_too_many',
        cert: opaque(),
        mskPub: mskOf(u),
      });
      expect([full.statusCode, full.json().code]).toEqual([409, 'e2e.too_many_devices']);
      await u.client.request('DELETE', `/api/e2e/devices/${more[0]}`);
      expect(await device(u)).toBeTruthy();
      const again = await u.client.request('POST', '/api/e2e/devices', {
        deviceId: d,
        cert: opaque(),
        mskPub: mskOf(u),
      });
      expect(again.json().code).toBe('e2e.device_revoked');
    });

    it('E2E-21: a new master key is an explicit, audited identity change from the version last seen', async () => {
      const [u] = (await actors(t, 'idc')) as [Actor];
      const d = await device(u);
      const newKey = opaque(32);
      const stale = await u.client.request('PUT', '/api/e2e/identity', { mskPub: newKey, fromVersion: 2 });
      expect([stale.statusCode, stale.json().code]).toEqual([409, 'e2e.identity_stale']);
      const [fresh] = (await actors(t, 'nokey')) as [Actor];
      const none = await fresh.client.request('PUT', '/api/e2e/identity', { mskPub: newKey, fromVersion: 1 });
      expect([none.statusCode, none.json().code]).toEqual([404, 'e2e.identity_not_found']);
      const changed = await u.client.request('PUT', '/api/e2e/identity', { mskPub: newKey, fromVersion: 1 });
      expect(changed.json().identity).toEqual({ userId: u.id, mskPub: newKey, mskVersion: 2 });
      const entries = await auditOf('e2e.identity_changed', u.id);
      expect(entries).toHaveLength(1);
      expect(JSON.parse(entries[0]!.detail)).toEqual({ fromVersion: 1, toVersion: 2, devicesRevoked: 1 });
      const listed = (await u.client.request('GET', `/api/e2e/devices?userIds=${u.id}`)).json();
      expect(listed.devices.find((x: { deviceId: string }) => x.deviceId === d).revokedAt).not.toBeNull();
      // Devices now register under the new key only.
      msk.set(u.id, newKey);
      expect(await device(u)).toBeTruthy();
    });

    it('E2E-22: key packages are uploaded to my own device and counted; one last resort at a time', async () => {
      const d = await device(b);
      const stock = (
        await upload(b, d, [{ data: opaque() }, { data: opaque() }, { data: opaque(), lastResort: true }])
      ).json();
      expect(stock).toEqual({ ordinary: 2, lastResort: true });
      expect((await upload(b, d, [{ data: opaque(), lastResort: true }])).json()).toEqual({
        ordinary: 2,
        lastResort: true,
      });
      const two = await upload(b, d, [
        { data: opaque(), lastResort: true },
        { data: opaque(), lastResort: true },
      ]);
      expect(two.statusCode).toBe(400);
      expect((await a.client.request('GET', `/api/e2e/devices/${d}/key-packages`)).statusCode).toBe(404);
      expect((await upload(a, d, [{ data: opaque() }])).json().code).toBe('e2e.device_not_found');
      const rows = await t.db.kysely
        .selectFrom('e2e_key_packages')
        .select('id')
        .where('device_id', '=', d)
        .execute();
      expect(rows).toHaveLength(3);
    });

    it('E2E-23: concurrent claims hand each ordinary key package out exactly once, then the last resort (kept)', async () => {
      const [owner, x, y] = (await actors(t, 'kp', 'kx', 'ky')) as [Actor, Actor, Actor];
      await rt.group(owner, [x, y]);
      const d1 = await device(owner);
      const d2 = await device(owner);
      const ordinary = Array.from({ length: 8 }, () => opaque());
      const lastResort = opaque();
      await upload(owner, d1, [
        ...ordinary.map((data) => ({ data })),
        { data: lastResort, lastResort: true },
      ]);
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? x : y).client.request('POST', '/api/e2e/key-packages/claim', { userIds: [owner.id] }),
        ),
      );
      expect(claims.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
      const got = claims.flatMap((r) =>
        r.json().keyPackages.filter((k: { deviceId: string }) => k.deviceId === d1),
      );
      const handedOut = got
        .filter((k: { lastResort: boolean }) => !k.lastResort)
        .map((k: { data: string }) => k.data);
      expect(handedOut.sort()).toEqual([...ordinary].sort());
      expect(
        got.filter((k: { lastResort: boolean }) => k.lastResort).map((k: { data: string }) => k.data),
      ).toEqual(Array(12).fill(lastResort));
      // The device without any key package is reported, not skipped silently.
      expect(claims[0]!.json().exhausted).toEqual([{ userId: owner.id, deviceId: d2 }]);
      expect((await owner.client.request('GET', `/api/e2e/devices/${d1}/key-packages`)).json()).toEqual({
        ordinary: 0,
        lastResort: true,
      });
    });

    it('E2E-23: claims only for users I share a room with', async () => {
      const [p, stranger] = (await actors(t, 'cp', 'cs')) as [Actor, Actor];
      const d = await device(stranger);
      await upload(stranger, d, [{ data: opaque() }]);
      const res = await p.client.request('POST', '/api/e2e/key-packages/claim', { userIds: [stranger.id] });
      expect([res.statusCode, res.json().code]).toEqual([404, 'user.not_found']);
      expect(
        (await stranger.client.request('GET', `/api/e2e/devices/${d}/key-packages`)).json().ordinary,
      ).toBe(1);
      const empty = await p.client.request('POST', '/api/e2e/key-packages/claim', { userIds: [] });
      expect(empty.statusCode).toBe(400);
    });

    it('E2E-29: key package claims are rate-limited per user (429 with Retry-After)', async () => {
      const [p, q] = (await actors(t, 'rl', 'rq')) as [Actor, Actor];
      await rt.group(p, [q]);
      const claim = () => p.client.request('POST', '/api/e2e/key-packages/claim', { userIds: [q.id] });
      for (let i = 0; i < 60; i++) expect((await claim()).statusCode).toBe(200);
      const limited = await claim();
      expect([limited.statusCode, limited.json().code]).toEqual([429, 'rate.limited']);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Another user's budget is their own.
      expect(
        (await q.client.request('POST', '/api/e2e/key-packages/claim', { userIds: [p.id] })).statusCode,
      ).toBe(200);
    });

    it('E2E-24, E2E-29: a member creates the room group once at epoch 0; outsiders are told there is no room', async () => {
      const roomId = await rt.group(a, [b], 'grp', true);
      const groupId = opaque(16);
      const made = await b.client.request('POST', `/api/rooms/${roomId}/e2e/group`, {
        groupId,
        groupInfo: opaque(),
      });
      expect(made.json().group).toEqual({ roomId, groupId, epoch: 0, rekeyPending: false });
      const twice = await a.client.request('POST', `/api/rooms/${roomId}/e2e/group`, {
        groupId: opaque(16),
        groupInfo: opaque(),
      });
      expect([twice.statusCode, twice.json().code]).toEqual([409, 'e2e.group_exists']);
      for (const [method, path] of [
        ['GET', `/api/rooms/${roomId}/e2e/group`],
        ['GET', `/api/rooms/${roomId}/e2e/commits?since=0`],
        ['GET', `/api/rooms/${roomId}/e2e/group-info`],
      ] as const) {
        const res = await outsider.client.request(method, path);
        expect([res.statusCode, res.json().code]).toEqual([404, 'room.not_found']);
      }
      const od = await device(outsider);
      for (const res of [
        await outsider.client.request('POST', `/api/rooms/${roomId}/e2e/group`, {
          groupId,
          groupInfo: opaque(),
        }),
        await commit(outsider, roomId, { epoch: 0, commit: opaque() }),
        await send(outsider, roomId, { epoch: 0, deviceId: od, ciphertext: opaque() }),
      ])
        expect([res.statusCode, res.json().code]).toEqual([404, 'room.not_found']);
      const plain = await rt.group(a, [b], 'plain');
      const none = await a.client.request('GET', `/api/rooms/${plain}/e2e/group`);
      expect([none.statusCode, none.json().code]).toEqual([404, 'e2e.group_not_found']);
      // Only an encrypted room gets a group (E2E-40): a standard room's members have no keys to use.
      const refused = await a.client.request('POST', `/api/rooms/${plain}/e2e/group`, {
        groupId: opaque(16),
        groupInfo: opaque(),
      });
      expect([refused.statusCode, refused.json().code]).toEqual([409, 'room.not_e2e']);
    });

    it('E2E-25: of many concurrent commits at one epoch exactly one wins; each loser gets the epoch and the missing commits', async () => {
      const roomId = await e2eRoom(a, [b, c]);
      const [sa, sc] = [await rt.sock(a), await rt.sock(c)];
      const epochs = collect(sc, 'e2e:epoch');
      const bodies = Array.from({ length: 12 }, () => opaque(64));
      const results = await Promise.all(
        bodies.map((body, i) => commit([a, b, c][i % 3]!, roomId, { epoch: 0, commit: body })),
      );
      const won = results.filter((r) => r.statusCode === 200);
      expect(won).toHaveLength(1);
      expect(won[0]!.json()).toEqual({ epoch: 1 });
      const winner = bodies[results.indexOf(won[0]!)]!;
      for (const lost of results.filter((r) => r.statusCode !== 200)) {
        expect(lost.statusCode).toBe(409);
        expect(lost.json()).toMatchObject({
          code: 'e2e.epoch_conflict',
          error: expect.any(String),
          currentEpoch: 1,
          commits: [{ epoch: 0, commit: winner }],
        });
      }
      // A loser applies the missing commit and retries at the new epoch.
      const retried = await commit(b, roomId, { epoch: 1, commit: opaque() });
      expect(retried.json()).toEqual({ epoch: 2 });
      const late = await commit(c, roomId, { epoch: 0, commit: opaque() });
      expect(late.json().commits.map((x: { epoch: number }) => x.epoch)).toEqual([0, 1]);
      await ping(sc);
      expect(epochs).toEqual([
        { roomId, epoch: 1 },
        { roomId, epoch: 2 },
      ]);
      expect(sa.connected).toBe(true);
    });

    it('E2E-26: the handshake log answers the commits since an epoch, and members read the latest group info', async () => {
      const roomId = await e2eRoom(a, [b]);
      const bodies = [opaque(), opaque(), opaque()];
      let info = '';
      for (const [epoch, body] of bodies.entries()) {
        info = opaque();
        expect((await commit(a, roomId, { epoch, commit: body, groupInfo: info })).statusCode).toBe(200);
      }
      const since1 = (await b.client.request('GET', `/api/rooms/${roomId}/e2e/commits?since=1`)).json();
      expect(since1).toMatchObject({ currentEpoch: 3, hasMore: false });
      expect(since1.commits.map((x: { epoch: number; commit: string }) => [x.epoch, x.commit])).toEqual([
        [1, bodies[1]],
        [2, bodies[2]],
      ]);
      expect(since1.commits[0].senderId).toBe(a.id);
      const all = (await b.client.request('GET', `/api/rooms/${roomId}/e2e/commits?since=0`)).json();
      expect(all.commits).toHaveLength(3);
      expect(
        (await b.client.request('GET', `/api/rooms/${roomId}/e2e/commits?since=3`)).json().commits,
      ).toEqual([]);
      expect((await b.client.request('GET', `/api/rooms/${roomId}/e2e/group-info`)).json()).toEqual({
        epoch: 3,
        groupInfo: info,
      });
      const bad = await b.client.request('GET', `/api/rooms/${roomId}/e2e/commits?since=-1`);
      expect([bad.statusCode, bad.json().code]).toEqual([400, 'request.invalid_query']);
      // Retention forgets commits older than 90 days, and only those.
      await t.db.kysely
        .updateTable('e2e_commits')
        .set({ created_at: 0 })
        .where('room_id', '=', roomId)
        .where('epoch', '=', 0)
        .execute();
      expect(await t.services.e2e.pruneHandshakeLog()).toBeGreaterThanOrEqual(1);
      const kept = (await b.client.request('GET', `/api/rooms/${roomId}/e2e/commits?since=0`)).json().commits;
      expect(kept.map((x: { epoch: number }) => x.epoch)).toEqual([1, 2]);
    });

    it("E2E-28: a welcome is delivered to its recipient device's owner only, and deleted by them", async () => {
      const [w, member] = (await actors(t, 'w', 'wm')) as [Actor, Actor];
      const roomId = await e2eRoom(a, [w, member]);
      const wd = await device(w);
      const wd2 = await device(w);
      const od = await device(outsider);
      const [sw, sm] = [await rt.sock(w), await rt.sock(member)];
      const memberSaw = collect(sm, 'e2e:welcome');
      const toOutsider = await commit(a, roomId, {
        epoch: 0,
        commit: opaque(),
        welcome: { data: opaque(), deviceIds: [od] },
      });
      expect([toOutsider.statusCode, toOutsider.json().code]).toEqual([404, 'e2e.device_not_found']);
      const data = opaque(500);
      const announced = next(sw, 'e2e:welcome', (p) => p.deviceId === wd);
      const announced2 = next(sw, 'e2e:welcome', (p) => p.deviceId === wd2);
      expect(
        (await commit(a, roomId, { epoch: 0, commit: opaque(), welcome: { data, deviceIds: [wd, wd2] } }))
          .statusCode,
      ).toBe(200);
      expect((await announced2).welcomeId).toBe((await announced).welcomeId);
      const event = await announced;
      expect(event).toEqual({ roomId, deviceId: wd, welcomeId: expect.any(String) });
      const listed = (await w.client.request('GET', `/api/e2e/devices/${wd}/welcomes`)).json().welcomes;
      expect(listed).toEqual([
        { id: event.welcomeId, roomId, epoch: 1, data, createdAt: expect.any(String) },
      ]);
      for (const who of [a, member, outsider]) {
        const res = await who.client.request('GET', `/api/e2e/devices/${wd}/welcomes`);
        expect([res.statusCode, res.json().code]).toEqual([404, 'e2e.device_not_found']);
        const del = await who.client.request('DELETE', `/api/e2e/devices/${wd}/welcomes/${event.welcomeId}`);
        expect(del.statusCode).toBe(404);
      }
      const path = `/api/e2e/devices/${wd}/welcomes/${event.welcomeId}`;
      expect((await w.client.request('DELETE', path)).statusCode).toBe(200);
      expect((await w.client.request('DELETE', path)).json().code).toBe('e2e.welcome_not_found');
      expect((await w.client.request('GET', `/api/e2e/devices/${wd}/welcomes`)).json().welcomes).toEqual([]);
      // Stored once: the other device still has it; it goes when the last recipient has taken it.
      const stored = () =>
        t.db.kysely.selectFrom('e2e_welcomes').select('id').where('room_id', '=', roomId).execute();
      expect(await stored()).toHaveLength(1);
      expect((await w.client.request('GET', `/api/e2e/devices/${wd2}/welcomes`)).json().welcomes).toEqual(
        listed,
      );
      expect(
        (await w.client.request('DELETE', `/api/e2e/devices/${wd2}/welcomes/${event.welcomeId}`)).statusCode,
      ).toBe(200);
      expect(await stored()).toEqual([]);
      await ping(sm);
      expect(memberSaw).toEqual([]);
    });

    it('E2E-27, E2E-42: ciphertext at the current epoch is stored opaque and delivered to members; a stale epoch is refused', async () => {
      const roomId = await e2eRoom(a, [b]);
      const ad = await device(a);
      const [sb, so] = [await rt.sock(b), await rt.sock(outsider)];
      const outsiderSaw = collect(so, 'message:created');
      const ciphertext = opaque(1000);
      const delivered = next(sb, 'message:created');
      const ok = await send(a, roomId, { epoch: 0, deviceId: ad, ciphertext });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().message).toMatchObject({ roomId, kind: 'e2e', body: '', ciphertext });
      expect(ok.json().message.sender.id).toBe(a.id);
      expect((await delivered).message).toEqual(ok.json().message);
      const stored = await t.db.kysely
        .selectFrom('messages')
        .select('body')
        .where('room_id', '=', roomId)
        .where('kind', '=', 'e2e')
        .execute();
      expect(stored).toEqual([{ body: ciphertext }]);

      await commit(b, roomId, { epoch: 0, commit: opaque() });
      const stale = await send(a, roomId, { epoch: 0, deviceId: ad, ciphertext: opaque() });
      expect([stale.statusCode, stale.json().code]).toEqual([409, 'e2e.stale_epoch']);
      const ahead = await send(a, roomId, { epoch: 2, deviceId: ad, ciphertext: opaque() });
      expect(ahead.json().code).toBe('e2e.stale_epoch');
      // A plaintext-shaped body is no ciphertext; another user's device is not mine.
      const plain = await send(a, roomId, { epoch: 1, deviceId: ad, ciphertext: opaque(), body: 'hello' });
      expect([plain.statusCode, plain.json().code]).toEqual([400, 'request.invalid_body']);
      const bd = await device(b);
      const foreign = await send(a, roomId, { epoch: 1, deviceId: bd, ciphertext: opaque() });
      expect([foreign.statusCode, foreign.json().code]).toEqual([404, 'e2e.device_not_found']);
      expect((await send(a, roomId, { epoch: 1, deviceId: ad, ciphertext: opaque() })).statusCode).toBe(200);
      await ping(so);
      expect(outsiderSaw).toEqual([]);
    });

    it('E2E-27: after a member is removed or leaves, messages wait for a commit at that epoch', async () => {
      const [k, l] = (await actors(t, 'kicked', 'leaver')) as [Actor, Actor];
      const roomId = await e2eRoom(a, [b, k, l]);
      const ad = await device(a);
      expect((await a.client.request('DELETE', `/api/rooms/${roomId}/members/${k.id}`)).statusCode).toBe(200);
      expect((await a.client.request('GET', `/api/rooms/${roomId}/e2e/group`)).json().group).toMatchObject({
        epoch: 0,
        rekeyPending: true,
      });
      const refused = await send(a, roomId, { epoch: 0, deviceId: ad, ciphertext: opaque() });
      expect([refused.statusCode, refused.json().code]).toEqual([409, 'e2e.rekey_pending']);
      // The removed member is now an outsider of the group.
      const gone = await k.client.request('GET', `/api/rooms/${roomId}/e2e/commits?since=0`);
      expect(gone.json().code).toBe('room.not_found');
      expect((await commit(b, roomId, { epoch: 0, commit: opaque() })).json()).toEqual({ epoch: 1 });
      expect((await send(a, roomId, { epoch: 1, deviceId: ad, ciphertext: opaque() })).statusCode).toBe(200);
      // Leaving marks it as well.
      expect((await l.client.request('POST', `/api/rooms/${roomId}/leave`)).statusCode).toBe(200);
      const again = await send(a, roomId, { epoch: 1, deviceId: ad, ciphertext: opaque() });
      expect(again.json().code).toBe('e2e.rekey_pending');
    });
  });
}
