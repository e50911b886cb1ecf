import type { Message, SystemEvent, SystemEventUser } from '@messenger/shared';
import { AppError } from '../../app-error.ts';
import type { ConversationRepos, UnitOfWork } from '../../db/unit-of-work.ts';
import type { ConversationEvents } from '../messages/conversation-events.ts';
import { presentMessage } from '../messages/messages.presenter.ts';
import type { MessageRow } from '../messages/messages.repository.ts';
import { requirePostFits } from '../rooms/rooms.policy.ts';
import type { RoomRow } from '../rooms/rooms.repository.ts';
import { reindexMessage } from '../search/search-index.ts';

export interface TimelineDeps {
  uow: UnitOfWork;
  events: Pick<ConversationEvents, 'messageCreated' | 'messageUpdated' | 'pinRemoved' | 'messagesPurged'>;
  /** Removes files' bytes; called only once the transaction that removed their rows committed. */
  removeFiles(fileIds: string[]): Promise<void>;
  newId: () => string;
  /** Counts committed new messages, system lines aside (the live status's messages per minute, ADMIN-4). */
  counted?: (messages: number) => void;
}

/** Mentions of a text, resolved against the room's members (`resolveMentions`). */
export interface Mentions {
  userIds: string[];
  all: boolean;
  /** Who gets a mention row (the room list's marker): the mentioned, or every other member for `@all`. */
  notify: string[];
}

/**
 * A member's post: a text message (with its files), a poll's card (its question), or an end-to-end encrypted
 * message whose body is its envelope (E2E-42).
 */
export interface Post {
  id: string;
  roomId: string;
  senderId: string;
  kind: 'text' | 'poll' | 'e2e';
  body: string;
  replyToId?: string | null;
  mentions?: Mentions;
  /** Uploads claimed for this message (FILE-7); any already used rolls the post back. */
  fileIds?: string[];
  /** The search document when the caller made it before the transaction (`messageTokens`). */
  tokens?: string | undefined;
  /** `e2e`: the epoch the envelope was sealed in, checked against the group (E2E-33, E2E-66). */
  epoch?: number;
}

/** A system message to write, naming people by id; their nicknames are added when it is written. */
export interface SystemFact {
  type: SystemEvent['type'];
  actorId: string | null;
  targetIds: string[];
  value: string | null;
}

/** What a committed write changed, for `publish`: the events to broadcast and the bytes to remove. */
export interface TimelineChange {
  /** Messages appended (`message:created`). */
  created?: MessageRow[];
  /** Messages changed: edited, tombstoned, reacted to, a file removed (`message:updated`). */
  updated?: MessageRow[];
  /** Notices that went with their messages (`pin:removed`, PIN-7). */
  pinsRemoved?: { id: string; room_id: string }[];
  /** Files whose rows went with their messages: their bytes go after the commit, never before. */
  fileIds?: string[];
  /** Rooms whose messages up to a sequence were removed for good (`messages:purged`, RET-1). */
  purged?: { roomId: string; untilSeq: number }[];
}

/** What a tombstoned message keeps: its place, sender and time; no text, mentions or anything attached. */
const TOMBSTONE = { body: '', mention_all: 0, mention_user_ids: '[]' } as const;

/** Messages presented per `message:updated` batch, so a large change is not one huge query. */
const PRESENT_BATCH = 100;

/**
 * The one writer of a room's timeline (its `messages` rows and what hangs on them: mentions, reactions,
 * files, the search index, notices and polls of a message): append, edit, tombstone, purge. Each write runs
 * inside the caller's transaction, beside the caller's own rows, and what it changed is announced with
 * `publish` once that transaction committed.
 */
export class Timeline {
  private readonly d: TimelineDeps;

  constructor(deps: TimelineDeps) {
    this.d = deps;
  }

  /**
   * Appends a member's post at the room's next sequence (MSG-1): the row, its mention rows, its files, its
   * search document, and the sender's read mark (they have read their own post). `check` sees the room's
   * post policy with the counters, before anything is written, and may refuse (ADM-4, ACCT-3). Whatever the
   * caller, a post must fit the room: envelopes only in an encrypted room, none elsewhere (E2E-41).
   */
  async appendPost(
    tx: ConversationRepos,
    post: Post,
    now: number,
    check?: (room: Pick<RoomRow, 'post_policy' | 'archived_at' | 'e2e'>) => void,
  ): Promise<MessageRow> {
    const counters = await tx.rooms.nextSeqAndRev(post.roomId, now);
    check?.(counters);
    requirePostFits(counters, post.kind);
    const row = newRow(post.id, post.roomId, counters, now, {
      kind: post.kind,
      sender_id: post.senderId,
      body: post.body,
      reply_to_id: post.replyToId ?? null,
      mention_all: post.mentions?.all ? 1 : 0,
      mention_user_ids: JSON.stringify(post.mentions?.userIds ?? []),
      file_count: post.fileIds?.length ?? 0,
      e2e_epoch: post.kind === 'e2e' ? (post.epoch ?? null) : null,
    });
    await tx.messages.insert(row, post.mentions?.notify ?? []);
    if (post.fileIds?.length) {
      const attached = await tx.files.attach(row.id, post.fileIds);
      if (attached !== post.fileIds.length) throw new AppError('upload.token_invalid');
    }
    // Only text is searchable (SRCH-3): a poll's card has no document to write, an envelope none the server
    // could write (E2E-41).
    if (row.kind === 'text') await reindexMessage(tx, row, post.tokens);
    await tx.rooms.raiseRead(post.roomId, post.senderId, counters.seq);
    return row;
  }

