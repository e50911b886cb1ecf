import { E2E_FAILURE_CODES } from '@messenger/e2e-crypto';
import { describe, expect, it } from 'vitest';
import { en, ko } from '../../i18n/resources.ts';
import { failureKey } from './failureText.ts';

/** The string at a dotted key of a resource tree. */
function at(tree: object, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree);
}

describe('E2E failure words', () => {
  it('every failure code of the crypto core has its own words in Korean and in English', () => {
    for (const code of E2E_FAILURE_CODES) {
      const key = failureKey(code);
      expect(key, code).toBe(`e2e.failure.${code.slice('e2e.'.length)}`);
      const koText = at(ko, key!);
      const enText = at(en, key!);
      expect(typeof koText === 'string' && koText.trim() !== '', `ko ${code}`).toBe(true);
      expect(typeof enText === 'string' && enText.trim() !== '', `en ${code}`).toBe(true);
      expect(koText).not.toBe(enText);
    }
    expect(Object.keys(en.e2e.failure)).toHaveLength(E2E_FAILURE_CODES.length);
  });

  it('device states have words; other codes have none of their own', () => {
    for (const code of ['device.elsewhere', 'device.unsupported', 'device.waiting', 'device.stopped'])
      expect(typeof at(ko, failureKey(code)!)).toBe('string');
    expect(failureKey('room.e2e_unsupported')).toBeNull();
    expect(failureKey('http.500')).toBeNull();
  });
});
