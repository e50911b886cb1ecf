import { PresenceResponse } from '@messenger/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, startTestApp, type TestApp } from '../../test/harness.ts';

describe('users routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('PRES-1: GET /api/presence answers the shared PresenceResponse, for existing users only', async () => {
    const [a, b] = await actors(t, 'a', 'b');
    const res = await a!.client.request('GET', `/api/presence?userIds=${b!.id},nobody,${a!.id}`);
    expect(res.statusCode).toBe(200);
    const body = PresenceResponse.parse(res.json());
    expect(body.presence.map((p) => p.userId).sort()).toEqual([a!.id, b!.id].sort());
    expect(body.presence.find((p) => p.userId === b!.id)).toEqual({
      userId: b!.id,
      presence: 'offline',
      statusMessage: '',
    });
    expect((await t.client().request('GET', `/api/presence?userIds=${a!.id}`)).statusCode).toBe(401);
  });

  it('the OpenAPI document names the presence and password-change responses after the shared schemas', async () => {
    const doc = (await t.client().request('GET', '/api/openapi.json')).json();
    const ref = (path: string, method: string) =>
      doc.paths[path][method].responses['200'].content['application/json'].schema.$ref;
    expect(ref('/api/presence', 'get')).toBe('#/components/schemas/PresenceResponse');
    expect(ref('/api/me/password', 'put')).toBe('#/components/schemas/ChangePasswordResponse');
  });
});
