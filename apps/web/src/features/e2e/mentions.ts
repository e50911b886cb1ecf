import { extractMentionNames } from '@messenger/shared';

/**
 * The user ids an encrypted message mentions, computed on the sender's client the way the server does for
 * standard rooms (`@username` of a member, `@all` for everyone but me): in an E2E room the server never sees
 * the text, so mentions travel inside the ciphertext (design e2e.md 5.4, no cleartext mentions).
 */
export function mentionedUserIds(
  body: string,
  members: { user: { id: string; username: string } }[],
  meId: string,
): string[] {
  const { names, all } = extractMentionNames(body);
  const wanted = new Set(names);
  return members
    .filter((m) => m.user.id !== meId && (all || wanted.has(m.user.username.toLowerCase())))
    .map((m) => m.user.id);
}
