import { z } from 'zod';
import { Timestamp, charLength } from './common.ts';
import { UserSummary } from './users.ts';
import { FILE_LIMITS, FileInfo, UploadToken } from './files.ts';

/** Limits of message fields. */
export const MESSAGE_LIMITS = {
  /** Characters (code points after NFC) the user may type; longer is refused, never truncated. */
  bodyMax: 10_000,
  pageMax: 100,
  pageDefault: 50,
  reactionsPerMessageMax: 50,
} as const;

/** A message id: UUID (the client chooses a UUIDv7, so a retried send is stored once). */
export const MessageId = z.uuid();

/** Text of a message as typed (NFC), at most 10,000 characters; may be empty only beside files. */
export const MessageText = z
  .string()
  .transform((v) => v.normalize('NFC'))
  .refine((v) => charLength(v) <= MESSAGE_LIMITS.bodyMax, { message: 'validation.message_too_long' });

/** Text of a message that must not be blank: 1-10,000 characters. */
export const MessageBody = MessageText.refine((v) => v.trim().length > 0, {
  message: 'validation.message_empty',
});

/** Upload tokens of files to attach (from `POST /api/upload`), each usable once. */
export const UploadTokens = z.array(UploadToken).max(FILE_LIMITS.filesPerMessage);

const hasTextOrFiles = (v: { body: string; uploadTokens?: string[] | undefined }): boolean =>
  v.body.trim().length > 0 || (v.uploadTokens?.length ?? 0) > 0;

/** One emoji (a single RGI emoji, skin tones and ZWJ sequences included). */
export const Emoji = z
  .string()
  .max(64)
  // Built at run time: the `v` flag (Node 20+, Chrome 112+) is newer than the compile target.
  .regex(new RegExp('^\\p{RGI_Emoji}$', 'v'), { message: 'validation.emoji' });

/** Mentions stored with a message. */
export const Mentions = z.object({ userIds: z.array(z.string()), all: z.boolean() });
export type Mentions = z.infer<typeof Mentions>;

/**
 * A user named in a system message, as they were when it happened: a later rename does not change old
 * system messages, so a client that never saw the user still shows a name (empty if the account was gone).
 */
export const SystemEventUser = z
  .object({
    /** User id. */
    id: z.string(),
    /** Nickname at the time of the event. */
    nickname: z.string(),
  })
  .meta({ id: 'SystemEventUser' });
export type SystemEventUser = z.infer<typeof SystemEventUser>;

/** What a system message records, self-describing: the people involved come with their names (ROOM-6). */
export const SystemEvent = z
  .object({
    type: z.enum([
      'room_created',
      'joined',
      'left',
      'kicked',
      'renamed',
      'role_changed',
      'owner_transferred',
      'poll_closed',
      'pinned',
      'unpinned',
    ]),
    /** Who did it; null when the server did (an automatic ownership succession). */
    actor: SystemEventUser.nullable(),
    /** Who it was done to (invited, removed, promoted...); the actor themself for `left`. */
    targets: z.array(SystemEventUser),
    /** New name (renamed), room name (room_created), new role (role_changed) or the question (poll_closed). */
    value: z.string().nullable(),
  })
  .meta({ id: 'SystemEvent' });
export type SystemEvent = z.infer<typeof SystemEvent>;

/** The quoted original of a reply. */
export const ReplyQuote = z.object({
  id: z.string(),
  seq: z.number().int(),
  senderId: z.string().nullable(),
  senderNickname: z.string().nullable(),
  text: z.string(),
  deleted: z.boolean(),
});

/** A reaction: the emoji and who chose it (count and "mine" follow). */
export const Reaction = z.object({ emoji: z.string(), userIds: z.array(z.string()) });
export type Reaction = z.infer<typeof Reaction>;

/** A message as every member sees it. */
/**
 * The message kinds that count toward unread numbers (ROOM-7): what someone said, a poll, an encrypted
 * message; never a system line. The server's room list and the client's live count use this one list.
 */
export const UNREAD_KINDS = ['text', 'poll', 'e2e'] as const;

