import {
  messageSummaryText,
  type Message,
  type MessagePreview,
  type Mentions,
  type SystemEvent,
} from '@messenger/shared';
import { presentFile } from '../files/files.presenter.ts';
import type { FileRow } from '../files/files.repository.ts';
import { presentUserSummary } from '../users/users.presenter.ts';
import type { MessageContext, MessageRow } from './messages.repository.ts';

const PREVIEW_CHARS = 120;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join('')}…` : flat;
}

function mentionsOf(row: MessageRow): Mentions {
  // Most messages mention nobody: skip the parse on the hot path of history pages.
  const userIds = row.mention_user_ids === '[]' ? [] : (JSON.parse(row.mention_user_ids) as string[]);
  return { userIds, all: row.mention_all === 1 };
}

/** Reactions grouped by emoji, in order of each emoji's first use, users in order of reacting. */
function reactionsOf(list: { emoji: string; user_id: string }[] | undefined): Message['reactions'] {
  // Most messages have none: no map on the hot path of history pages.
  if (!list) return [];
  const byEmoji = new Map<string, string[]>();
  for (const r of list) {
    const users = byEmoji.get(r.emoji);
    if (users) users.push(r.user_id);
    else byEmoji.set(r.emoji, [r.user_id]);
  }
  return [...byEmoji].map(([emoji, userIds]) => ({ emoji, userIds }));
}

/**
 * A message as every member sees it; a deleted message keeps only its place (tombstone). An `e2e` message's
 * `body` column is its envelope: it goes out as `ciphertext`, never as text (E2E-42).
 */
export function presentMessage(row: MessageRow, ctx: MessageContext): Message {
  const deleted = row.deleted_at !== null;
  const e2e = row.kind === 'e2e';
  const reply = row.reply_to_id ? ctx.replies.get(row.reply_to_id) : undefined;
  return {
    id: row.id,
    roomId: row.room_id,
    seq: row.seq,
    rev: row.rev,
    kind: row.kind,
    sender: row.sender_id ? presentUserSummary(ctx.users.get(row.sender_id), row.sender_id) : null,
    body: deleted || e2e ? '' : row.body,
    replyTo: reply
      ? {
          id: reply.id,
          seq: reply.seq,
          senderId: reply.sender_id,
          senderNickname: reply.sender_id ? (ctx.users.get(reply.sender_id)?.nickname ?? null) : null,
          // The quote of an encrypted original is the reader's device's to show (E2E-43).
          text: reply.deleted_at !== null || reply.kind === 'e2e' ? '' : preview(reply.body),
          deleted: reply.deleted_at !== null,
        }
      : null,
    // The original's row is gone only when retention removed it for good (RET-4): say so, quote nothing.
    ...(row.reply_to_id && !reply ? { replyToRemoved: true } : {}),
    mentions: deleted ? { userIds: [], all: false } : mentionsOf(row),
    reactions: deleted ? [] : reactionsOf(ctx.reactions.get(row.id)),
    system: row.system_event ? (JSON.parse(row.system_event) as SystemEvent) : null,
    // An encrypted message's blobs are described inside its envelope only (E2E-73).
    files: deleted || e2e ? [] : (ctx.files?.get(row.id) ?? []).map(presentFile),
    // A poll shares its message's id (POLL-1).
    pollId: row.kind === 'poll' && !deleted ? row.id : null,
    ...(e2e ? { ciphertext: deleted ? null : row.body } : {}),
    createdAt: new Date(row.created_at).toISOString(),
    editedAt: iso(row.edited_at),
    deletedAt: iso(row.deleted_at),
  };
}

/** The room list's one-line preview of the latest message. */
export function presentPreview(
  row: MessageRow,
  senderNickname: string | null,
  files: FileRow[] = [],
): MessagePreview {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    seq: row.seq,
    senderId: row.sender_id,
    senderNickname,
    // An envelope has no preview: only the members' devices can read it (E2E-41).
    text:
      deleted || row.kind === 'e2e'
        ? ''
        : preview(
            messageSummaryText(
              row.body,
              files.map((f) => ({ name: f.name, deleted: f.deleted_at !== null })),
            ),
          ),
    kind: row.kind,
    deleted,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
