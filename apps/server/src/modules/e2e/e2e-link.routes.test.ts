/**
 * Adding a device from another device against the real server (SPEC E2E-105..E2E-108): the relay keeps a
 * short-lived link per user, only that user's devices see or answer it, the other devices hear of it at once,
 * and the whole code path with real keys gives the new device the same master key (no identity change).
 */
import { randomBytes } from 'node:crypto';
import {
  decodeLinkQr,
  E2eCryptoError,
  E2eSession,
  encodeLinkQr,
  fromB64url,
  generateLinkSecret,
  generateLinkKeyPair,
  httpLinkTransport,
  linkCode,
  linkCommitment,
  toB64url,
  type E2eLinkTransport,
} from '@messenger/e2e-crypto';
import { E2E_LINK_LIMITS } from '@messenger/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../state/memory-state-store.ts';
import { RateLimiter } from '../../state/rate-limiter.ts';
import { DATABASE_KINDS } from '../../test/databases.ts';
import { harnessTransport } from '../../test/e2e-transport.ts';
import { actors, type Actor, type TestApp } from '../../test/harness.ts';
import { collect, next, ping, realtimeSuite } from '../../test/sockets.ts';
import { E2eLinkService } from './e2e-link.service.ts';

const opaque = (n = 32): string => randomBytes(n).toString('base64url');

/** The relay over the harness client, as the browser's worker builds it over fetch. */
function relayOf(who: Actor): E2eLinkTransport {
  return httpLinkTransport(async (method, url, body) => {
    const res = await who.client.request(method, url, body);
    return { status: res.statusCode, json: res.body ? (JSON.parse(res.body) as unknown) : null };
  });
}

