/** The groups of a recovery key as shown (`XXXX XXXX … XX`). */
export function keyGroups(key: string): string[] {
  return key.trim().split(/\s+/);
}

/** Two different group indexes (0-based) for the person to type back, in order. */
export function pickGroups(count: number, random: () => number = Math.random): [number, number] {
  const a = Math.floor(random() * count);
  let b = Math.floor(random() * (count - 1));
  if (b >= a) b++;
  return a < b ? [a, b] : [b, a];
}

/** Whether what the person typed is that group (case, spaces and dashes do not matter; O and 0 alike). */
export function sameGroup(typed: string, group: string): boolean {
  const norm = (s: string) => s.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return norm(typed) === norm(group);
}
