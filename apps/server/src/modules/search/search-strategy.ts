import type { QueryTerm } from '@messenger/shared';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { MessageRow } from '../messages/messages.repository.ts';

/** A handle to the pool or to a transaction. */
export type SearchHandle = Kysely<Database> | Transaction<Database>;

/** What a search asks the database for (the terms already parsed, the caller's membership implied). */
export interface SearchFilter {
  userId: string;
  terms: QueryTerm[];
  roomId?: string;
  senderId?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** `any`: a live file of any kind. */
  file?: 'any' | 'image' | 'file';
  mentionsMe?: boolean;
  limit: number;
  offset: number;
}

/** A message's search document: its tokens (`messageTokens`), empty for a text without words. */
export interface SearchDoc {
  messageId: string;
  roomId: string;
  createdAt: number;
  tokens: string;
}

/**
 * How one database keeps and asks its full-text index (SQLite: FTS5, `search-fts5.ts`; PostgreSQL: tsvector,
 * `search-tsvector.ts`). `SearchRepository` holds what both share; `search.repository.test.ts` is the contract.
 */
export interface SearchStrategy {
  /** Stores or replaces a message's document. */
  put(doc: SearchDoc): Promise<void>;
  /**
   * The page of messages matching the filter's terms (at least one) for which `conditions` (on `m`, the
   * message) hold, in rooms the user is a member of, newest first.
   */
  textQuery(f: SearchFilter, conditions: RawBuilder<unknown>): Promise<RawBuilder<MessageRow>>;
}

/** Removes a message's document (SQLite: its FTS entry goes by trigger). */
export async function removeDoc(db: SearchHandle, messageId: string): Promise<void> {
  await sql`delete from search_docs where message_id = ${messageId}`.execute(db);
}
