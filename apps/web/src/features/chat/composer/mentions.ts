/** A person the composer can mention. */
export interface MentionCandidate {
  username: string;
  nickname: string;
}

/** The `@word` being typed right before the caret, or null. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(?:^|[^\w@])@([A-Za-z0-9_]{0,20})$/.exec(before);
  if (!m) return null;
  return { start: caret - m[1]!.length - 1, query: m[1]! };
}

/**
 * Members matching the typed prefix (username or nickname, case-insensitive), username-prefix matches
 * first, with `@all` offered too; at most `limit`.
 */
export function matchMentions(query: string, members: MentionCandidate[], limit = 6): MentionCandidate[] {
  const q = query.toLowerCase();
  const all: MentionCandidate = { username: 'all', nickname: 'all' };
  const scored = [...members, all]
    .map((m) => {
      const u = m.username.toLowerCase();
      const n = m.nickname.toLowerCase();
      const score = u.startsWith(q) ? 0 : n.startsWith(q) ? 1 : u.includes(q) || n.includes(q) ? 2 : -1;
      return { m, score };
    })
    .filter((x) => x.score >= 0)
    .sort((a, b) => a.score - b.score || a.m.username.localeCompare(b.m.username));
  return scored.slice(0, limit).map((x) => x.m);
}

/** The text with the `@query` at `start` replaced by the chosen username and a space; the new caret. */
export function insertMention(
  text: string,
  start: number,
  caret: number,
  username: string,
): { text: string; caret: number } {
  const insert = `@${username} `;
  return { text: text.slice(0, start) + insert + text.slice(caret), caret: start + insert.length };
}
