import path from 'node:path';
import { build, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
/** Vite warns above this (minified bytes per chunk). */
const WARN_LIMIT = 500 * 1024;

type Chunk = Rolldown.OutputChunk;

/** The production build in memory (no dist/ written), chunks by file name. */
async function buildChunks(): Promise<Map<string, Chunk>> {
  // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  let out: Awaited<ReturnType<typeof build>>;
  try {
    out = await build({
      root,
      configFile: path.join(root, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'silent',
      build: { write: false },
    });
  } finally {
    process.env.NODE_ENV = env;
  }
  const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
  const chunks = new Map<string, Chunk>();
  for (const o of outputs) for (const c of o.output) if (c.type === 'chunk') chunks.set(c.fileName, c);
  return chunks;
}

/** The entry and every chunk it imports statically: what the browser loads before the first paint. */
function initialChunks(chunks: Map<string, Chunk>): Chunk[] {
  const entry = [...chunks.values()].find((c) => c.isEntry);
  if (!entry) throw new Error('no entry chunk');
  const seen = new Map<string, Chunk>();
  const visit = (c: Chunk) => {
    if (seen.has(c.fileName)) return;
    seen.set(c.fileName, c);
    for (const f of c.imports) visit(chunks.get(f)!);
  };
  visit(entry);
  return [...seen.values()];
}

describe('production bundle', () => {
  it('keeps every chunk under the size warning and loads the signed-in app, settings and emoji lazily', async () => {
    const chunks = await buildChunks();
    for (const c of chunks.values()) expect(c.code.length, c.fileName).toBeLessThan(WARN_LIMIT);
    const initial = initialChunks(chunks);
    const initialModules = initial.flatMap((c) => c.moduleIds);
    for (const lazy of [
      'shell/Shell.tsx',
      'settings/SettingsDialog.tsx',
      'model/emoji.ts',
      'chat/ChatMain.tsx',
    ])
      expect(
        initialModules.some((id) => id.endsWith(lazy)),
        `${lazy} in the initial load`,
      ).toBe(false);
    const entry = initial.find((c) => c.isEntry)!;
    expect(entry.code.length).toBeLessThan(400 * 1024);
  }, 60_000);
});
