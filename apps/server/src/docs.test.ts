import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from './config.ts';

describe('CFG-1: documentation stays true', () => {
  it('docs/OPERATIONS.md documents every configuration option', () => {
    const doc = readFileSync(new URL('../../../docs/OPERATIONS.md', import.meta.url), 'utf8');
    for (const o of OPTIONS) expect(doc, o.env).toMatch(new RegExp(`\\|\\s*\`${o.env}\`\\s*\\|`));
  });

  it('docs/SPEC.md defines every rule ID the tests quote, for every prefix it uses', async () => {
    const spec = readFileSync(new URL('../../../docs/SPEC.md', import.meta.url), 'utf8');
    // The prefixes come from SPEC.md's own rule IDs (**AUTH-1**, ...), so a new section is checked too.
    const prefixes = [...new Set([...spec.matchAll(/\*\*([A-Z]+)-\d+\*\*/g)].map((m) => m[1]!))];
    expect(prefixes.length).toBeGreaterThanOrEqual(16);
    const { globSync } = await import('node:fs');
    const files = globSync(
      ['{apps,packages}/**/src/**/*.test.{ts,tsx}', 'e2e/**/*.spec.ts', 'scripts/**/*.test.ts'],
      { cwd: new URL('../../../', import.meta.url).pathname, exclude: (f) => f.includes('node_modules') },
    );
    const idPattern = new RegExp(`\\b(${prefixes.join('|')})-\\d+\\b`, 'g');
    const quoted = new Set<string>();
    for (const f of files) {
      const text = readFileSync(new URL(`../../../${f}`, import.meta.url), 'utf8');
      for (const m of text.matchAll(idPattern)) quoted.add(m[0]);
    }
    const quotedPrefixes = new Set([...quoted].map((id) => id.split('-')[0]));
    expect(quotedPrefixes.size).toBeGreaterThan(10);
    const undefinedIds = [...quoted].filter((id) => !spec.includes(`**${id}**`));
    expect(undefinedIds).toEqual([]);
  });
});