export const Message = z
  .object({
    id: z.string(),
    roomId: z.string(),
    /** Strictly increasing within the room, without gaps; clients order by it. */
    seq: z.number().int(),
    /** Room revision of the last change to this message (create, edit, delete, reaction); used to resync. */
    rev: z.number().int(),
    /**
     * `poll`: a poll card (`pollId`), its body the question. `e2e`: an end-to-end encrypted message (E2E-42):
     * `body` is empty and `ciphertext` holds the envelope; edits replace it, a delete empties it.
     */
    kind: z.enum(['text', 'system', 'poll', 'e2e']),
    sender: UserSummary.nullable(),
    /** The text as written (never HTML-escaped); empty once deleted. */
    body: z.string(),
    replyTo: ReplyQuote.nullable(),
    /** Set (true) on a reply whose original was removed for good by retention (RET-4); `replyTo` is null. */
    replyToRemoved: z.boolean().optional(),
    mentions: Mentions,
    reactions: z.array(Reaction),
    system: SystemEvent.nullable(),
    /** Attached files in the order they were sent; deleted ones stay as tombstones. */
    files: z.array(FileInfo),
    /** The poll a `poll` message shows (its state comes from `GET /api/polls/:id` and `poll:updated`). */
    pollId: z.string().nullable().optional(),
    /** An `e2e` message's envelope (base64url, E2E-36) as its sender's device made it; null once deleted. */
    ciphertext: z.string().nullable().optional(),
    createdAt: Timestamp,
    editedAt: Timestamp.nullable(),
    deletedAt: Timestamp.nullable(),
  })
  .meta({ id: 'Message' });
export type Message = z.infer<typeof Message>;

/** `message:send` payload and `POST /api/rooms/:id/messages` body (roomId from the path there). */
export const SendMessageInput = z
  .object({
    /** Chosen by the client (UUIDv7); sending the same id again returns the stored message. */
    id: MessageId,
    roomId: z.string().min(1).max(64),
    /** The text; may be empty when files are attached (a caption otherwise). */
    body: MessageText.default(''),
    replyToId: MessageId.optional(),
    uploadTokens: UploadTokens.optional(),
  })
  .refine(hasTextOrFiles, { message: 'validation.message_empty', path: ['body'] })
  .meta({ id: 'SendMessageInput' });
export type SendMessageInput = z.input<typeof SendMessageInput>;

/** `POST /api/rooms/:id/messages` body; the id is optional for scripts (the server makes one). */
export const PostMessageBody = z
  .object({
    id: MessageId.optional(),
    body: MessageText.default(''),
    replyToId: MessageId.optional(),
    uploadTokens: UploadTokens.optional(),
  })
  .refine(hasTextOrFiles, { message: 'validation.message_empty', path: ['body'] });

/** `PUT /api/messages/:id` body. */
export const EditMessageBody = z.object({ body: MessageBody });
/** `POST /api/messages/:id/reactions` body: toggles the caller's reaction. */
export const ReactionBody = z.object({ emoji: Emoji });
/** Path parameter `:id` of a message. */
export const MessageIdParams = z.object({ id: z.string().min(1).max(64) });

/** `GET /api/rooms/:id/messages` query: a page before or after a sequence, or around a message. */
export const HistoryQuery = z.object({
  before: z.coerce.number().int().min(0).optional(),
  after: z.coerce.number().int().min(0).optional(),
  /** Load the surroundings of this message ("jump to message"). */
  around: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(MESSAGE_LIMITS.pageMax).default(MESSAGE_LIMITS.pageDefault),
});
export type HistoryQuery = z.input<typeof HistoryQuery>;

/** A page of history in ascending sequence. */
export const HistoryResponse = z
  .object({ messages: z.array(Message), hasMoreBefore: z.boolean(), hasMoreAfter: z.boolean() })
  .meta({ id: 'HistoryResponse' });
export type HistoryResponse = z.infer<typeof HistoryResponse>;

/** `GET /api/messages/:id/readers`: who has read it and who has not. */
export const ReadersResponse = z.object({ readBy: z.array(UserSummary), unreadBy: z.array(UserSummary) });
export type ReadersResponse = z.infer<typeof ReadersResponse>;

/** `GET/POST /api/messages/:id/reactions` response. */
export const ReactionsResponse = z.object({ reactions: z.array(Reaction) });

/** `@username` and `@all` in a text; the server resolves names against the room's members. */
export function extractMentionNames(text: string): { names: string[]; all: boolean } {
  const names = new Set<string>();
  let all = false;
  for (const m of text.matchAll(/(?<![\w@])@([A-Za-z0-9_]{3,20})(?![\w])/g)) {
    const name = m[1]!.toLowerCase();
    if (name === 'all') all = true;
    else names.add(name);
  }
  // "@all" is 3 letters too, so the loop sees it; a bare "@all" shorter form does not exist.
  return { names: [...names], all };
}
