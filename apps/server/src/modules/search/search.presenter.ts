import { snippet, type Message, type QueryTerm, type RoomKind, type SearchHit } from '@messenger/shared';

/** A found message with its room and the matches marked in its text and file names (SRCH-6). */
export function presentHit(
  message: Message,
  room: { kind: string; name: string } | undefined,
  terms: QueryTerm[],
): SearchHit {
  return {
    message,
    room: { id: message.roomId, kind: (room?.kind ?? 'group') as RoomKind, name: room?.name ?? '' },
    snippet: snippet(message.body, terms),
    files: message.files
      .filter((f) => !f.deleted)
      .map((f) => ({ id: f.id, name: snippet(f.name, terms) }))
      .filter((f) => f.name.ranges.length > 0),
  };
}
