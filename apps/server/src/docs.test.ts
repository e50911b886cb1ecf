import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from './config.ts';

describe('CFG-1: documentation stays true', () => {
  it('docs/OPERATIONS.md documents every configuration option', () => {
    const doc = readFileSync(new URL('../../../docs/OPERATIONS.md', import.meta.url), 'utf8');
    for (const o of OPTIONS) expect(doc, o.env).toMatch(new RegExp(`\\|\\s*\`${o.env}\`\\s*\\|`));
  });

  it('docs/SPEC.md defines every rule ID the tests quote', async () => {
    const spec = readFileSync(new URL('../../../docs/SPEC.md', import.meta.url), 'utf8');
    const { globSync } = await import('node:fs');
    const files = globSync('{apps,packages}/**/src/**/*.test.ts', {
      cwd: new URL('../../../', import.meta.url).pathname,
    });
    const quoted = new Set<string>();
    for (const f of files) {
      const text = readFileSync(new URL(`../../../${f}`, import.meta.url), 'utf8');
      for (const m of text.matchAll(/\b(AUTH|SEC|RT|OPS|CFG|ADM|ACCT)-\d+\b/g)) quoted.add(m[0]);
    }
    expect(quoted.size).toBeGreaterThan(10);
    for (const id of quoted) expect(spec, id).toContain(`**${id}**`);
  });
});
