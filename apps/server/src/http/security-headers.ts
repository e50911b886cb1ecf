import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/** Helmet's settings: a strict CSP for our own single-origin client. */
const HELMET_OPTIONS: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // HSTS only under HTTPS (set in app.ts's onSend hook); a plain-HTTP LAN install must stay reachable.
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
};

/** The headers helmet sets with HELMET_OPTIONS, found once by running it on a recording response. */
function helmetHeaders(): [string, string][] {
  const headers: [string, string][] = [];
  const res = {
    setHeader: (name: string, value: string | number) => headers.push([name, String(value)]),
    removeHeader: () => {},
  };
  helmet(HELMET_OPTIONS)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/**
 * Sets helmet's security headers on every response. They depend on nothing in the request, so they are
 * computed once: @fastify/helmet rebuilt helmet (and re-parsed the CSP) on every request, a few percent of
 * the CPU of a history page. Routes may still override one (files set their own CSP).
 */
export function registerSecurityHeaders(http: FastifyInstance): void {
  const headers = helmetHeaders();
  http.addHook('onRequest', (_request, reply, done) => {
    reply.raw.removeHeader('x-powered-by');
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
