import type { RoomSummary } from '@messenger/shared';

/** A group's name, or the peer's nickname for a direct room. */
export function roomTitle(room: Pick<RoomSummary, 'name' | 'peer'>, deletedLabel: string): string {
  if (room.name) return room.name;
  if (room.peer) return room.peer.deleted ? deletedLabel : room.peer.nickname;
  return deletedLabel;
}

/** Rooms whose title or preview contains the filter text (case-insensitive). */
export function filterRooms<T extends Pick<RoomSummary, 'name' | 'peer'>>(
  rooms: T[],
  query: string,
  deletedLabel: string,
): T[] {
  const q = query.trim().toLowerCase();
  if (!q) return rooms;
  return rooms.filter((r) => {
    const title = roomTitle(r, deletedLabel).toLowerCase();
    return title.includes(q) || (r.peer?.username.toLowerCase().includes(q) ?? false);
  });
}
