import { E2eCryptoError, type E2eSession } from '@messenger/e2e-crypto';
import { parseAttachments, viewOf, type SealedAttachment } from '../attachments.ts';
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
  /** Given the attachments with their keys, which stay in the worker (E2E-76); the page gets them without. */
  keep?: (msgId: string, attachments: SealedAttachment[]) => void,
): Promise<Opened> {
  const opened = await session.open(roomId, ciphertext, expect);
  const content = textContent(opened.content);
  const sealed = parseAttachments(opened.content.attachments);
  const msgId = opened.msgId ?? expect.msgId;
  if (sealed.length === 0 || !msgId) return { ...opened, content };
  keep?.(msgId, sealed);
  return { ...opened, content: { ...content, attachments: sealed.map(viewOf) } };
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
