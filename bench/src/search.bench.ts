/**
 * Search benchmark: MESSAGES seeded mixed Korean/English messages over ROOMS rooms and USERS users, indexed
 * with the shared tokenizer, then `GET /api/search` and `POST /api/search/advanced` against the real server,
 * one query at a time as random members: 2-syllable Korean words, longer phrases, English words and filtered
 * queries (QUERIES each, after a warm-up). Recall and precision are checked on a labelled sample: messages
 * picked at random, each with a term cut from its own text, which a search must find.
 * Usage: npm run bench:search  (env: MESSAGES=1000000 USERS=2000 ROOMS=500 QUERIES=300 SAMPLE=300
 *   DATABASE_URL=postgres://... to run on PostgreSQL too, PG_MESSAGES=1000000 for its corpus size)
 */
import { foldText, textRuns } from '@messenger/shared';
import { rng } from './corpus.ts';
import {
  freshDataDir,
  machine,
  round1,
  Samples,
  startServer,
  summarize,
  writeResult,
  type LatencySummary,
} from './harness.ts';
import { CpuMeter, mb } from './measure.ts';
import { COMPOUNDS, EN_WORDS, generateMessages, generateRooms } from './search-corpus.ts';
import { freshPostgres, seedPostgres, seedSqlite, type SeedReport } from './search-seed.ts';
import { sqliteUrl } from './seed.ts';

const MESSAGES = Number(process.env.MESSAGES ?? 1_000_000);
const PG_MESSAGES = Number(process.env.PG_MESSAGES ?? MESSAGES);
const USERS = Number(process.env.USERS ?? 2000);
const ROOMS = Number(process.env.ROOMS ?? 500);
const QUERIES = Number(process.env.QUERIES ?? 300);
const SAMPLE = Number(process.env.SAMPLE ?? 300);
const PG_URL = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
const TARGET = { p95: 100, p99: 300 };

const KO2 = [
  '회의',
  '배포',
  '확인',
  '서버',
  '문서',
  '로그',
  '점심',
  '수정',
  '요청',
  '예약',
  '일정',
  '보고',
  '예산',
  '교육',
];
const PHRASES = [
  '"배포 일정"',
  '"서버 재시작"',
  '"최신 버전"',
  '"회의 자료"',
  '고객사에서 요청한',
  '주간회의록',
  '분기보고서 확인',
  '"root cause"',
];
const ENGLISH = ['review', 'staging', 'deploy', 'rollback', 'lunch', ...EN_WORDS.slice(0, 8)];
// Starred words (SRCH-4), from specific ("kube*") to two letters that start thousands of words ("re*").
const STARRED = ['kube*', 'deploy*', 'migr*', 'inv*', 'dash*', 're*', 'co*', 'on*'];

interface Category {
  name: string;
  latencyMs: LatencySummary;
  meanHits: number;
  errors: number;
}

interface Ctx {
  url: string;
  cookies: string[];
  rooms: number[][];
  roomIds: string[];
  userIds: string[];
}

const csrfTokens = new Map<number, string>();

/** The CSRF token of a user's session (from `GET /api/config`, as the web client gets it). */
async function csrfOf(ctx: Ctx, user: number): Promise<string> {
  let token = csrfTokens.get(user);
  if (!token) {
    const res = await fetch(`${ctx.url}/api/config`, { headers: { cookie: ctx.cookies[user]! } });
    token = ((await res.json()) as { csrfToken: string }).csrfToken;
    csrfTokens.set(user, token);
  }
  return token;
}

