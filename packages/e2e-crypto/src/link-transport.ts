/**
 * The server's relay of device links (SPEC E2E-105..E2E-108) over HTTP: a short-lived session per link that
 * only ever carries public keys, a commitment and the sealed secrets. Apart from E2eTransport because a device
 * that is not registered yet (the new one) uses it too.
 */
import type { HttpCall, HttpMethod } from './http-transport.ts';
import { E2eTransportError } from './transport.ts';

/** Where a link stands on the server. */
export type LinkStage = 'requested' | 'accepted' | 'revealed' | 'answered' | 'refused';

/** A link session as the relay answers it (base64url strings, as on the wire). */
export interface RelayLink {
  id: string;
  stage: LinkStage;
  /** The new device's commitment to its ephemeral key. */
  commitment: string;
  /** The new device's ephemeral key, once revealed (code path). */
  newPub: string | null;
  /** The existing device's ephemeral key, once it accepted or answered. */
  existingPub: string | null;
  /** The sealed secrets, once answered. */
  sealed: string | null;
  /** How the existing device learnt the new device's key. */
  mode: 'qr' | 'code' | null;
  expiresAt: string;
}

/** The relay's calls; a refusal is thrown as an E2eTransportError with the server's code. */
export interface E2eLinkTransport {
  /** New device: opens a link with the commitment to its key. */
  createLink(body: { commitment: string }): Promise<RelayLink>;
  /** One of my links by id (the new device polls it). */
  link(linkId: string): Promise<RelayLink>;
  /** The newest open link of my account, for my other devices; null when there is none. */
  pendingLink(): Promise<RelayLink | null>;
  /** Existing device, code path: its ephemeral key, so both sides can show the code. */
  acceptLink(linkId: string, body: { pub: string }): Promise<RelayLink>;
  /** New device, code path: reveals its key after the existing device's arrived. */
  revealLink(linkId: string, body: { pub: string }): Promise<RelayLink>;
  /** Existing device: the sealed secrets (and its key, for the QR path). */
  answerLink(linkId: string, body: { pub: string; sealed: string; mode: 'qr' | 'code' }): Promise<RelayLink>;
  /** Existing device: the person refused the request. */
  refuseLink(linkId: string): Promise<RelayLink>;
  /** New device: it registered `deviceId` from the link (the server's audit) and the link is done. */
  linkUsed(linkId: string, body: { deviceId: string }): Promise<void>;
}

/** The relay over the server's HTTP routes. */
export function httpLinkTransport(send: HttpCall): E2eLinkTransport {
  const call = async <T>(method: HttpMethod, url: string, body?: unknown): Promise<T> => {
    const res = await send(method, url, body);
    if (res.status !== 200) {
      const code = (res.json as { code?: unknown } | null)?.code;
      throw new E2eTransportError(typeof code === 'string' ? code : `http.${res.status}`, `${method} ${url}`);
    }
    return res.json as T;
  };
  const at = (id: string, tail = '') => `/api/e2e/links/${encodeURIComponent(id)}${tail}`;
  const one = async (p: Promise<{ link: RelayLink }>) => (await p).link;
  return {
    createLink: (body) => one(call('POST', '/api/e2e/links', body)),
    link: (id) => one(call('GET', at(id))),
    pendingLink: async () => (await call<{ link: RelayLink | null }>('GET', '/api/e2e/links/pending')).link,
    acceptLink: (id, body) => one(call('POST', at(id, '/accept'), body)),
    revealLink: (id, body) => one(call('POST', at(id, '/reveal'), body)),
    answerLink: (id, body) => one(call('POST', at(id, '/answer'), body)),
    refuseLink: (id) => one(call('POST', at(id, '/refuse'), {})),
    linkUsed: async (id, body) => void (await call('POST', at(id, '/used'), body)),
  };
}
