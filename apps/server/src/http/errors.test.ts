import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../test/harness.ts';

interface OpenApiOperation {
  requestBody?: { content?: Record<string, unknown> };
}
type OpenApiDoc = { paths: Record<string, Record<string, OpenApiOperation>> };

describe('SEC-4: one error envelope for every failure', () => {
  let t: TestApp;
  let c: TestClient;
  let doc: OpenApiDoc;
  beforeAll(async () => {
    t = await startTestApp({
      // A route that fails unexpectedly, to see what a 500 reveals.
      routes: (http) =>
        http.get('/api/test-crash', async () => {
          throw new Error('database password is hunter2 at /srv/secret/path');
        }),
    });
    c = t.client();
    await c.register('envelope_user');
    doc = (await c.request('GET', '/api/openapi.json')).json();
  });
  afterAll(() => t.close());

  /** Every operation of the OpenAPI document that takes a JSON body, with a concrete path. */
  function jsonRoutes(): { method: string; url: string }[] {
    const out: { method: string; url: string }[] = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op.requestBody?.content?.['application/json']) {
          out.push({
            method: method.toUpperCase(),
            url: p.replace(/\{[^}]+\}/g, '00000000-0000-7000-8000-000000000000'),
          });
        }
      }
    }
    return out;
  }

  it('the OpenAPI document lists the JSON routes of the original (/api/login, /api/register, /api/me/password)', () => {
    const urls = jsonRoutes().map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(
      expect.arrayContaining(['POST /api/login', 'POST /api/register', 'PUT /api/me/password']),
    );
  });

  const MALFORMED: { name: string; raw: string; type?: string }[] = [
    { name: 'truncated JSON', raw: '{"username": "x", ' },
    { name: 'not JSON at all', raw: 'username=x&password=y' },
    { name: 'empty body', raw: '' },
    { name: 'an array', raw: '[1, 2, 3]' },
    { name: 'a string', raw: '"hello"' },
    { name: 'null', raw: 'null' },
    { name: 'a number', raw: '42' },
    { name: 'missing fields', raw: '{}' },
    {
      name: 'mistyped fields',
      raw: '{"username": 5, "password": ["x"], "currentPassword": {}, "newPassword": 7, "nickname": 3}',
    },
  ];

  it('every JSON route answers malformed bodies with 400 JSON and a code, never 500', async () => {
    const routes = jsonRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(3);
    for (const route of routes) {
      for (const m of MALFORMED) {
        const res = await c.request(route.method as 'POST', route.url, undefined, {
          raw: m.raw,
          headers: { 'content-type': m.type ?? 'application/json' },
        });
        const label = `${route.method} ${route.url} with ${m.name}`;
        expect(res.statusCode, label).toBe(400);
        expect(res.headers['content-type'], label).toContain('application/json');
        expect(res.json().code, label).toMatch(/^request\.(invalid_json|invalid_body)$/);
        expect(typeof res.json().error, label).toBe('string');
      }
    }
  });

  it('a DELETE that declares JSON but sends no body works', async () => {
    const other = t.client();
    await other.login('envelope_user');
    const id = (await c.request('GET', '/api/me/sessions'))
      .json()
      .sessions.find((s: { current: boolean }) => !s.current).id;
    const res = await c.request('DELETE', `/api/me/sessions/${id}`, undefined, {
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('a JSON body with __proto__ is refused, not merged', async () => {
    const res = await c.request('POST', '/api/login', undefined, {
      raw: '{"username":"x","password":"y","__proto__":{"isAdmin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.invalid_json');
  });

  it('a wrong content type is a 415 envelope', async () => {
    const res = await c.request('POST', '/api/login', undefined, {
      raw: '<login/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('request.unsupported_media_type');
  });

  it('an oversized body is a 413 envelope', async () => {
    const res = await c.request('POST', '/api/login', {
      username: 'x',
      password: 'y'.repeat(2 * 1024 * 1024),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('request.too_large');
  });

  it('unknown API paths are a 404 envelope, in Korean when the browser prefers Korean', async () => {
    const en = await c.request('GET', '/api/no-such-thing');
    expect(en.statusCode).toBe(404);
    expect(en.json()).toEqual({ error: 'The requested resource was not found.', code: 'route.not_found' });
    const ko = await c.request('GET', '/api/no-such-thing', undefined, {
      headers: { 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.8' },
    });
    expect(ko.json()).toEqual({ error: '요청한 주소를 찾을 수 없습니다.', code: 'route.not_found' });
    const enFirst = await c.request('GET', '/api/no-such-thing', undefined, {
      headers: { 'accept-language': 'en-US,ko;q=0.5' },
    });
    expect(enFirst.json().error).toBe('The requested resource was not found.');
  });

  it('a crash is a 500 envelope that reveals nothing internal', async () => {
    const res = await c.request('GET', '/api/test-crash');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: 'An internal server error occurred.', code: 'server.internal' });
    expect(res.body).not.toMatch(/hunter2|secret|stack/);
  });

  it('unauthenticated calls to protected routes get 401 auth.required', async () => {
    const anon = t.client();
    await anon.bootstrap();
    for (const [method, url] of [
      ['GET', '/api/me'],
      ['GET', '/api/me/sessions'],
      ['PUT', '/api/me/password'],
      ['DELETE', '/api/me/sessions/x'],
    ] as const) {
      const res = await anon.request(
        method,
        url,
        method === 'PUT' ? { currentPassword: 'a', newPassword: 'bbbbbbbb' } : undefined,
      );
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().code).toBe('auth.required');
    }
  });
});
