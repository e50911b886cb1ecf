/**
 * Top functions of a V8 CPU profile (from a benchmark run with PROFILE=1, which starts the server with
 * `--cpu-prof` into bench/results/profiles): self time per function, and inclusive time of the hottest.
 * Usage: node bench/src/profile-top.ts [file.cpuprofile] [count]  (default: the newest profile, 25 rows)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './harness.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** The newest .cpuprofile in bench/results/profiles. */
function newestProfile(): string {
  const dir = path.join(repoRoot, 'bench/results/profiles');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}; run a benchmark with PROFILE=1`);
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
}

/** "name (file:line)", with paths shortened to the package or the repository. */
function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, '')
    .replace(`${repoRoot}/`, '');
  return `${functionName || '(anonymous)'}${file ? ` (${file}:${lineNumber + 1})` : ''}`;
}

/** Prints self and inclusive time of the top functions of a profile. */
export function profileTop(file: string, count: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerSample = totalMs / profile.samples.length;

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const id of profile.samples) {
    const node = byId.get(id)!;
    self.set(label(node), (self.get(label(node)) ?? 0) + msPerSample);
    // Each function counts once per sample even when it recurses.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + msPerSample);
    }
  }
  const busy = totalMs - (self.get('(idle)') ?? 0);
  const table = (m: Map<string, number>) =>
    [...m]
      .filter(([l]) => l !== '(idle)' && l !== '(root)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(
        ([l, ms]) =>
          `| ${Math.round(ms)} | ${((ms / busy) * 100).toFixed(1)}% | ${l.replaceAll('|', '\\|')} |`,
      )
      .join('\n');
  return `Profile ${path.basename(file)}: ${Math.round(totalMs)} ms, ${Math.round(busy)} ms busy (not idle).

Self time:

| ms | % of busy | function |
| ---: | ---: | --- |
${table(self)}

Inclusive time:

| ms | % of busy | function |
| ---: | ---: | --- |
${table(inclusive)}
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(profileTop(process.argv[2] || newestProfile(), Number(process.argv[3] ?? 25)));
}
