import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actors, multipart, type Actor, type TestApp, startTestApp } from '../../test/harness.ts';
import { failingStep } from '../../test/failing-step.ts';
import { expectProtocolKept, listen, next, openSocket } from '../../test/sockets.ts';

describe('profile', () => {
  let t: TestApp;
  let a: Actor;
  let b: Actor;
  let stranger: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    [a, b, stranger] = (await actors(t, 'anna', 'ben', 'sara')) as [Actor, Actor, Actor];
    await a.client.request('POST', '/api/rooms', { kind: 'direct', userId: b.id });
  });
  afterAll(() => t.close());
  afterAll(expectProtocolKept);

  const setImage = (who: Actor, name: string, data: Buffer) => {
    const { body, contentType } = multipart([], { name, data });
    return who.client.request('POST', '/api/profile/image', undefined, {
      raw: body,
      headers: { 'content-type': contentType },
    });
  };

  it('FILE-12: nickname and status message change, pushed live to people who share a room', async () => {
    const url = await listen(t);
    const seen = await openSocket(url, b.client);
    try {
      const pushed = next(seen, 'user:updated');
      const res = await a.client.request('PUT', '/api/profile', {
        nickname: '  김안나 ',
        statusMessage: '외근 중',
      });
      expect(res.json()).toMatchObject({ nickname: '김안나', statusMessage: '외근 중', avatarUrl: null });
      expect(await pushed).toMatchObject({
        user: { id: a.id, nickname: '김안나' },
        statusMessage: '외근 중',
      });
      expect((await a.client.request('GET', '/api/profile')).json().nickname).toBe('김안나');
      expect(
        (await a.client.request('PUT', '/api/profile', { statusMessage: 'x'.repeat(101) })).statusCode,
      ).toBe(400);
      expect((await a.client.request('PUT', '/api/profile', { nickname: '' })).statusCode).toBe(400);
    } finally {
      seen.disconnect();
    }
  });

  it('AUTH-15: a local account keeps its own e-mail in the profile, and only its owner sees it', async () => {
    const set = await a.client.request('PUT', '/api/profile', { email: '  anna@corp.example ' });
    expect(set.statusCode).toBe(200);
    expect(set.json().email).toBe('anna@corp.example');
    const bad = await a.client.request('PUT', '/api/profile', { email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.map((f: { path: string }) => f.path)).toEqual(['email']);
    expect((await a.client.request('GET', '/api/profile')).json().email).toBe('anna@corp.example');
    // Others never get it: the users list is summaries.
    expect(JSON.stringify((await b.client.request('GET', '/api/users')).json())).not.toContain('anna@corp');
    expect((await a.client.request('PUT', '/api/profile', { email: '' })).json().email).toBeNull();
  });

  it('FILE-12: a profile image is cropped square, shown by an immutable URL, replaced and removed', async () => {
    const wide = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#e33' } })
      .jpeg()
      .toBuffer();
    const set = await setImage(a, 'me.jpg', wide);
    expect(set.statusCode).toBe(200);
    const url = set.json().avatarUrl as string;
    expect(url).toMatch(new RegExp(`^/uploads/avatars/${a.id}/1$`));
    const full = await stranger.client.request('GET', url);
    expect(full.statusCode).toBe(200);
    expect(full.headers['cache-control']).toContain('immutable');
    expect(await sharp(full.rawPayload).metadata()).toMatchObject({
      width: 512,
      height: 512,
      format: 'webp',
    });
    const thumb = await stranger.client.request('GET', `${url}?size=thumb`);
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(96);
    // Everywhere a user appears: the directory carries the URL.
    const dir = (await b.client.request('GET', `/api/users?q=${a.username}`)).json().users;
    expect(dir[0].avatarUrl).toBe(url);

    const again = (await setImage(a, 'me2.png', await sharp(wide).png().toBuffer())).json();
    expect(again.avatarUrl).toMatch(/\/2$/);
    expect((await b.client.request('GET', url)).statusCode).toBe(404);

    const removed = (await a.client.request('DELETE', '/api/profile/image')).json();
    expect(removed.avatarUrl).toBeNull();
    expect((await b.client.request('GET', again.avatarUrl)).statusCode).toBe(404);
  });

  it('FILE-12: a new image whose database step fails leaves the old URL with the old bytes; a retired URL never returns', async () => {
    const colour = (background: string) =>
      sharp({ create: { width: 64, height: 64, channels: 3, background } })
        .png()
        .toBuffer();
    const first = (await setImage(b, 'a.png', await colour('#2d2'))).json().avatarUrl as string;
    const bytes = async (url: string) => (await stranger.client.request('GET', url)).rawPayload;
    const green = await bytes(first);

    const restore = await failingStep(t.db.kysely, 'sqlite', 'users', 'update of avatar_version');
    try {
      expect((await setImage(b, 'b.png', await colour('#d2d'))).statusCode).toBe(500);
    } finally {
      await restore();
    }
    expect((await b.client.request('GET', '/api/profile')).json().avatarUrl).toBe(first);
    expect(Buffer.compare(await bytes(first), green)).toBe(0);

    const second = (await setImage(b, 'b.png', await colour('#d2d'))).json().avatarUrl as string;
    expect(second).not.toBe(first);
    expect(Buffer.compare(await bytes(second), green)).not.toBe(0);
    expect((await stranger.client.request('GET', first)).statusCode).toBe(404);
    const stored = readdirSync(path.join(t.config.dataDir, 'files', 'avatars')).filter((n) =>
      n.startsWith(b.id),
    );
    expect(stored).toHaveLength(2);

    await b.client.request('DELETE', '/api/profile/image');
    const third = (await setImage(b, 'c.png', await colour('#2d2'))).json().avatarUrl as string;
    expect([first, second]).not.toContain(third);
  });

  it('FILE-12: only images are accepted as profile images', async () => {
    const res = await setImage(a, 'me.png', Buffer.from('MZ this is a program'));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('upload.image_required');
    expect((await t.client().request('GET', `/uploads/avatars/${a.id}/1`)).statusCode).toBe(401);
  });
});
