/**
 * E2E in the browser (issue 17): the real server and the built web app in Debian's chromium.
 *
 * 1. The crypto core's costs in chromium (the same functions as bench:e2e, bundled into a page of the app's
 *    origin): sealing and opening one message, joining and removing a device in MLS groups of SIZES devices.
 * 2. Opening an encrypted room that holds MESSAGES messages: A's browser device made the room's group with
 *    SENDERS other people's devices (Node sessions of the same crypto core over HTTP), who then sent MESSAGES
 *    messages between them. A reloads the app and opens the room; measured: from the click until the rows fill
 *    the screen shown decrypted, how many rows were made then, and the longest task on the page's main thread
 *    meanwhile (PerformanceObserver "longtask"; decryption runs in the Worker, so the page should stay free),
 *    beside the same room standard. Chromium's trace of the same open gives each task's CPU time, which tells
 *    a slow page from a busy machine. Target: no task over 50 ms in either room.
 *
 * Usage: npm run build && npm run bench:e2e-browser  (env: MESSAGES=2000 SENDERS=4 SIZES=10,50,100 ROUNDS=3)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { E2eSession, httpTransport } from '@messenger/e2e-crypto';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import type { SizeResult } from './e2e-costs.ts';
import { traceMainThread } from './main-thread-trace.ts';
import {
  Browser,
  machine,
  repoRoot,
  round1,
  startServer,
  writeResult,
  type LatencySummary,
} from './harness.ts';

const MESSAGES = Number(process.env.MESSAGES ?? 2000);
/** The server takes at most 600 encrypted messages a minute from one user (E2E-29), so several send. */
const SENDERS = Number(process.env.SENDERS ?? 4);
const SIZES = (process.env.SIZES ?? '10,50,100').split(',').map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const TARGET_MESSAGE_MS = 1;
const TARGET_MEMBERSHIP_MS = 1000;
const TARGET_LONG_TASK_MS = 50;

const webDist = path.join(repoRoot, 'apps/web/dist');

/** Bundles the page side of the cost functions (an ES module and the chunks it imports) into a folder. */
async function bundleCosts(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'mx-e2e-costs-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir,
      lib: {
        entry: path.join(repoRoot, 'bench/browser/e2e-costs-entry.ts'),
        formats: ['es'],
        fileName: () => 'e2e-costs.js',
      },
      minify: true,
    },
  });
  return outDir;
}

/** A person with an HTTP session (cookie jar and CSRF token). */
async function person(url: string, name: string): Promise<{ http: Browser; id: string; username: string }> {
  const http = new Browser(url);
  await http.request('GET', '/api/config');
  const username = `${name}${Math.floor(Math.random() * 1e6)}`;
  const res = await http.request('POST', '/api/register', { username, password: 'bench-password-1' });
  if (!res.ok) throw new Error(`register ${name}: ${res.status} ${await res.text()}`);
  const me = (await (await http.request('GET', '/api/me')).json()) as { user: { id: string } };
  return { http, id: me.user.id, username };
}

/** The crypto core's session for a person, over the same HTTP routes the browser's Worker uses. */
function sessionOf(p: { http: Browser; id: string }): Promise<E2eSession> {
  const transport = httpTransport(async (method, url, body) => {
    const res = await p.http.request(method, url, body);
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  });
  return E2eSession.register({ uid: p.id, transport });
}