  /**
   * Appends a system message with the nicknames of the people involved as they are now (ROOM-6): clients
   * that never saw those users still show who did what, and no read of history has to join users for it.
   */
  async appendSystem(
    tx: ConversationRepos,
    roomId: string,
    fact: SystemFact,
    now: number,
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
    const counters = await tx.rooms.nextSeqAndRev(roomId, now);
    const row = newRow(this.d.newId(), roomId, counters, now, {
      kind: 'system',
      system_event: JSON.stringify(event),
    });
    await tx.messages.insert(row, []);
    return row;
  }

  /** Replaces a text's body and mentions, marked edited (MSG-6), with its search document. */
  async edit(
    tx: ConversationRepos,
    row: MessageRow,
    body: string,
    mentions: Mentions,
    now: number,
  ): Promise<MessageRow> {
    const rev = await tx.rooms.nextRev(row.room_id);
    const set = {
      body,
      rev,
      edited_at: now,
      mention_all: mentions.all ? 1 : 0,
      mention_user_ids: JSON.stringify(mentions.userIds),
    };
    await tx.messages.update(row.id, set);
    await tx.messages.replaceMentions(row, mentions.notify);
    const edited = { ...row, ...set };
    await reindexMessage(tx, edited);
    return edited;
  }

  /**
   * Replaces an `e2e` message's envelope with its sender's edited one, marked edited (E2E-43). Nothing else
   * hangs on an envelope: no mentions or search document the server could know of.
   */
  async editEnvelope(
    tx: ConversationRepos,
    row: MessageRow,
    envelope: string,
    now: number,
  ): Promise<MessageRow> {
    const rev = await tx.rooms.nextRev(row.room_id);
    // Read again with the room's counter row held, as a delete holds it too: an edit racing a delete never
    // puts an envelope back into a tombstone.
    const current = await tx.messages.find(row.id);
    if (!current || current.deleted_at !== null) throw new AppError('message.deleted');
    const set = { body: envelope, rev, edited_at: now };
    await tx.messages.update(row.id, set);
    return { ...row, ...set };
  }

  /**
   * Turns messages into tombstones (MSG-7): the text is wiped, not hidden, and mentions, reactions, files
   * (rows now, bytes after the commit, FILE-11), the search document (SRCH-3), notices (PIN-7) and polls
   * go with it. Each gets its room's next revision, so reconnecting clients pick the change up (RT-3).
   */
  async tombstone(
    tx: ConversationRepos,
    rows: MessageRow[],
    by: string,
    now: number,
  ): Promise<TimelineChange> {
    const pinsRemoved: { id: string; room_id: string }[] = [];
    const fileIds: string[] = [];
    const updated: MessageRow[] = [];
    for (const [roomId, messages] of byRoom(rows)) {
      let rev = await tx.rooms.reserveRevs(roomId, messages.length);
      for (const m of messages) {
        const set = { ...TOMBSTONE, rev: rev++, deleted_at: now, deleted_by: by };
        await tx.messages.update(m.id, set);
        await tx.messages.replaceMentions(m, []);
        await tx.messages.deleteReactions(m.id);
        if (m.file_count > 0) fileIds.push(...(await tx.files.deleteForMessage(m.id, by, now)));
        await tx.search.remove(m.id);
        pinsRemoved.push(...(await tx.pins.deleteForMessage(m.id)));
        if (m.kind === 'poll') await tx.polls.deleteForMessage(m.id);
        updated.push({ ...m, ...set });
      }
    }
    return { updated, pinsRemoved, fileIds };
  }

