import { indexTokens } from '@messenger/shared';
import type { ConversationRepos } from '../../db/unit-of-work.ts';
import type { MessageRow } from '../messages/messages.repository.ts';

/**
 * Brings a message's search document in step with the row, inside the caller's transaction (SRCH-2): the
 * text and the names of its live files, or nothing for system messages and tombstones (SRCH-3). Every write
 * of a message's text or files calls this; the files query runs only for messages with files.
 */
export async function reindexMessage(
  tx: ConversationRepos,
  row: MessageRow,
  /** The tokens when the caller made them already (`messageTokens`, outside the transaction). */
  precomputed?: string,
): Promise<void> {
  if (row.kind !== 'text' || row.deleted_at !== null) return tx.search.remove(row.id);
  let tokens = precomputed;
  if (tokens === undefined) {
    const names =
      Number(row.file_count) > 0
        ? (await tx.files.forMessages([row.id])).filter((f) => f.deleted_at === null).map((f) => f.name)
        : [];
    tokens = messageTokens(row.body, names);
  }
  await tx.search.put({ messageId: row.id, roomId: row.room_id, createdAt: row.created_at, tokens });
}

/** The document of a message's text and file names, as stored in the index (SRCH-1). */
export function messageTokens(body: string, fileNames: string[]): string {
  return [body, ...fileNames].flatMap(indexTokens).join(' ');
}
