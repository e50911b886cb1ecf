import {
  parseQuery,
  type AdvancedSearchBody,
  type Message,
  type SearchQuery,
  type SearchResponse,
} from '@messenger/shared';
import type { z } from 'zod';
import type { RateLimitRule } from '../../config.ts';
import type { UnitOfWork } from '../../db/unit-of-work.ts';
import type { RateLimiter } from '../../state/rate-limiter.ts';
import type { MessageRow } from '../messages/messages.repository.ts';
import { requireMember } from '../rooms/membership.ts';
import { presentHit } from './search.presenter.ts';
import type { SearchFilter } from './search.repository.ts';

export interface SearchServiceDeps {
  uow: UnitOfWork;
  limiter: RateLimiter;
  /** Read at each use: administrators change it at run time (ADMIN-3). */
  searchLimit: () => Promise<RateLimitRule>;
  presentMessages: (rows: MessageRow[]) => Promise<Message[]>;
}

type Advanced = z.output<typeof AdvancedSearchBody>;
type Simple = z.output<typeof SearchQuery>;

/** Full-text search over the messages and file names of the caller's rooms (SPEC SRCH-*). */
export class SearchService {
  private readonly d: SearchServiceDeps;

  constructor(deps: SearchServiceDeps) {
    this.d = deps;
  }

  /** `GET /api/search`: text, optionally within one room. */
  simple(userId: string, q: Simple): Promise<SearchResponse> {
    return this.advanced(userId, { text: q.q, roomId: q.roomId, limit: q.limit, offset: q.offset });
  }

  /** `POST /api/search/advanced`: text and filters, all of which must hold (SRCH-4, SRCH-5). */
  async advanced(userId: string, input: Advanced): Promise<SearchResponse> {
    const terms = parseQuery(input.text);
    const file = input.fileKind ?? (input.hasFile ? 'any' : undefined);
    const filtered =
      !!input.roomId || !!input.senderId || !!input.from || !!input.to || !!file || !!input.mentionsMe;
    const empty = { hits: [], hasMore: false, offset: input.offset, limit: input.limit };
    await this.d.limiter.consume('search', await this.d.searchLimit(), [`user:${userId}`]);
    // Searching inside a room needs its membership; other rooms the caller is not in are simply not searched.
    if (input.roomId) await requireMember(this.d.uow.repos, input.roomId, userId);
    // Nothing asked (or only symbols typed): nothing found, rather than every message.
    if (terms.length === 0 && (!filtered || input.text.trim() !== '')) return empty;
    const filter: SearchFilter = {
      userId,
      terms,
      roomId: input.roomId,
      senderId: input.senderId,
      from: input.from ? Date.parse(input.from) : undefined,
      to: input.to ? Date.parse(input.to) : undefined,
      file,
      mentionsMe: input.mentionsMe,
      limit: input.limit + 1,
      offset: input.offset,
    };
    const repos = this.d.uow.repos;
    const rows = await repos.search.search(filter);
    const page = rows.slice(0, input.limit);
    const messages = await this.d.presentMessages(page);
    const rooms = await repos.search.roomNames(userId, [...new Set(page.map((r) => r.room_id))]);
    return {
      hits: messages.map((m) => presentHit(m, rooms.get(m.roomId), terms)),
      hasMore: rows.length > input.limit,
      offset: input.offset,
      limit: input.limit,
    };
  }
}
