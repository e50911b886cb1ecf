/**
 * The "server never sees it" scan in browsers (design e2e.md 6.3, 6.5): everything the server holds (its data
 * folder, and its PostgreSQL database when the run uses one) and everything that crossed the wire (every HTTP
 * request and response body and every WebSocket frame of the recorded contexts, dedicated workers included)
 * is searched for marker strings, in the encodings they could take.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Every byte of every file under `dir` (the server's data folder, a browser profile), with its path. */
export function filesUnder(dir: string): { file: string; bytes: Buffer }[] {
  const out: { file: string; bytes: Buffer }[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        try {
          out.push({ file: full, bytes: fs.readFileSync(full) });
        } catch {
          // A lock file or socket that vanished or cannot be read holds no data.
        }
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * Every row of every table of the run's PostgreSQL database as JSON text (null without one: SQLite lives in
 * the data folder and is scanned as files).
 */
export function postgresDump(): string | null {
  const url = process.env.MX_E2E_DATABASE_URL;
  if (!url) return null;
  const script = `const pg = require('pg'); (async () => { const c = new pg.Client(process.argv[1]); await c.connect();
    const t = await c.query("select table_name from information_schema.tables where table_schema = 'public'");
    const out = [];
    for (const { table_name } of t.rows) out.push(JSON.stringify((await c.query('select * from "' + table_name + '"')).rows));
    await c.end(); process.stdout.write(out.join('\\n')); })();`;
  return execFileSync(process.execPath, ['-e', script, url], {
    cwd: repoRoot,
    maxBuffer: 512 * 1024 * 1024,
  }).toString('utf8');
}

/** Records the traffic of a browser context: request bodies, response bodies, WebSocket frames. */
export class TrafficRecorder {
  readonly parts: string[] = [];
  readonly #pending: Promise<void>[] = [];

  constructor(context: BrowserContext) {
    context.on('request', (req) => {
      this.parts.push(`${req.method()} ${req.url()}`);
      const body = req.postDataBuffer();
      if (body) this.parts.push(body.toString('latin1'));
    });
    context.on('response', (res) => {
      // Socket.IO's long-polling answers stay open; their data is in the frames (or, polled, in the requests).
      if (res.url().includes('/socket.io/')) return;
      this.#pending.push(
        res.body().then(
          (b) => void this.parts.push(b.toString('latin1')),
          () => undefined, // a redirect or an aborted response has no body to keep
        ),
      );
    });
    const watch = (page: import('@playwright/test').Page) =>
      page.on('websocket', (ws) => {
        ws.on('framesent', (f) => this.parts.push(String(f.payload)));
        ws.on('framereceived', (f) => this.parts.push(String(f.payload)));
      });
    context.pages().forEach(watch);
    context.on('page', watch);
  }

  /** Everything recorded so far, once the response bodies asked for have arrived. */
  async text(): Promise<string> {
    await Promise.all(this.#pending);
    return this.parts.join('\n');
  }
}

/** The ways a marker could be written down: as is, UTF-16LE, base64 and base64url at each alignment. */
export function encodingsOf(marker: string): Buffer[] {
  const raw = Buffer.from(marker, 'utf8');
  const forms = [raw, Buffer.from(marker, 'utf16le'), Buffer.from(encodeURIComponent(marker), 'utf8')];
  for (let shift = 0; shift < 3; shift++) {
    // A substring of base64 that stays inside the marker whatever bytes come before it.
    const b64 = Buffer.concat([Buffer.alloc(shift), raw]).toString('base64');
    const inner = b64.slice(Math.ceil((shift * 4) / 3) + 1, -4);
    if (inner.length >= 12) {
      forms.push(Buffer.from(inner, 'latin1'));
      forms.push(Buffer.from(inner.replace(/\+/g, '-').replace(/\//g, '_'), 'latin1'));
    }
  }
  return forms;
}

/** Where each marker was found: the names of the haystacks holding one of its forms. */
export function findMarkers(
  markers: string[],
  haystacks: { name: string; bytes: Buffer }[],
): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const marker of markers) {
    const forms = encodingsOf(marker);
    found[marker] = haystacks.filter((h) => forms.some((f) => h.bytes.includes(f))).map((h) => h.name);
  }
  return found;
}
