import { sql, type Kysely, type Transaction } from 'kysely';
import { containsPattern } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import type { RoomRow } from './rooms.repository.ts';

type Handle = Kysely<Database> | Transaction<Database>;

/** A room as the console lists it: the row and how many members it has. */
export type AdminRoomRow = RoomRow & { member_count: number };

/** Where a page of the console's list starts: after this room in latest-activity order. */
export interface ActivityCursor {
  at: number;
  id: string;
}

/** The server admin's view of every room (ADMIN-2): read-only queries across all rooms. */
export class AdminRoomsRepository {
  private readonly db: Handle;

  constructor(db: Handle) {
    this.db = db;
  }

  private base() {
    return this.db
      .selectFrom('rooms as r')
      .selectAll('r')
      .select((eb) =>
        eb
          .selectFrom('room_members as m')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('m.room_id', '=', 'r.id')
          .as('member_count'),
      );
  }

  /**
   * A page of rooms, latest activity first, optionally matching `q` (case-insensitive): a group's name, or
   * the nickname or username of either person of a direct room.
   */
  async page(q: string | undefined, after: ActivityCursor | null, limit: number): Promise<AdminRoomRow[]> {
    let query = this.base().orderBy('r.last_activity_at', 'desc').orderBy('r.id', 'desc').limit(limit);
    if (after)
      query = query.where((eb) =>
        eb.or([
          eb('r.last_activity_at', '<', after.at),
          eb.and([eb('r.last_activity_at', '=', after.at), eb('r.id', '<', after.id)]),
        ]),
      );
    if (q) {
      const pattern = containsPattern(q);
      query = query.where(
        sql<boolean>`(lower(r.name) like ${pattern} escape '\\' or (r.kind = 'direct' and exists (
          select 1 from users u
          where (u.username_lower like ${pattern} escape '\\' or lower(u.nickname) like ${pattern} escape '\\')
            and (r.direct_key like u.id || ':%' or r.direct_key like 'e2e:' || u.id || ':%'
              or r.direct_key like '%:' || u.id))))`,
      );
    }
    const rows = await query.execute();
    return rows.map(withCount);
  }

  /** One room with its member count. */
  async find(id: string): Promise<AdminRoomRow | undefined> {
    const row = await this.base().where('r.id', '=', id).executeTakeFirst();
    return row && withCount(row);
  }
}

function withCount<T extends { member_count: unknown }>(row: T): T & { member_count: number } {
  return { ...row, member_count: Number(row.member_count ?? 0) };
}
