import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CSRF_COOKIE, SESSION_COOKIE } from '@messenger/shared';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildOptions, type BuiltApp } from '../app.ts';
import { loadConfig, type AppConfig } from '../config.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

const GENEROUS = '10000/min';

/** A config for tests: temporary data dir, silent logs, generous rate limits unless overridden. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'mx-data-')),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_LOGIN: GENEROUS,
    RATE_LIMIT_REGISTER: GENEROUS,
    WEB_DIST: path.join(tmpdir(), 'mx-no-web-client'),
    ...env,
  });
}

/** A running test app with its database; `close` tears both down. */
export interface TestApp extends BuiltApp {
  database: TestDatabase;
  /** A new browser-like client with its own cookie jar. */
  client(headers?: Record<string, string>): TestClient;
}

/** Builds an app on a fresh database of the given kind. */
export async function startTestApp(
  opts: {
    kind?: 'sqlite' | 'postgres';
    /** Share this database (several app instances, as several processes would); the caller disposes it. */
    database?: TestDatabase;
    env?: Record<string, string>;
    build?: BuildOptions;
    /** Extra routes for a test, added before the app is ready. */
    routes?: (http: BuiltApp['http']) => void;
  } = {},
): Promise<TestApp> {
  const shared = opts.database;
  const database = shared ?? (await createTestDatabase(opts.kind ?? 'sqlite'));
  const config = { ...testConfig(opts.env), databaseUrl: database.url };
  const built = await buildApp(config, { logger: false, ...opts.build });
  opts.routes?.(built.http);
  await built.http.ready();
  return {
    ...built,
    database,
    client: (headers) => new TestClient(built, headers),
    async close() {
      await built.close();
      if (!shared) await database.dispose();
    },
  };
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** A browser-like HTTP client over `inject`: keeps cookies and the CSRF token like the web client does. */
export class TestClient {
  readonly cookies = new Map<string, string>();
  csrfToken = '';
  private readonly app: BuiltApp;
  private readonly headers: Record<string, string>;

  constructor(app: BuiltApp, headers: Record<string, string> = {}) {
    this.app = app;
    this.headers = headers;
  }

  get sessionCookie(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private absorb(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const cleared = c.value === '' || (c.expires && c.expires.getTime() <= Date.now()) || c.maxAge === 0;
      if (cleared) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const body = res.headers['content-type']?.startsWith('application/json')
      ? (res.json() as { csrfToken?: unknown })
      : undefined;
    if (body && typeof body.csrfToken === 'string') this.csrfToken = body.csrfToken;
  }

  /** Sends a request with cookies and, for unsafe methods, the CSRF token. */
  async request(
    method: Method,
    url: string,
    body?: unknown,
    extra: { headers?: Record<string, string>; raw?: string | Buffer; csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...this.headers, ...extra.headers };
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    if (method !== 'GET' && extra.csrf !== false && this.csrfToken)
      headers['x-csrf-token'] ??= this.csrfToken;
    let payload: string | Buffer | undefined = extra.raw;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await this.app.http.inject({ method, url, headers, payload });
    this.absorb(res);
    return res;
  }

  /** Uploads a file like the browser's FormData does: `room_id`, then `file`. */
  async upload(roomId: string | null, name: string, data: Buffer): Promise<LightMyRequestResponse> {
    const { body, contentType } = multipart(roomId === null ? [] : [['room_id', roomId]], { name, data });
    return this.request('POST', '/api/upload', undefined, {
      raw: body,
      headers: { 'content-type': contentType },
    });
  }

  /** Fetches /api/config, which issues the CSRF token (and the pre-login cookie). */
  async bootstrap(): Promise<this> {
    await this.request('GET', '/api/config');
    return this;
  }

  async register(
    username: string,
    password = 'password123',
    nickname?: string,
  ): Promise<LightMyRequestResponse> {
    if (!this.csrfToken) await this.bootstrap();
    return this.request('POST', '/api/register', { username, password, ...(nickname ? { nickname } : {}) });
  }

  async login(username: string, password = 'password123'): Promise<LightMyRequestResponse> {
    if (!this.csrfToken) await this.bootstrap();
    return this.request('POST', '/api/login', { username, password });
  }
}

export { CSRF_COOKIE, SESSION_COOKIE };

/** A multipart/form-data body with text fields and at most one file (field `file`). */
export function multipart(
  fields: [string, string][],
  file?: { name: string; data: Buffer; field?: string },
): { body: Buffer; contentType: string } {
  const boundary = `----mx${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of fields)
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A registered, logged-in user of a test app. */
export interface Actor {
  client: TestClient;
  id: string;
  username: string;
}

/** Registers users (with unique names per call) and returns them logged in. */
export async function actors(t: TestApp, ...names: string[]): Promise<Actor[]> {
  const out: Actor[] = [];
  for (const name of names) {
    const base = /^[A-Za-z0-9_]+$/.test(name) ? name.slice(0, 12) : 'user';
    const username = `${base}_${Math.random().toString(36).slice(2, 8)}`;
    const client = t.client();
    const res = await client.register(username, 'password123', name);
    if (res.statusCode !== 200) throw new Error(`register ${username}: ${res.body}`);
    out.push({ client, id: res.json().user.id, username });
  }
  return out;
}
