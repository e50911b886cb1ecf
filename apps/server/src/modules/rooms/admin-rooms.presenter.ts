import type { AdminRoom } from '@messenger/shared';
import { presentUserSummary } from '../users/users.presenter.ts';
import type { UserRow } from '../users/users.repository.ts';
import type { AdminRoomRow } from './admin-rooms.repository.ts';
import { directPair } from './direct-key.ts';
import { archivedAtOf } from './rooms.presenter.ts';

/** The two people of a direct room, from its key (also after one of them left it). */
export function directPeopleIds(room: Pick<AdminRoomRow, 'kind' | 'direct_key'>): string[] {
  return room.kind === 'direct' && room.direct_key ? directPair(room.direct_key) : [];
}

/** A room as the server admin's console shows it (ADMIN-2). */
export function presentAdminRoom(room: AdminRoomRow, users: Map<string, UserRow>): AdminRoom {
  return {
    id: room.id,
    kind: room.kind,
    name: room.kind === 'group' ? room.name : null,
    people: directPeopleIds(room).map((id) => presentUserSummary(users.get(id), id)),
    memberCount: room.member_count,
    lastSeq: Number(room.last_seq),
    lastActivityAt: new Date(Number(room.last_activity_at)).toISOString(),
    createdAt: new Date(Number(room.created_at)).toISOString(),
    archivedAt: archivedAtOf(room),
    legalHold: room.legal_hold === 1,
    retentionDays: room.retention_days === null ? null : Number(room.retention_days),
    e2e: room.e2e === 1,
  };
}
