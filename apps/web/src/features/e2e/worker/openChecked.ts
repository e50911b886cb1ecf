import { E2eCryptoError, type E2eSession } from '@messenger/e2e-crypto';
import type { Opened, TextContent } from './rpc.ts';

/**
 * Opens a message's envelope and checks it is the message the server says it is: the envelope's sender must be
 * the message's sender and its msgId the message's id, so a server cannot move one person's message under
 * another's name or id.
 *
 * TODO(merge h-crypto): `E2eSession.open(roomId, ciphertext, expect?: {msgId?, senderUid?})` does these checks
 * itself and returns `{content, sender, msgId, ts, epoch}`; then this becomes a plain call and the checks
 * below can go.
 */
export async function openChecked(
  session: E2eSession,
  roomId: string,
  ciphertext: string,
  expect: { msgId?: string; senderUid?: string },
): Promise<Opened> {
  // The third argument is the crypto core's `expect`; a core that does not take it yet ignores it.
  const open = session.open.bind(session) as (
    roomId: string,
    ciphertext: string,
    expect: { msgId?: string; senderUid?: string },
  ) => Promise<{
    content: { type: string; [k: string]: unknown };
    sender: { uid: string; did: string };
    msgId?: string;
    ts?: number;
    epoch?: number;
  }>;
  const opened = await open(roomId, ciphertext, expect);
  if (expect.senderUid !== undefined && opened.sender.uid !== expect.senderUid)
    throw new E2eCryptoError('e2e.bad_signature', 'sender differs from the message');
  if (expect.msgId !== undefined && opened.msgId !== undefined && opened.msgId !== expect.msgId)
    throw new E2eCryptoError('e2e.context_mismatch', 'message id differs');
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
