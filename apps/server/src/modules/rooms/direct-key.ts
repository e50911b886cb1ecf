/**
 * A direct room's pair key (`rooms.direct_key`, unique): `a:b` for the standard room of two people, the ids in
 * order, and `e2e:a:b` for their end-to-end encrypted room (E2E-40), so each pair has at most one of each.
 * Every reader of the key goes through `directPair`, so neither form is split by hand.
 */
const E2E_PREFIX = 'e2e:';

/** The pair key of two people's direct room, standard or encrypted. */
export function directKey(a: string, b: string, e2e: boolean): string {
  const pair = a < b ? `${a}:${b}` : `${b}:${a}`;
  return e2e ? `${E2E_PREFIX}${pair}` : pair;
}

/** The two people of a pair key, whichever form; empty for a malformed key. */
export function directPair(key: string): string[] {
  const pair = key.startsWith(E2E_PREFIX) ? key.slice(E2E_PREFIX.length) : key;
  const ids = pair.split(':');
  return ids.length === 2 ? ids : [];
}

/** The other person of a pair key, seen from `userId`; null if the key does not name two people. */
export function directPeer(key: string | null, userId: string): string | null {
  const [a, b] = key ? directPair(key) : [];
  if (a === undefined || b === undefined) return null;
  return a === userId ? b : a;
}
