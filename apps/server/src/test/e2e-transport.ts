/**
 * The E2E transport a browser builds from fetch (`httpTransport`), over the harness's HTTP client instead: real
 * routes, real database. Tests wrap it to record what was sent or to hold a call back (a race, a lie).
 */
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