for (const { kind, skip } of DATABASE_KINDS) {
  describe.skipIf(skip)(`E2E device link (${kind})`, () => {
    const rt = realtimeSuite({ kind });
    let t: TestApp;
    let anna: Actor;
    let ben: Actor;
    /** Anna's second browser: the same user signed in again, no device yet. */
    let annaNew: Actor;
    beforeAll(async () => {
      t = rt.app;
      [anna, ben] = (await actors(t, 'anna', 'ben')) as [Actor, Actor];
      const client = t.client();
      expect((await client.login(anna.username)).statusCode).toBe(200);
      annaNew = { ...anna, client };
    });

    const create = async (who: Actor) => {
      const res = await who.client.request('POST', '/api/e2e/links', { commitment: opaque() });
      expect(res.statusCode).toBe(200);
      return res.json().link as { id: string; stage: string; expiresAt: string };
    };

    it("E2E-105: a link is the user's own: their other sockets hear of it, another user finds nothing", async () => {
      const annaSock = await rt.sock(anna);
      const benSock = await rt.sock(ben);
      const benHeard = collect(benSock, 'e2e:link-requested');
      const heard = next(annaSock, 'e2e:link-requested');
      const link = await create(annaNew);
      expect(link.stage).toBe('requested');
      const left = Date.parse(link.expiresAt) - Date.now();
      expect(left).toBeGreaterThan(E2E_LINK_LIMITS.ttlMs - 60_000);
      expect(left).toBeLessThanOrEqual(E2E_LINK_LIMITS.ttlMs);
      expect(await heard).toEqual({ linkId: link.id, stage: 'requested' });
      await ping(benSock);
      expect(benHeard).toEqual([]);
      const pending = await anna.client.request('GET', '/api/e2e/links/pending');
      expect(pending.json().link).toMatchObject({ id: link.id, stage: 'requested' });
      expect((await ben.client.request('GET', '/api/e2e/links/pending')).json().link).toBeNull();
      for (const [method, path, body] of [
        ['GET', '', undefined],
        ['POST', '/accept', { pub: opaque() }],
        ['POST', '/answer', { pub: opaque(), sealed: opaque(80), mode: 'qr' }],
        ['POST', '/refuse', {}],
      ] as const) {
        const res = await ben.client.request(method, `/api/e2e/links/${link.id}${path}`, body);
        expect([res.statusCode, res.json().code], `${method} ${path}`).toEqual([404, 'e2e.link_not_found']);
      }
      const unknown = await anna.client.request('GET', '/api/e2e/links/lnk_nope');
      expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'e2e.link_not_found']);
    });

    it('E2E-106: steps go in order, an answered or refused link is answered once, bodies are checked', async () => {
      const link = await create(annaNew);
      const at = (tail: string) => `/api/e2e/links/${link.id}${tail}`;
      const early = await annaNew.client.request('POST', at('/reveal'), { pub: opaque() });
      expect([early.statusCode, early.json().code]).toEqual([409, 'e2e.link_stage']);
      const codeEarly = await anna.client.request('POST', at('/answer'), {
        pub: opaque(),
        sealed: opaque(80),
        mode: 'code',
      });
      expect([codeEarly.statusCode, codeEarly.json().code]).toEqual([409, 'e2e.link_stage']);
      for (const body of [{ pub: 'not base64!' }, { pub: 'A'.repeat(65) }, { pub: opaque(), extra: 1 }]) {
        const res = await anna.client.request('POST', at('/accept'), body);
        expect([res.statusCode, res.json().code]).toEqual([400, 'request.invalid_body']);
      }
      const refused = await anna.client.request('POST', at('/refuse'), {});
      expect(refused.json().link.stage).toBe('refused');
      // The new device learns it by polling, and nobody answers it afterwards.
      expect((await annaNew.client.request('GET', at(''))).json().link.stage).toBe('refused');
      const late = await anna.client.request('POST', at('/answer'), {
        pub: opaque(),
        sealed: opaque(80),
        mode: 'qr',
      });
      expect([late.statusCode, late.json().code]).toEqual([409, 'e2e.link_answered']);
      expect((await anna.client.request('GET', '/api/e2e/links/pending')).json().link).toBeNull();
    });

    it('E2E-106, E2E-108: the code path links a new device under the same master key, audited once', async () => {
      const first = await E2eSession.register({ uid: anna.id, transport: harnessTransport(anna) });
      const existingRelay = relayOf(anna);
      const newRelay = relayOf(annaNew);
      const annaSock = await rt.sock(anna);
      // New device: its key pair, and only a commitment to the key at first.
      const fresh = await generateLinkKeyPair();
      const requested = next(annaSock, 'e2e:link-requested');
      const link = await newRelay.createLink({ commitment: await linkCommitment(fresh.publicKey) });
      expect((await requested).linkId).toBe(link.id);
      // Existing device: sees the request and gives its key.
      const pending = await existingRelay.pendingLink();
      expect(pending?.id).toBe(link.id);
      const existing = await generateLinkKeyPair();
      const revealedEvent = next(annaSock, 'e2e:link-updated', (e) => e.stage === 'revealed');
      await existingRelay.acceptLink(link.id, { pub: toB64url(existing.publicKey) });
      // New device: learns that key (by polling here), reveals its own, shows its code.
      const accepted = await newRelay.link(link.id);
      expect(accepted.stage).toBe('accepted');
      const existingPub = fromB64url(accepted.existingPub!);
      await newRelay.revealLink(link.id, { pub: toB64url(fresh.publicKey) });
      const context = { uid: anna.id, linkId: link.id, newPub: fresh.publicKey, existingPub };
      const codeOnNew = await linkCode(fresh, context);
      // Existing device: checks the revealed key against the commitment, shows its code, the person confirms.
      await revealedEvent;
      const revealed = await existingRelay.link(link.id);
      const newPub = fromB64url(revealed.newPub!);
      expect(await linkCommitment(newPub)).toBe(revealed.commitment);
      const seen = { uid: anna.id, linkId: link.id, newPub, existingPub: existing.publicKey };
      expect(await linkCode(existing, seen)).toBe(codeOnNew);
      const sealed = await first.sealForLink(existing, seen);
      await existingRelay.answerLink(link.id, {
        pub: toB64url(existing.publicKey),
        sealed: toB64url(sealed),
        mode: 'code',
      });
      const twice = await anna.client.request('POST', `/api/e2e/links/${link.id}/answer`, {
        pub: toB64url(existing.publicKey),
        sealed: toB64url(sealed),
        mode: 'code',
      });
      expect([twice.statusCode, twice.json().code]).toEqual([409, 'e2e.link_answered']);
      // New device: opens the answer and registers a device certified by the same master key.
      const answered = await newRelay.link(link.id);
      expect(answered).toMatchObject({ stage: 'answered', mode: 'code' });
      const second = await E2eSession.link({
        uid: anna.id,
        linkId: link.id,
        keys: fresh,
        existingPub: fromB64url(answered.existingPub!),
        sealed: fromB64url(answered.sealed!),
        transport: harnessTransport(annaNew),
        relay: newRelay,
      });
      expect(second.did).not.toBe(first.did);
      expect(toB64url(second.masterKey.publicKey)).toBe(toB64url(first.masterKey.publicKey));
      const devices = await harnessTransport(anna).devices([anna.id]);
      expect(devices.map((d) => d.deviceId).sort()).toEqual([first.did, second.did].sort());
      const [identity] = await harnessTransport(anna).identities([anna.id]);
      expect(identity?.mskVersion).toBe(1);
      const audit = await t.db.kysely
        .selectFrom('audit_log')
        .select(['target_id', 'detail'])
        .where('action', '=', 'e2e.device_linked')
        .where('actor_id', '=', anna.id)
        .execute();
      expect(audit.map((r) => [r.target_id, JSON.parse(String(r.detail))])).toEqual([
        [second.did, { linkId: link.id, mode: 'code' }],
      ]);
      expect(JSON.stringify(audit)).not.toContain(toB64url(sealed));
      // Done: the link is gone.
      const gone = await annaNew.client.request('GET', `/api/e2e/links/${link.id}`);
      expect(gone.statusCode).toBe(404);
    });

    it('E2E-101, E2E-102: the QR path needs the secret from the screen; a code of another account is refused', async () => {
      // Carla's first device answers her new device's QR code; Ben has a device of his own.
      const [carla] = (await actors(t, 'carla')) as [Actor];
      const first = await E2eSession.register({ uid: carla.id, transport: harnessTransport(carla) });
      const client = t.client();
      expect((await client.login(carla.username)).statusCode).toBe(200);
      const carlaNew: Actor = { ...carla, client };
      const fresh = await generateLinkKeyPair();
      const secret = generateLinkSecret();
      const link = await relayOf(carlaNew).createLink({ commitment: await linkCommitment(fresh.publicKey) });
      const qr = encodeLinkQr({ uid: carla.id, linkId: link.id, publicKey: fresh.publicKey, secret });
      // The existing device scans: the key and the secret come from the screen, not from the server.
      const scanned = decodeLinkQr(qr);
      const existing = await generateLinkKeyPair();
      const context = {
        uid: carla.id,
        linkId: scanned.linkId,
        newPub: scanned.publicKey,
        existingPub: existing.publicKey,
      };
      // A code shown by another account's new device is not answered.
      const bens = await E2eSession.register({ uid: ben.id, transport: harnessTransport(ben) });
      await expect(bens.sealForLink(existing, context, scanned.secret)).rejects.toSatisfy(
        (e) => e instanceof E2eCryptoError && e.code === 'e2e.link_wrong_user',
      );
      const sealed = await first.sealForLink(existing, context, scanned.secret);
      await relayOf(carla).answerLink(link.id, {
        pub: toB64url(existing.publicKey),
        sealed: toB64url(sealed),
        mode: 'qr',
      });
      const answered = await relayOf(carlaNew).link(link.id);
      expect(answered.stage).toBe('answered');
      const base = {
        uid: carla.id,
        linkId: link.id,
        keys: fresh,
        existingPub: fromB64url(answered.existingPub!),
        sealed: fromB64url(answered.sealed!),
        transport: harnessTransport(carlaNew),
        relay: relayOf(carlaNew),
      };
      // Without the screen's secret (what the server alone could do) nothing opens.
      await expect(E2eSession.link(base)).rejects.toSatisfy(
        (e) => e instanceof E2eCryptoError && e.code === 'e2e.link_failed',
      );
      const second = await E2eSession.link({ ...base, secret });
      expect(toB64url(second.masterKey.publicKey)).toBe(toB64url(first.masterKey.publicKey));
      expect((await harnessTransport(carla).devices([carla.id])).length).toBe(2);
    });

    it('E2E-102: secrets from a device whose identity was replaced since are e2e.link_wrong_identity', async () => {
      const [dana] = (await actors(t, 'dana')) as [Actor];
      const old = await E2eSession.register({ uid: dana.id, transport: harnessTransport(dana) });
      // Dana resets her identity elsewhere: the old device's master key is no longer hers.
      const client = t.client();
      expect((await client.login(dana.username)).statusCode).toBe(200);
      const danaNew: Actor = { ...dana, client };
      await E2eSession.register({ uid: dana.id, transport: harnessTransport(danaNew), resetIdentity: true });
      const fresh = await generateLinkKeyPair();
      const link = await relayOf(danaNew).createLink({ commitment: await linkCommitment(fresh.publicKey) });
      const existing = await generateLinkKeyPair();
      const context = {
        uid: dana.id,
        linkId: link.id,
        newPub: fresh.publicKey,
        existingPub: existing.publicKey,
      };
      const secret = generateLinkSecret();
      const sealed = await old.sealForLink(existing, context, secret);
      await expect(
        E2eSession.link({
          uid: dana.id,
          linkId: link.id,
          keys: fresh,
          existingPub: existing.publicKey,
          sealed,
          secret,
          transport: harnessTransport(danaNew),
          relay: relayOf(danaNew),
        }),
      ).rejects.toSatisfy((e) => e instanceof E2eCryptoError && e.code === 'e2e.link_wrong_identity');
    });
  });
}

describe('E2E device link expiry', () => {
  it('E2E-105: a link is gone after five minutes, for reading and for answering', async () => {
    let clock = 1_000_000;
    const store = new MemoryStateStore(() => clock);
    const heard: string[] = [];
    const links = new E2eLinkService({
      uow: undefined as never,
      store,
      limiter: new RateLimiter(store),
      events: {
        e2eLinkRequested: (_u, e) => heard.push(e.stage),
        e2eLinkUpdated: (_u, e) => heard.push(e.stage),
      },
      now: () => clock,
      newId: () => 'x',
    });
    const link = await links.create('u1', { commitment: opaque() });
    clock += E2E_LINK_LIMITS.ttlMs - 1;
    expect((await links.get('u1', link.id)).stage).toBe('requested');
    clock += 1;
    await expect(links.get('u1', link.id)).rejects.toMatchObject({ code: 'e2e.link_not_found' });
    await expect(links.accept('u1', link.id, { pub: opaque() })).rejects.toMatchObject({
      code: 'e2e.link_not_found',
    });
    expect(await links.pending('u1')).toBeNull();
    expect(heard).toEqual(['requested']);
  });
});
