/**
 * The E2E transport a browser builds from fetch (`httpTransport`), over the harness's HTTP client instead: real
 * routes, real database. Tests wrap it to record what was sent or to hold a call back (a race, a lie).
 */
import { randomBytes } from 'node:crypto';
import { E2eCryptoError, httpTransport, type E2eTransport } from '@messenger/e2e-crypto';
import type { Actor } from './harness.ts';

export function harnessTransport(
  who: Actor,
  /** Sees every request and the raw answer (e.g. to scan the traffic). */
  onExchange?: (request: string, answer: string) => void,
): E2eTransport {
  return httpTransport(async (method, url, body) => {
    const res = await who.client.request(method, url, body);
    onExchange?.(`${method} ${url} ${JSON.stringify(body ?? null)}`, res.body);
    return { status: res.statusCode, json: res.body ? (JSON.parse(res.body) as unknown) : null };
  });
}

/** The harness transport that also keeps every envelope it sends, by message id, in `sent`. */
export function recordingTransport(who: Actor, sent: Map<string, string>): E2eTransport {
  const http = harnessTransport(who);
  return {
    ...http,
    sendCiphertext: async (roomId, body) => {
      const message = await http.sendCiphertext(roomId, body);
      sent.set(body.id, body.ciphertext);
      return message;
    },
  };
}

/** The stable code a promise fails with (a crypto or a transport error), or undefined if it succeeds. */
export const failureCodeOf = async (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof E2eCryptoError ? e.code : ((e as { code?: string }).code ?? String(e))),
  );

/** Random bytes as base64url: an envelope, certificate or key as far as the server can tell. */
export const opaque = (n = 48): string => randomBytes(n).toString('base64url');

/**
 * Registers a device of `who` as the delivery service sees one (an opaque certificate under `mskPub`, a random
 * key unless given: the same one for a user's further devices); its id.
 */
export async function fakeDevice(who: Actor, mskPub = opaque(32)): Promise<string> {
  const deviceId = `d_${randomBytes(6).toString('hex')}`;
  const res = await who.client.request('POST', '/api/e2e/devices', { deviceId, cert: opaque(200), mskPub });
  if (res.statusCode !== 200) throw new Error(`device registration: ${res.statusCode} ${res.body}`);
  return deviceId;
}

/** Makes an encrypted room's MLS group at epoch 0, with opaque group id and GroupInfo. */
export async function fakeGroup(owner: Actor, roomId: string): Promise<void> {
  const res = await owner.client.request('POST', `/api/rooms/${roomId}/e2e/group`, {
    groupId: opaque(16),
    groupInfo: opaque(),
  });
  if (res.statusCode !== 200) throw new Error(`group: ${res.statusCode} ${res.body}`);
}