async function call(
  ctx: Ctx,
  user: number,
  body: Record<string, unknown>,
): Promise<{ ms: number; hits: Hit[]; ok: boolean }> {
  const csrf = await csrfOf(ctx, user);
  const t = performance.now();
  const res = await fetch(`${ctx.url}/api/search/advanced`, {
    method: 'POST',
    headers: {
      cookie: ctx.cookies[user]!,
      'content-type': 'application/json',
      origin: ctx.url,
      'x-csrf-token': csrf,
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { hits?: Hit[] };
  return { ms: performance.now() - t, hits: json.hits ?? [], ok: res.status === 200 };
}

async function get(ctx: Ctx, user: number, q: string): Promise<{ ms: number; hits: Hit[]; ok: boolean }> {
  const t = performance.now();
  const res = await fetch(`${ctx.url}/api/search?q=${encodeURIComponent(q)}&limit=20`, {
    headers: { cookie: ctx.cookies[user]! },
  });
  const json = (await res.json()) as { hits?: Hit[] };
  return { ms: performance.now() - t, hits: json.hits ?? [], ok: res.status === 200 };
}

interface Hit {
  message: { id: string; body: string; files: { name: string }[] };
}

/** Users who are in at least one room (the searchers). */
function members(rooms: number[][]): number[] {
  return [...new Set(rooms.flat())];
}

async function runCategory(
  ctx: Ctx,
  name: string,
  make: (r: () => number, user: number) => Promise<{ ms: number; hits: Hit[]; ok: boolean }>,
  seed: number,
): Promise<Category> {
  const r = rng(seed);
  const searchers = members(ctx.rooms);
  const samples = new Samples();
  let hits = 0;
  let errors = 0;
  for (let i = 0; i < QUERIES; i++) {
    const user = searchers[Math.floor(r() * searchers.length)]!;
    const res = await make(r, user);
    samples.push(res.ms);
    hits += res.hits.length;
    if (!res.ok) errors++;
  }
  return { name, latencyMs: summarize(samples.values()), meanHits: round1(hits / QUERIES), errors };
}

const pick = <T>(r: () => number, list: T[]): T => list[Math.floor(r() * list.length)]!;
const roomsOf = (ctx: Ctx, user: number) => ctx.rooms.flatMap((m, i) => (m.includes(user) ? [i] : []));

async function queries(ctx: Ctx): Promise<Category[]> {
  const dayAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
  return [
    await runCategory(ctx, 'Korean 2-syllable word', (r, u) => get(ctx, u, pick(r, KO2)), 1),
    await runCategory(ctx, 'Korean phrase / compound', (r, u) => get(ctx, u, pick(r, PHRASES)), 2),
    await runCategory(ctx, 'English word', (r, u) => get(ctx, u, pick(r, ENGLISH)), 3),
    await runCategory(ctx, 'English prefix (word*)', (r, u) => get(ctx, u, pick(r, STARRED)), 8),
    await runCategory(
      ctx,
      'filtered: room + word',
      (r, u) => call(ctx, u, { text: pick(r, KO2), roomId: ctx.roomIds[pick(r, roomsOf(ctx, u))] }),
      4,
    ),
    await runCategory(
      ctx,
      'filtered: sender + last 30 days',
      (r, u) => {
        const room = pick(r, roomsOf(ctx, u));
        return call(ctx, u, {
          text: pick(r, KO2),
          senderId: ctx.userIds[pick(r, ctx.rooms[room]!)],
          from: dayAgo(30),
        });
      },
      5,
    ),
    await runCategory(
      ctx,
      'filtered: has file + compound',
      (r, u) => call(ctx, u, { text: pick(r, COMPOUNDS).slice(-3), hasFile: true }),
      6,
    ),
    await runCategory(
      ctx,
      'filtered: mentions me (no text)',
      (_r, u) => call(ctx, u, { mentionsMe: true }),
      7,
    ),
  ];
}

/** A term cut from a text: two adjacent syllables of a Korean run, or an English word; null if none. */
function termOf(text: string, r: () => number): { q: string; kind: 'cjk' | 'word' } | null {
  const runs = textRuns(foldText(text).text).filter((x) =>
    x.kind === 'cjk' ? [...x.text].length >= 2 : /^[a-z]{3,}$/.test(x.text),
  );
  if (runs.length === 0) return null;
  const run = pick(r, runs);
  if (run.kind === 'word') return { q: run.text, kind: 'word' };
  const chars = [...run.text];
  const at = Math.floor(r() * (chars.length - 1));
  return { q: chars[at]! + chars[at + 1]!, kind: 'cjk' };
}

/** Whether a text contains a term as a person would judge it (substring for Korean, whole word for English). */
function contains(text: string, term: { q: string; kind: 'cjk' | 'word' }): boolean {
  const folded = foldText(text).text;
  if (term.kind === 'cjk') return folded.includes(term.q);
  return new RegExp(`(^|[^\\p{L}\\p{N}])${term.q}($|[^\\p{L}\\p{N}])`, 'u').test(folded);
}

/** Recall on the labelled sample, and precision of every hit returned for those queries. */
async function recall(
  ctx: Ctx,
  sample: {
    id: string;
    roomIndex: number;
    body: string;
    fileName: string | null;
    createdAt: number;
    sender: number;
  }[],
) {
  const r = rng(99);
  let labelled = 0;
  let found = 0;
  let hitsChecked = 0;
  let wrong = 0;
  for (const m of sample) {
    const term = termOf(m.body, r);
    if (!term) continue;
    labelled++;
    const at = Math.floor(m.createdAt);
    const narrow = await call(ctx, m.sender, {
      text: term.q,
      roomId: ctx.roomIds[m.roomIndex],
      from: new Date(at).toISOString(),
      to: new Date(at + 1).toISOString(),
    });
    if (narrow.hits.some((h) => h.message.id === m.id)) found++;
    const wide = await call(ctx, m.sender, { text: term.q, roomId: ctx.roomIds[m.roomIndex], limit: 100 });
    for (const h of wide.hits) {
      hitsChecked++;
      if (!contains(h.message.body, term) && !h.message.files.some((f) => contains(f.name, term))) wrong++;
    }
  }
  return {
    labelled,
    found,
    recall: round1((found / (labelled || 1)) * 1000) / 10,
    hitsChecked,
    precision: round1(((hitsChecked - wrong) / (hitsChecked || 1)) * 1000) / 10,
  };
}

/** The labelled sample: every (MESSAGES / SAMPLE)th generated message, remembered while seeding. */
function generator(count: number, rooms: number[][], sample: ReturnType<typeof sampleBox>) {
  const every = Math.max(1, Math.floor(count / SAMPLE));
  let i = 0;
  return (function* () {
    for (const m of generateMessages(count, rooms, (u) => `s_${u}`)) {
      if (i++ % every === every - 1 && sample.list.length < SAMPLE)
        sample.list.push({ ...m, fileName: m.file?.name ?? null, id: '' });
      yield m;
    }
  })();
}
function sampleBox() {
  return {
    list: [] as {
      id: string;
      roomIndex: number;
      body: string;
      fileName: string | null;
      createdAt: number;
      sender: number;
    }[],
  };
}

async function runOn(kind: 'SQLite' | 'PostgreSQL', count: number) {
  csrfTokens.clear();
  const rooms = generateRooms(USERS, ROOMS);
  const sample = sampleBox();
  const dataDir = freshDataDir();
  let seed: SeedReport;
  let env: Record<string, string>;
  let drop = async () => {};
  if (kind === 'SQLite') {
    seed = seedSqlite(dataDir, USERS, rooms, generator(count, rooms, sample));
    env = { DATABASE_URL: sqliteUrl(dataDir) };
  } else {
    const pgdb = await freshPostgres(PG_URL!);
    drop = pgdb.drop;
    seed = await seedPostgres(pgdb.url, USERS, rooms, generator(count, rooms, sample));
    env = { DATABASE_URL: pgdb.url };
  }
  process.stderr.write(
    `${kind}: seeded in ${round1(seed.seedSeconds)} s, indexed in ${round1(seed.indexSeconds)} s\n`,
  );
  const server = await startServer(
    { ...env, RATE_LIMIT_SEARCH: '1000000/min' },
    { dataDir, removeDataDir: true },
  );
  try {
    const ctx: Ctx = {
      url: server.url,
      cookies: seed.users.map((u) => u.cookie),
      rooms,
      roomIds: seed.roomIds,
      userIds: seed.users.map((u) => u.id),
    };
    // The sample's ids are found by time and room (generated messages carry no id until written).
    for (const s of sample.list)
      s.id =
        (
          await call(ctx, s.sender, {
            roomId: ctx.roomIds[s.roomIndex],
            from: new Date(Math.floor(s.createdAt)).toISOString(),
            to: new Date(Math.floor(s.createdAt) + 1).toISOString(),
            limit: 1,
          })
        ).hits[0]?.message.id ?? '';
    // Warm-up: JIT, caches, session touch.
    for (let i = 0; i < 50; i++) await get(ctx, members(rooms)[i % 50]!, KO2[i % KO2.length]!);
    const cpu = new CpuMeter(server.pid);
    cpu.start();
    const categories = await queries(ctx);
    const usage = cpu.stop();
    const quality = await recall(
      ctx,
      sample.list.filter((s) => s.id),
    );
    return {
      kind,
      messages: seed.messages,
      seedSeconds: round1(seed.seedSeconds),
      indexSeconds: round1(seed.indexSeconds),
      indexPerSecond: Math.round(seed.messages / seed.indexSeconds),
      indexMb: mb(seed.indexBytes),
      messagesTableMb: mb(seed.tableBytes),
      categories,
      usage,
      quality,
    };
  } finally {
    await server.stop();
    await drop();
  }
}

async function main(): Promise<void> {
  const runs = [await runOn('SQLite', MESSAGES)];
  if (PG_URL) runs.push(await runOn('PostgreSQL', PG_MESSAGES));
  const m = machine();
  const met = (c: Category) => c.latencyMs.p95 < TARGET.p95 && c.latencyMs.p99 < TARGET.p99;
  const pass = runs.every((r) => r.categories.every(met));
  const result = {
    benchmark: 'search',
    date: new Date().toISOString(),
    machine: m,
    settings: { users: USERS, rooms: ROOMS, queriesPerCategory: QUERIES, sample: SAMPLE },
    runs,
    target: TARGET,
    pass,
  };
  const sections = runs
    .map(
      (r) => `## ${r.kind}: ${r.messages.toLocaleString('en')} messages

Indexing (tokenize + write, one pass, as the upgrade's backfill): ${r.indexSeconds} s, **${r.indexPerSecond.toLocaleString('en')} messages/s**.
Index size ${r.indexMb} MB (messages table ${r.messagesTableMb} MB). Corpus seeded in ${r.seedSeconds} s.

| queries | n | errors | mean hits | p50 ms | p95 ms | p99 ms | max ms | target |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${r.categories.map((c) => `| ${c.name} | ${c.latencyMs.count} | ${c.errors} | ${c.meanHits} | ${c.latencyMs.p50} | ${c.latencyMs.p95} | ${c.latencyMs.p99} | ${c.latencyMs.max} | ${met(c) ? 'met' : '**NOT met**'} |`).join('\n')}

CPU during the queries: server ${r.usage.serverCpuPercent}%, bench ${r.usage.benchCpuPercent}%, **others ${r.usage.otherCpuPercent}%** (other people's work on this shared machine; figures may be disturbed by it).
Labelled sample: ${r.quality.labelled} messages, each searched for a term cut from its own text: **recall ${r.quality.recall}%** (${r.quality.found} found);
precision of the ${r.quality.hitsChecked} hits returned for those terms (each must contain the term): **${r.quality.precision}%**.
`,
    )
    .join('\n');
  const report = `# Search benchmark

${result.date}, ${m.cpus} × ${m.cpuModel}, Node ${m.node}. ${USERS} users, ${ROOMS} rooms of 3-60 members; messages generated from a
seed (mixed Korean/English, compounds, project codes, 2% mentions, 3% files) over one year. Queries are one at a
time over HTTP (keep-alive off) as random members, ${QUERIES} per category after a warm-up, 20 results per page, newest first.
Targets: p95 under ${TARGET.p95} ms and p99 under ${TARGET.p99} ms per category: **${pass ? 'met' : 'NOT met'}**.

${sections}`;
  writeResult('search', result, report);
}

await main();