async function main(): Promise<void> {
  if (!existsSync(path.join(webDist, 'index.html'))) throw new Error('run `npm run build` first');
  const costs = await bundleCosts();
  const server = await startServer({
    WEB_DIST: webDist,
    RATE_LIMIT_REGISTER: '1000/min',
    RATE_LIMIT_LOGIN: '1000/min',
    RATE_LIMIT_MESSAGE: '100000/min',
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    // 1. Costs in chromium, on the app's origin (a secure context: localhost).
    const costPage = await (await browser.newContext({ baseURL: server.url })).newPage();
    await costPage.route('**/__bench/*', (route) =>
      route.fulfill({
        body: readFileSync(path.join(costs, path.basename(new URL(route.request().url()).pathname))),
        contentType: 'text/javascript',
      }),
    );
    await costPage.goto('/healthz');
    await costPage.addScriptTag({ url: '/__bench/e2e-costs.js', type: 'module' });
    await costPage.waitForFunction(() => 'e2eCosts' in globalThis);
    type Costs = {
      measureMessages(n: number): Promise<{ sealMs: LatencySummary; openMs: LatencySummary }>;
      measureSize(n: number, rounds: number): Promise<SizeResult>;
    };
    const messages = await costPage.evaluate(
      (n) => (globalThis as unknown as { e2eCosts: Costs }).e2eCosts.measureMessages(n),
      MESSAGES,
    );
    const sizes: SizeResult[] = [];
    for (const n of SIZES) {
      process.stdout.write(`chromium: group of ${n} devices…\n`);
      sizes.push(
        await costPage.evaluate(
          ([size, rounds]) =>
            (globalThis as unknown as { e2eCosts: Costs }).e2eCosts.measureSize(size!, rounds!),
          [n, ROUNDS],
        ),
      );
    }

    // 2. Opening an encrypted room of MESSAGES messages.
    const anna = await person(server.url, 'anna');
    const senders = await Promise.all(
      Array.from({ length: SENDERS }, (_, i) => person(server.url, `s${i}_`)),
    );
    const sessions = await Promise.all(senders.map(sessionOf));
    const roomName = `encrypted ${MESSAGES}`;
    const created = await anna.http.request('POST', '/api/rooms', {
      kind: 'group',
      name: roomName,
      memberIds: senders.map((s) => s.id),
      encrypted: true,
    });
    const roomId = ((await created.json()) as { room: { id: string } }).room.id;
    const context = await browser.newContext({ baseURL: server.url, locale: 'en-US' });
    await context.addCookies(
      anna.http
        .cookieHeader()
        .split('; ')
        .map((c) => {
          const i = c.indexOf('=');
          return { name: c.slice(0, i), value: c.slice(i + 1), url: server.url };
        }),
    );
    await context.addInitScript(() => {
      const w = window as unknown as { longTasks: { start: number; ms: number }[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    await page.goto('/');
    const openRoom = async () => {
      await page.getByTestId('room-item').filter({ hasText: roomName }).click();
      await page.getByTestId('chat-title').filter({ hasText: roomName }).waitFor();
    };
    // Anna's browser device makes the room's group and adds every sender's device.
    await openRoom();
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid="composer"]') as HTMLTextAreaElement | null)?.disabled,
      undefined,
      { timeout: 60_000 },
    );
    for (const s of sessions) if ((await s.syncRoom(roomId)) !== 'ready') throw new Error('sender not added');
    process.stdout.write(`sending ${MESSAGES} encrypted messages from ${SENDERS} people…\n`);
    const perSender = Math.ceil(MESSAGES / SENDERS);
    await Promise.all(
      sessions.map(async (s, i) => {
        for (let k = 0; k < perSender && i * perSender + k < MESSAGES; k++) {
          const body = `메시지 ${i * perSender + k} from sender ${i}: 회의 자료 확인 부탁드립니다.`;
          await s.send(roomId, { type: 'text', body }, crypto.randomUUID());
        }
      }),
    );

    // The same room, standard: its messages in clear, for the baseline of the same screen on this machine.
    const plainName = `standard ${MESSAGES}`;
    const plain = await anna.http.request('POST', '/api/rooms', {
      kind: 'group',
      name: plainName,
      memberIds: senders.map((s) => s.id),
    });
    const plainId = ((await plain.json()) as { room: { id: string } }).room.id;
    await Promise.all(
      senders.map(async (s, i) => {
        for (let k = 0; k < perSender && i * perSender + k < MESSAGES; k++) {
          const body = `메시지 ${i * perSender + k} from sender ${i}: 회의 자료 확인 부탁드립니다.`;
          const res = await s.http.request('POST', `/api/rooms/${plainId}/messages`, { body });
          if (!res.ok) throw new Error(`standard send: ${res.status}`);
        }
      }),
    );

    /** Reloads the app, opens the room, and times its first screen shown (decrypted, for the E2E room). */
    const cdp = await context.newCDPSession(page);
    const timeOpen = async (name: string) => {
      await page.goto('/');
      await page.getByTestId('room-item').filter({ hasText: name }).waitFor();
      let openMs = 0;
      let clickAt = 0;
      const trace = await traceMainThread(cdp, async () => {
        clickAt = await page.evaluate(() => performance.now());
        const started = Date.now();
        await page.getByTestId('room-item').filter({ hasText: name }).click();
        // The room opens where Anna stopped reading (the first unread, as any room does): timed until the rows
        // fill the list's screen and every row made (those on screen and the few beyond) is shown decrypted.
        await page
          .waitForFunction(
            () => {
              const list = document.querySelector('[data-testid="message-list"]');
              const rows = [...document.querySelectorAll('[data-testid="message"]')];
              const last = rows.at(-1);
              return (
                list !== null &&
                last !== undefined &&
                last.getBoundingClientRect().bottom >= list.getBoundingClientRect().bottom &&
                rows.every((r) => !r.textContent?.includes('Decrypting'))
              );
            },
            undefined,
            { timeout: Number(process.env.OPEN_TIMEOUT ?? 120_000), polling: 'raf' },
          )
          .catch(async (err: unknown) => {
            const rows = await page
              .locator('[data-testid="message"]')
              .evaluateAll((els) =>
                els.slice(-3).map((e) => `${e.getAttribute('data-seq')}: ${e.textContent?.slice(0, 160)}`),
              );
            throw new Error(`${name}: the first screen was not shown; last rows: ${rows.join(' | ')}`, {
              cause: err,
            });
          });
        openMs = Date.now() - started;
      });
      const shown = await page.locator('[data-testid="message"]').count();
      const undecryptable = await page.getByTestId('message-undecryptable').count();
      // Tasks that ended before the click belong to the app starting after the reload, not to the open.
      const all = await page.evaluate(
        () => (window as unknown as { longTasks: { start: number; ms: number }[] }).longTasks,
      );
      const longTasks = all.filter((t) => t.start + t.ms > clickAt).map((t) => round1(t.ms));
      const startup = all.filter((t) => t.start + t.ms <= clickAt).map((t) => round1(t.ms));
      const longest = round1(Math.max(0, ...longTasks));
      return {
        openMs,
        shown,
        undecryptable,
        longTasks,
        longest,
        longTaskMet: longest <= TARGET_LONG_TASK_MS,
        /** Long tasks after the reload that were over before the click (the app starting: not the open). */
        startupLongTasks: startup,
        mainThread: trace,
        /** The machine's 1-minute load average after the open (2 cores busy = 2): other work stretches tasks. */
        loadAverage: round1(loadavg()[0]!),
      };
    };
    const encryptedOpen = await timeOpen(roomName);
    const standardOpen = await timeOpen(plainName);

    const largest = sizes.at(-1)!;
    const membershipMet =
      largest.join.latencyMs.p95 < TARGET_MEMBERSHIP_MS &&
      largest.removal.latencyMs.p95 < TARGET_MEMBERSHIP_MS;
    const messageMet = messages.sealMs.mean < TARGET_MESSAGE_MS && messages.openMs.mean < TARGET_MESSAGE_MS;
    const longTaskMet = encryptedOpen.longTaskMet && standardOpen.longTaskMet;
    const verdict = (ok: boolean) => (ok ? '**met**' : '**NOT met**');
    const version = browser.version();
    const m = machine();
    const report = [
      '# E2E in the browser',
      '',
      `${m.cpus} × ${m.cpuModel ?? 'CPU'}, chromium ${version}, server ${m.database}.`,
      '',
      `Per message in chromium (${MESSAGES}): seal mean ${messages.sealMs.mean} ms (p95 ${messages.sealMs.p95}), open mean ${messages.openMs.mean} ms (p95 ${messages.openMs.p95}). Target under ${TARGET_MESSAGE_MS} ms: ${verdict(messageMet)}.`,
      '',
      '| devices | join latency p50 / p95 (ms) | removal latency p50 / p95 (ms) |',
      '| --- | --- | --- |',
      ...sizes.map(
        (s) =>
          `| ${s.devices} | ${s.join.latencyMs.p50} / ${s.join.latencyMs.p95} | ${s.removal.latencyMs.p50} / ${s.removal.latencyMs.p95} |`,
      ),
      '',
      `Join and removal in a group of ${largest.devices} under ${TARGET_MEMBERSHIP_MS} ms (p95) in chromium: ${verdict(membershipMet)}.`,
      '',
      `Opening a room of ${MESSAGES} messages after a reload, at its first unread message: from the click until the rows fill the screen, shown (decrypted). Target: no main-thread task over ${TARGET_LONG_TASK_MS} ms (PerformanceObserver "longtask"), encrypted and standard: ${verdict(longTaskMet)}.`,
      '',
      '| room | first screen (ms) | rows | longest task (ms) | tasks over 50 ms | longest task in the Chromium trace: wall / CPU (ms) | most CPU in one task (ms) | load average | before the click: longest task (ms) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      ...(
        [
          ['encrypted', encryptedOpen],
          ['standard', standardOpen],
        ] as const
      ).map(
        ([kind, o]) =>
          `| ${kind} | ${o.openMs} | ${o.shown}${o.undecryptable ? ` (${o.undecryptable} undecryptable)` : ''} | ${o.longest || '< 50'} ${verdict(o.longTaskMet)} | ${o.longTasks.length} | ${o.mainThread.longest.ms} / ${o.mainThread.longest.cpuMs} | ${o.mainThread.maxCpuMs} | ${o.loadAverage} | ${Math.max(0, ...o.startupLongTasks) || '< 50'} |`,
      ),
      '',
      `CPU time from Chromium's trace of the page's main thread: a task that lasts longer than its CPU time waited for a core (a load average above ${m.cpus} means other work on the machine). Before the click: the long tasks of the app starting after the reload that were over by then (not counted as the open's).`,
      '',
    ].join('\n');
    writeResult(
      'e2e-browser',
      {
        machine: m,
        chromium: version,
        messages,
        sizes,
        openRoom: { messages: MESSAGES, encrypted: encryptedOpen, standard: standardOpen },
        messageMet,
        membershipMet,
        longTaskTargetMs: TARGET_LONG_TASK_MS,
        longTaskMet,
      },
      report,
    );
  } finally {
    await browser.close();
    await server.stop();
    rmSync(costs, { recursive: true, force: true });
  }
}

await main();
