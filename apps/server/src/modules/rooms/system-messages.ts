import type { SystemEvent, SystemEventUser } from '@messenger/shared';
import type { ConversationRepos } from '../../db/unit-of-work.ts';
import type { MessageRow } from '../messages/messages.repository.ts';
import { MessagesService } from '../messages/messages.service.ts';

/** A system message to write, naming people by id; their nicknames are added when it is written. */
export interface SystemFact {
  type: SystemEvent['type'];
  actorId: string | null;
  targetIds: string[];
  value: string | null;
}

/**
 * Writes a system message with the nicknames of the people involved as they are now (ROOM-6): clients
 * that never saw those users still show who did what, and no read of history has to join users for it.
 */
export async function writeSystemMessage(
  tx: ConversationRepos,
  roomId: string,
  fact: SystemFact,
  now: number,
  id: string,
): Promise<MessageRow> {
  const ids = [...new Set([...(fact.actorId ? [fact.actorId] : []), ...fact.targetIds])];
  const nicknames = new Map((await tx.users.findMany(ids)).map((u) => [u.id, u.nickname]));
  const named = (uid: string): SystemEventUser => ({ id: uid, nickname: nicknames.get(uid) ?? '' });
  const event: SystemEvent = {
    type: fact.type,
    actor: fact.actorId ? named(fact.actorId) : null,
    targets: fact.targetIds.map(named),
    value: fact.value,
  };
  return MessagesService.appendSystem(tx, roomId, event, now, id);
}