  /**
   * Removes messages for good (retention; hard deletion): their files' rows (bytes after the commit), search
   * documents and notices here, and by the foreign keys' cascade their mentions, reactions and polls (with
   * their votes). Later messages keep their sequence numbers, and replies to a removed message say its
   * original was removed (RET-4). Each room hears the highest sequence removed (`messages:purged`): the
   * callers remove a room's oldest messages, so everything up to it is gone.
   */
  async purge(
    tx: ConversationRepos,
    rows: Pick<MessageRow, 'id' | 'room_id' | 'seq'>[],
  ): Promise<TimelineChange> {
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return {};
    const fileIds = await tx.files.purgeForMessages(ids);
    await tx.search.removeMany(ids);
    const pinsRemoved = await tx.pins.deleteForMessages(ids);
    await tx.messages.deleteMany(ids);
    const until = new Map<string, number>();
    for (const r of rows) until.set(r.room_id, Math.max(until.get(r.room_id) ?? 0, r.seq));
    const purged = [...until].map(([roomId, untilSeq]) => ({ roomId, untilSeq }));
    return { pinsRemoved, fileIds, purged };
  }

  /** Adds a member's reaction, or takes it back (MSG-8); the message gets the room's next revision. */
  async react(
    tx: ConversationRepos,
    row: MessageRow,
    userId: string,
    emoji: string,
    now: number,
  ): Promise<MessageRow> {
    await tx.messages.toggleReaction(row.id, userId, emoji, now);
    return this.touch(tx, row);
  }

  /**
   * Removes one file of a message (FILE-11; its bytes after the commit): the message stays, with the room's
   * next revision and a search document without the file's name (SRCH-3).
   */
  async removeFile(
    tx: ConversationRepos,
    file: { id: string; room_id: string; message_id: string },
    by: string,
    now: number,
  ): Promise<MessageRow | undefined> {
    await tx.files.markDeleted(file.id, by, now);
    const rev = await tx.rooms.nextRev(file.room_id);
    await tx.messages.update(file.message_id, { rev });
    const updated = await tx.messages.find(file.message_id);
    if (updated) await reindexMessage(tx, updated);
    return updated;
  }

  /** Gives a message the room's next revision after something hanging on it changed. */
  private async touch(tx: ConversationRepos, row: MessageRow): Promise<MessageRow> {
    const rev = await tx.rooms.nextRev(row.room_id);
    await tx.messages.update(row.id, { rev });
    return { ...row, rev };
  }

  /**
   * Announces a committed change: files' bytes are removed first, then the rooms hear of removed notices and
   * of created and updated messages. Returns those messages as presented (the caller's reply).
   */
  async publish(change: TimelineChange): Promise<{ created: Message[]; updated: Message[] }> {
    if (change.fileIds?.length) await this.d.removeFiles(change.fileIds);
    for (const p of change.pinsRemoved ?? []) this.d.events.pinRemoved(p.room_id, p.id);
    for (const p of change.purged ?? []) this.d.events.messagesPurged(p.roomId, p.untilSeq);
    const repos = this.d.uow.repos;
    // Nobody knows a new message's id before it is announced: presenting it needs no reactions query.
    const created = change.created?.length
      ? await this.present(change.created.map((r) => repos.messages.created(r)))
      : [];
    for (const m of created) this.d.events.messageCreated(m.roomId, m);
    const posted = created.filter((m) => m.kind !== 'system').length;
    if (posted > 0) this.d.counted?.(posted);
    const updated: Message[] = [];
    const rows = change.updated ?? [];
    for (let i = 0; i < rows.length; i += PRESENT_BATCH) {
      const batch = await this.present(rows.slice(i, i + PRESENT_BATCH));
      for (const m of batch) this.d.events.messageUpdated(m.roomId, m);
      updated.push(...batch);
    }
    return { created, updated };
  }

  private async present(rows: MessageRow[]): Promise<Message[]> {
    const ctx = await this.d.uow.repos.messages.context(rows);
    return rows.map((r) => presentMessage(r, ctx));
  }
}

/** The one message row literal: what a new message of any kind starts as. */
function newRow(
  id: string,
  roomId: string,
  at: { seq: number; rev: number },
  now: number,
  fields: Pick<MessageRow, 'kind'> & Partial<MessageRow>,
): MessageRow {
  return {
    id,
    room_id: roomId,
    seq: at.seq,
    rev: at.rev,
    sender_id: null,
    body: '',
    reply_to_id: null,
    mention_all: 0,
    mention_user_ids: '[]',
    system_event: null,
    created_at: now,
    edited_at: null,
    deleted_at: null,
    deleted_by: null,
    file_count: 0,
    e2e_epoch: null,
    ...fields,
  };
}

/** Rows grouped by room, in their order. */
function byRoom(rows: MessageRow[]): Map<string, MessageRow[]> {
  const out = new Map<string, MessageRow[]>();
  for (const r of rows) out.set(r.room_id, [...(out.get(r.room_id) ?? []), r]);
  return out;
}
