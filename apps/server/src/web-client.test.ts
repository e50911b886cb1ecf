import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test/harness.ts';

const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('OPS-2: the web client is served as it is on disk', () => {
  let t: TestApp;
  let root: string;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.http.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'mx-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>v1</title>');
    writeFileSync(path.join(root, 'assets', 'index-a1b2c3.js'), 'console.log(1)');
    t = await startTestApp({ env: { WEB_DIST: root } });
  });
  afterAll(() => t.close());

  it('OPS-2: index.html is revalidated, hashed assets are immutable, and the CSP applies', async () => {
    const page = await get('/', HTML);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('v1');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const asset = await get('/assets/index-a1b2c3.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('OPS-2: client-side routes get index.html; API paths and missing files get the JSON 404', async () => {
    const route = await get('/rooms/0193a/messages', HTML);
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('v1');
    expect(route.headers['cache-control']).toBe('no-cache');
    for (const url of ['/api/nothing-here', '/assets/missing-000000.js']) {
      const res = await get(url, url.startsWith('/api') ? HTML : {});
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('route.not_found');
    }
  });

  it('OPS-2: files written after the server started are served: a rebuilt client needs no restart', async () => {
    writeFileSync(path.join(root, 'assets', 'index-d4e5f6.js'), 'console.log(2)');
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>v2</title>');
    const asset = await get('/assets/index-d4e5f6.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(2)');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/', HTML)).body).toContain('v2');
    expect((await get('/settings', HTML)).body).toContain('v2');
  });

  it('OPS-2: a client built only after the server started is served too', async () => {
    const later = mkdtempSync(path.join(tmpdir(), 'mx-web-'));
    const empty = path.join(later, 'dist');
    const app = await startTestApp({ env: { WEB_DIST: empty } });
    try {
      expect((await app.http.inject({ method: 'GET', url: '/', headers: HTML })).statusCode).toBe(404);
      mkdirSync(empty);
      writeFileSync(path.join(empty, 'index.html'), '<!doctype html><title>late</title>');
      const page = await app.http.inject({ method: 'GET', url: '/chat', headers: HTML });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('late');
    } finally {
      await app.close();
    }
  });
});
