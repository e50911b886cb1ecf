import { describe, expect, it } from 'vitest';
import { keyGroups, pickGroups, sameGroup } from './keyGroups.ts';

describe('re-typing groups of the recovery key (design 3.2)', () => {
  it('E2E-67: the shown key splits into its groups, and two different groups are asked in order', () => {
    expect(keyGroups('000G 40R4 4H')).toEqual(['000G', '40R4', '4H']);
    for (const r of [0, 0.3, 0.5, 0.99]) {
      const [a, b] = pickGroups(14, () => r);
      expect(a).toBeLessThan(b);
      expect(b).toBeLessThan(14);
    }
  });

  it('E2E-67: a group typed in lower case or with O for 0 matches; another group does not', () => {
    expect(sameGroup(' o0gh ', '00GH')).toBe(true);
    expect(sameGroup('00GJ', '00GH')).toBe(false);
    expect(sameGroup('', '00GH')).toBe(false);
  });
});
