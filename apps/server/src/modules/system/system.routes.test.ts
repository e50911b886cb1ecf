import { VERSION } from '../../version.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';

describe('OPS-1: health, readiness, metrics; SEC-1: headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('/healthz answers and /readyz reports the schema version', async () => {
    expect((await t.http.inject('/healthz')).json()).toEqual({
      status: 'ok',
      version: VERSION,
      schemaVersion: Object.keys(MIGRATIONS).at(-1),
    });
    const ready = await t.http.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      schemaVersion: Object.keys(MIGRATIONS).at(-1),
      directory: 'off',
    });
  });

  it('/metrics has the HTTP latency histogram, open sockets, event-loop lag and memory', async () => {
    await t.http.inject('/api/config');
    const text = (await t.http.inject('/metrics')).body;
    expect(text).toMatch(/http_request_duration_seconds_bucket\{.*route="\/api\/config".*status="200"/);
    expect(text).toContain('messenger_open_sockets 0');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('every response carries a strict CSP, nosniff, frame-ancestors none, a referrer policy and a request id', async () => {
    for (const url of ['/api/config', '/api/nope', '/healthz']) {
      const res = await t.http.inject(url);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('the OpenAPI document is served, with a readable page at /api/docs', async () => {
    const doc = (await t.http.inject('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/login', '/api/register', '/api/config', '/api/me/sessions/{id}']),
    );
    const page = await t.http.inject('/api/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });
});
