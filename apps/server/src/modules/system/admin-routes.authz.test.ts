import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, startTestApp, type Actor, type TestApp } from '../../test/harness.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** A plausible body for each admin route, so a refusal is the role's and never the body's. */
const BODIES: Record<string, unknown> = {
  'POST /api/admin/users': { username: 'made_by_member', nickname: 'x', password: 'password123' },
  'POST /api/admin/users/{id}/admin': { admin: true },
  'POST /api/admin/rooms/{id}/archive': { archived: true },
  'POST /api/admin/rooms/{id}/legal-hold': { hold: true },
  'PUT /api/admin/rooms/{id}/retention': { days: 1 },
  'PUT /api/admin/settings': { retentionDays: 1 },
  'PUT /api/admin/sign-in-policy': { localSignup: false },
  'POST /api/admin/exports': {
    scope: { roomId: '00000000-0000-7000-8000-000000000000' },
    from: '2026-01-01T00:00:00.000Z',
    to: '2026-02-01T00:00:00.000Z',
  },
};

describe('ADMIN: every /api/admin/ route in the OpenAPI document refuses everyone but server administrators', () => {
  let t: TestApp;
  let admin: Actor;
  let member: Actor;
  let routes: { method: Method; path: string }[];
  beforeAll(async () => {
    t = await startTestApp();
    const people = await actors(t, 'root', 'member');
    admin = people[0]!;
    member = people[1]!;
    const doc = (await t.http.inject('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/admin/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m))
          .map((m) => ({ method: m.toUpperCase() as Method, path })),
      );
  });
  afterAll(() => t.close());

  it('the document lists the console: people, rooms, settings, status, audit, retention and exports', () => {
    const paths = new Set(routes.map((r) => r.path));
    for (const p of [
      '/api/admin/users',
      '/api/admin/rooms',
      '/api/admin/settings',
      '/api/admin/status',
      '/api/admin/audit',
      '/api/admin/retention/preview',
      '/api/admin/exports',
      '/api/admin/sign-in-policy',
    ])
      expect(paths).toContain(p);
    expect(routes.length).toBeGreaterThanOrEqual(25);
  });

  it('a signed-in member gets 403 admin.required, a visitor 401, on every one; nothing changed', async () => {
    const auditBefore = (await admin.client.request('GET', '/api/admin/audit?limit=200')).json().entries
      .length;
    const visitor = await t.client().bootstrap();
    for (const { method, path } of routes) {
      const url = path.replace(/\{[^}]+\}/g, admin.id);
      const body = BODIES[`${method} ${path}`] ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
      const asMember = await member.client.request(method, url, body);
      expect({ route: `${method} ${path}`, status: asMember.statusCode, code: asMember.json().code }).toEqual(
        {
          route: `${method} ${path}`,
          status: 403,
          code: 'admin.required',
        },
      );
      const asVisitor = await visitor.request(method, url, body);
      expect([`${method} ${path}`, asVisitor.statusCode]).toEqual([`${method} ${path}`, 401]);
    }
    // The member's attempts changed nothing: the administrator is still one, and the log has no new entry.
    const me = (await admin.client.request('GET', '/api/me')).json();
    expect(me.user.isAdmin).toBe(true);
    const after = (await admin.client.request('GET', '/api/admin/audit?limit=200')).json().entries.length;
    expect(after).toBe(auditBefore);
  });
});
