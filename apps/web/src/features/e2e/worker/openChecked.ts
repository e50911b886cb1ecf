import { E2eCryptoError, type E2eSession } from '@messenger/e2e-crypto';
import type { Opened, TextContent } from './rpc.ts';

/**
 * Opens a message's envelope as the message the server says it is: the crypto core checks that the envelope's
 * sender and msgId are the message's (SPEC E2E-37), so a server cannot move one person's message under
 * another's name or id; then only text content is shown.
 */
export async function openChecked(
  session: E2eSession,
  roomId: string,
  ciphertext: string,
  expect: { msgId?: string; senderUid?: string },
): Promise<Opened> {
  const opened = await session.open(roomId, ciphertext, expect);
  return { ...opened, content: textContent(opened.content) };
}

/** The text content the UI renders; anything else is a message this client cannot show. */
function textContent(c: { type: string; [k: string]: unknown }): TextContent {
  if (c.type !== 'text' || typeof c.body !== 'string') throw new E2eCryptoError('e2e.malformed', 'not text');
  const mentions = Array.isArray(c.mentions) ? c.mentions.filter((m) => typeof m === 'string') : undefined;
  const replyTo = typeof c.replyTo === 'string' ? c.replyTo : undefined;
  return {
    type: 'text',
    body: c.body,
    ...(mentions ? { mentions } : {}),
    ...(replyTo ? { replyTo } : {}),
  };
}
