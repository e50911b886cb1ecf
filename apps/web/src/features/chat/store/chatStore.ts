import { uuidv7, type FileInfo, type Message, type RoomSummary } from '@messenger/shared';
import { realtime } from '../../../lib/socket.ts';
import { mentionedUserIds } from '../../e2e/mentions.ts';
import { browserStorage } from '../../../lib/storage.ts';
import type { ChatApi } from '../chatApi.ts';
import { Drafts, Outbox, type KeyValueStorage } from '../model/outbox.ts';
import { hasGapBefore, type PendingMessage, type Timeline } from '../model/timeline.ts';
import {
  chatReducer,
  initialChatState,
  roomChangeOf,
  type ChatAction,
  type ChatState,
  type RoomChange,
} from './chatState.ts';

/**
 * localStorage with every key prefixed by the user id, so drafts and unsent messages of one account never
 * show up for another account on a shared computer; memory when the browser refuses localStorage.
 */
function storage(userId: string): KeyValueStorage {
  const s = browserStorage();
  if (s) {
    return {
      getItem: (k) => s.getItem(`${userId}:${k}`),
      setItem: (k, v) => s.setItem(`${userId}:${k}`, v),
      removeItem: (k) => s.removeItem(`${userId}:${k}`),
    };
  }
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

/** What the chat store needs of the E2E client to send into an encrypted room. */
export interface E2eSender {
  send(
    roomId: string,
    content: { type: 'text'; body: string; mentions?: string[]; replyTo?: string },
    msgId: string,
    /** Handles of files sealed and uploaded by the E2E worker, sent as the message's attachments. */
    files?: string[],
  ): Promise<void>;
}

/** Drafts kept in memory only: an encrypted room's unsent text never goes to localStorage. */
function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

const PAGE = 50;
/** Read messages shown above the first unread one when a room opens there. */
const UNREAD_CONTEXT = 10;

/** My watermark in a room with unread messages from others (where the divider goes); null when all is read. */
export function unreadMarker(room: RoomSummary | undefined): number | null {
  return room && room.unreadCount > 0 && room.lastReadSeq < room.lastSeq ? room.lastReadSeq : null;
}

/** Whether a loaded timeline holds a sequence (or will, as live messages arrive at its end). */
function covers(t: Timeline | undefined, seq: number): boolean {
  const first = t?.messages[0];
  if (!t || !first || first.seq > seq) return false;
  return !t.hasMoreAfter || (t.messages.at(-1)?.seq ?? 0) >= seq;
}

/**
 * The chat's state container (read with useSyncExternalStore) and its commands: loads rooms and history,
 * applies server events in revision order, sends through the outbox and resyncs after a reconnect.
 */
export class ChatStore {
  private state: ChatState;
  private readonly subscribers = new Set<() => void>();
  readonly outbox: Outbox;
  /** Unsent text per room: in localStorage, except encrypted rooms' (memory only). */
  readonly drafts: Pick<Drafts, 'get' | 'set'>;
  /** Encrypted rooms' messages on their way (memory only; see PendingMessage.e2e). */
  private readonly e2ePending = new Map<string, PendingMessage>();
  private e2e: E2eSender | null = null;
  /** Called for every new message from someone else (desktop notification, sound). */
  private onIncoming: ((m: Message) => void) | null = null;
  private readonly loading = new Set<string>();
  /** One per room-list request in flight: the rooms changed here since it was sent (see loadRooms). */
  private readonly listWatchers = new Set<Map<string, RoomChange>>();
  private readonly messageObservers = new Set<(m: Message, created: boolean) => void>();

  readonly api: ChatApi;

  constructor(api: ChatApi, meId: string) {
    this.api = api;
    const kv = storage(meId);
    this.outbox = new Outbox(kv);
    const disk = new Drafts(kv);
    const memory = new Drafts(memoryStorage());
    this.drafts = {
      get: (roomId) => (this.isE2e(roomId) ? memory : disk).get(roomId),
      set: (roomId, text) => (this.isE2e(roomId) ? memory : disk).set(roomId, text),
    };
    this.state = { ...initialChatState(meId), pending: this.outbox.all() };
  }

  getState = (): ChatState => this.state;

  /** Whether a room is end-to-end encrypted (E2E-40). */
  isE2e(roomId: string): boolean {
    return this.state.rooms.some((r) => r.id === roomId && r.e2e);
  }

  /** Sets how encrypted rooms' messages are sent (the E2E client); returns the cleanup. */
  setE2e(sender: E2eSender): () => void {
    this.e2e = sender;
    return () => {
      if (this.e2e === sender) this.e2e = null;
    };
  }

  /** Sets the handler of new messages from others; returns the cleanup. */
  setIncomingHandler(fn: (m: Message) => void): () => void {
    this.onIncoming = fn;
    return () => {
      if (this.onIncoming === fn) this.onIncoming = null;
    };
  }

  subscribe = (fn: () => void): (() => void) => {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  };

  dispatch(action: ChatAction): void {
    const touched = this.listWatchers.size > 0 ? roomChangeOf(action) : null;
    // A change to a room this client does not hold yet changed nothing here: a list on its way (maybe answered
    // after the change) must not be overruled by a state that never saw it (two loads racing at start).
    const held =
      touched && (touched.change === 'removed' || action.type === 'room' || this.holds(touched.roomId));
    if (touched && held) for (const w of this.listWatchers) w.set(touched.roomId, touched.change);
    this.state = chatReducer(this.state, action);
    for (const fn of this.subscribers) fn();
  }

  /** Observes every live message, new or changed (the files panel follows them); returns the cleanup. */
  onMessage(fn: (m: Message, created: boolean) => void): () => void {
    this.messageObservers.add(fn);
    return () => this.messageObservers.delete(fn);
  }

  /**
   * Loads the rooms and follows reconnects; server events arrive through the inbound pipeline. Returns the
   * cleanup.
   */
  start(): () => void {
    const off = realtime.onConnect(() => void this.onReconnect());
    void this.loadRooms();
    if (realtime.isConnected()) this.resendOutbox();
    return off;
  }

  /** `message:created`: a new message in one of my rooms (its sender stops typing; others' notify). */
  messageCreated(message: Message): void {
    const t = this.state.timelines[message.roomId];
    if (!this.state.rooms.some((r) => r.id === message.roomId)) void this.loadRooms();
    if (t && hasGapBefore(t, message) && !t.hasMoreAfter) void this.resync([message.roomId]);
    if (message.sender)
      this.dispatch({
        type: 'typing',
        roomId: message.roomId,
        userId: message.sender.id,
        typing: false,
        now: Date.now(),
      });
    const viewing = this.state.activeRoomId === message.roomId && document.visibilityState === 'visible';
    // My encrypted message is confirmed by its event (the E2E route answers the worker, not this store).
    this.e2ePending.delete(message.id);
    this.dispatch({ type: 'messages', roomId: message.roomId, messages: [message], viewing });
    if (message.sender?.id !== this.state.meId) this.onIncoming?.(message);
    for (const fn of this.messageObservers) fn(message, true);
  }

  /** An encrypted message this device opened mentions me (E2E-50): the room shows the mark while it is unread. */
  mentionedIn(roomId: string, seq: number): void {
    this.dispatch({ type: 'mentioned', roomId, seq });
  }

  /** `message:updated`: an edit, deletion or reaction. */
  messageUpdated(message: Message): void {
    this.dispatch({ type: 'messages', roomId: message.roomId, messages: [message], viewing: true });
    for (const fn of this.messageObservers) fn(message, false);
  }

  /** `room:added`: I am in a room now. */
  roomAdded(room: RoomSummary): void {
    this.dispatch({ type: 'room', room });
    // Presence is pushed only to people who share a room: a new direct room needs the peer's now.
    if (room.peer) void this.loadPresence([room.peer.id]);
  }

  private holds(roomId: string): boolean {
    return this.state.rooms.some((r) => r.id === roomId);
  }

  /**
   * Loads the room list. Events keep arriving while it is on its way (a room added, a message): the list
   * is older than them, so the rooms they changed keep their newer state instead of being reset or dropped.
   */
  async loadRooms(): Promise<void> {
    const changedMeanwhile = new Map<string, RoomChange>();
    this.listWatchers.add(changedMeanwhile);
    try {
      const rooms = await this.api.rooms();
      this.listWatchers.delete(changedMeanwhile);
      this.dispatch({ type: 'rooms', rooms, changedMeanwhile });
      const fromUrl = /^#room=(.+)$/.exec(location.hash)?.[1];
      const wanted = fromUrl ? decodeURIComponent(fromUrl) : null;
      if (!this.state.activeRoomId && wanted && rooms.some((r) => r.id === wanted)) this.open(wanted);
      const peers = rooms.flatMap((r) => (r.peer ? [r.peer.id] : []));
      // My own entry too: the profile menu shows my status message.
      void this.loadPresence([this.state.meId, ...peers]);
    } catch {
      // Shown as the loading state; the next reconnect tries again.
    } finally {
      this.listWatchers.delete(changedMeanwhile);
    }
  }

  async loadPresence(userIds: string[]): Promise<void> {
    const ids = [...new Set(userIds)].slice(0, 100);
    if (ids.length === 0) return;
    try {
      const { presence } = await this.api.presence(ids);
      for (const p of presence) this.dispatch({ type: 'presence', ...p });
    } catch {
      // Presence is decoration; dots stay grey.
    }
  }

  /**
   * Opens a room (null closes). With unread messages it marks where they start and loads from there when the
   * first of them is not on the latest page; otherwise it loads the latest page (the first time only).
   */
  open(roomId: string | null): void {
    this.dispatch({ type: 'open', roomId });
    // The open room lives in the URL, so a reload comes back to it.
    history.replaceState(null, '', roomId ? `#room=${encodeURIComponent(roomId)}` : location.pathname);
    if (!roomId) return;
    const marker = unreadMarker(this.state.rooms.find((r) => r.id === roomId));
    this.dispatch({ type: 'unreadMarker', roomId, seq: marker });
    const t = this.state.timelines[roomId];
    const lastSeq = this.state.rooms.find((r) => r.id === roomId)?.lastSeq ?? 0;
    if (marker !== null && !covers(t, marker + 1)) {
      void (lastSeq - marker > PAGE ? this.loadFromUnread(roomId, marker) : this.loadLatest(roomId));
    } else if (!t) void this.loadLatest(roomId);
    if (!this.state.members[roomId]) void this.loadMembers(roomId);
  }

  /**
   * Opens a room at one message (a search result): the timeline loads around it and centers it, instead of
   * the latest page or the first unread one.
   */
  openAt(roomId: string, messageId: string): void {
    if (this.state.activeRoomId !== roomId) {
      this.dispatch({ type: 'open', roomId });
      history.replaceState(null, '', `#room=${encodeURIComponent(roomId)}`);
      this.dispatch({ type: 'unreadMarker', roomId, seq: null });
      if (!this.state.members[roomId]) void this.loadMembers(roomId);
    }
    this.dispatch({ type: 'jump', jump: { roomId, messageId } });
  }

  /** The timeline took the jump request. */
  jumpTaken(): void {
    if (this.state.jump) this.dispatch({ type: 'jump', jump: null });
  }

  /** Loads a page starting a few messages before the first unread one (`after` my watermark, MSG-9). */
  loadFromUnread(roomId: string, watermark: number): Promise<void> {
    return this.page(roomId, 'unread', async () => {
      const after = Math.max(0, watermark - UNREAD_CONTEXT);
      const page = await this.api.history(roomId, { after, limit: PAGE });
      // Replaces what was loaded, like a jump: the rows between here and the latest page load on scrolling.
      this.dispatch({ type: 'page', roomId, mode: 'around', page });
    });
  }

  async loadMembers(roomId: string): Promise<void> {
    try {
      const { members } = await this.api.room(roomId);
      this.dispatch({ type: 'members', roomId, members });
      void this.loadPresence(members.map((m) => m.user.id).filter((id) => id !== this.state.meId));
    } catch {
      // The header shows the count from the room list meanwhile.
    }
  }

  private async page(roomId: string, key: string, run: () => Promise<void>): Promise<void> {
    if (this.loading.has(roomId + key)) return;
    this.loading.add(roomId + key);
    try {
      await run();
    } catch {
      // Paging retries on the next scroll.
    } finally {
      this.loading.delete(roomId + key);
    }
  }

  loadLatest(roomId: string): Promise<void> {
    return this.page(roomId, 'latest', async () => {
      const page = await this.api.history(roomId, { limit: PAGE });
      this.dispatch({ type: 'page', roomId, mode: 'latest', page });
      // Live messages that arrived while this page was in flight had no timeline to land in, and the page
      // was read before they existed: fetch whatever lies past its end (the room list saw them).
      let last = page.messages.at(-1)?.seq ?? 0;
      while ((this.state.rooms.find((r) => r.id === roomId)?.lastSeq ?? 0) > last) {
        const newer = await this.api.history(roomId, { after: last, limit: PAGE });
        this.dispatch({ type: 'page', roomId, mode: 'after', page: newer });
        const end = newer.messages.at(-1)?.seq;
        if (end === undefined || end <= last) break;
        last = end;
      }
    });
  }

  loadOlder(roomId: string): Promise<void> {
    const t = this.state.timelines[roomId];
    const first = t?.messages[0];
    if (!t || !first || !t.hasMoreBefore) return Promise.resolve();
    return this.page(roomId, 'before', async () => {
      const page = await this.api.history(roomId, { before: first.seq, limit: PAGE });
      this.dispatch({ type: 'page', roomId, mode: 'before', page });
    });
  }

  loadNewer(roomId: string): Promise<void> {
    const t = this.state.timelines[roomId];
    const last = t?.messages.at(-1);
    if (!t || !last || !t.hasMoreAfter) return Promise.resolve();
    return this.page(roomId, 'after', async () => {
      const page = await this.api.history(roomId, { after: last.seq, limit: PAGE });
      this.dispatch({ type: 'page', roomId, mode: 'after', page });
    });
  }

  /** Makes sure a message is loaded (jump to a quoted original). */
  async loadAround(roomId: string, messageId: string): Promise<boolean> {
    if (this.state.timelines[roomId]?.messages.some((m) => m.id === messageId)) return true;
    try {
      const page = await this.api.history(roomId, { around: messageId, limit: PAGE });
      this.dispatch({ type: 'page', roomId, mode: 'around', page });
      return page.messages.some((m) => m.id === messageId);
    } catch {
      return false;
    }
  }

  /** Optimistic send: shown at once as pending, kept in the outbox until the server acknowledges. */
  send(
    roomId: string,
    body: string,
    replyToId?: string,
    attachments?: { tokens: string[]; files: FileInfo[] },
  ): void {
    if (this.isE2e(roomId)) return this.sendEncrypted(roomId, body, replyToId, attachments?.tokens);
    const entry: PendingMessage = {
      id: uuidv7(),
      roomId,
      body,
      replyToId,
      ...(attachments?.tokens.length ? { uploadTokens: attachments.tokens, files: attachments.files } : {}),
      createdAt: new Date().toISOString(),
      status: 'pending',
    };
    this.outbox.add(entry);
    this.syncPending();
    void this.deliver(entry);
  }

  /**
   * An encrypted room's send (E2E-42): the same pending row and client-chosen id as any send, sealed and sent
   * by the E2E worker; confirmed by the `message:created` of that id. Mentions are resolved here from the
   * room's members, since the server cannot read them.
   */
  private sendEncrypted(roomId: string, body: string, replyToId?: string, files?: string[]): void {
    const members = this.state.members[roomId] ?? [];
    const entry: PendingMessage = {
      id: uuidv7(),
      roomId,
      body,
      replyToId,
      createdAt: new Date().toISOString(),
      status: 'pending',
      e2e: {
        mentions: mentionedUserIds(body, members, this.state.meId),
        // Handles of files the E2E worker sealed and uploaded (E2E-75): their keys stay in the worker.
        ...(files?.length ? { files } : {}),
      },
    };
    this.e2ePending.set(entry.id, entry);
    this.syncPending();
    void this.deliverEncrypted(entry);
  }

  private async deliverEncrypted(p: PendingMessage): Promise<void> {
    try {
      if (!this.e2e) throw Object.assign(new Error('no E2E device'), { code: 'device.stopped' });
      const content = {
        type: 'text' as const,
        body: p.body,
        ...(p.e2e?.mentions.length ? { mentions: p.e2e.mentions } : {}),
        ...(p.replyToId ? { replyTo: p.replyToId } : {}),
      };
      await this.e2e.send(p.roomId, content, p.id, p.e2e?.files);
      // Usually the event came first; if not, the row stays pending until it does.
      if (this.state.timelines[p.roomId]?.messages.some((m) => m.id === p.id)) {
        this.e2ePending.delete(p.id);
        this.syncPending();
      }
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (!this.e2ePending.has(p.id)) return;
      this.e2ePending.set(p.id, {
        ...p,
        status: 'failed',
        errorCode: typeof code === 'string' ? code : 'device.internal',
      });
      this.syncPending();
    }
  }

  private syncPending(): void {
    this.dispatch({ type: 'pending', pending: [...this.outbox.all(), ...this.e2ePending.values()] });
  }

  private async deliver(p: PendingMessage): Promise<void> {
    const ack = await realtime.sendMessage({
      id: p.id,
      roomId: p.roomId,
      body: p.body,
      replyToId: p.replyToId,
      uploadTokens: p.uploadTokens,
    });
    if (ack.ok) {
      this.outbox.remove(p.id);
      this.dispatch({ type: 'messages', roomId: p.roomId, messages: [ack.data.message], viewing: true });
      this.syncPending();
    } else if (ack.error.code !== 'network.offline') {
      // Offline entries stay pending and go out on reconnect; a refusal or timeout waits for the user.
      this.outbox.update(p.id, { status: 'failed', errorCode: ack.error.code });
      this.syncPending();
    }
  }

  /** Sends a failed message again with the same id (stored once, MSG-1). */
  retry(id: string): void {
    const encrypted = this.e2ePending.get(id);
    if (encrypted) {
      const again = { ...encrypted, status: 'pending' as const, errorCode: undefined };
      this.e2ePending.set(id, again);
      this.syncPending();
      return void this.deliverEncrypted(again);
    }
    const p = this.outbox.all().find((x) => x.id === id);
    if (!p) return;
    this.outbox.update(id, { status: 'pending', errorCode: undefined });
    this.syncPending();
    void this.deliver({ ...p, status: 'pending' });
  }

  discard(id: string): void {
    this.e2ePending.delete(id);
    this.outbox.remove(id);
    this.syncPending();
  }

  private resendOutbox(): void {
    for (const p of this.outbox.all()) if (p.status === 'pending') void this.deliver(p);
  }

  /**
   * Sets my status message (empty clears it) through the socket; shown at once here, and pushed by the server
   * to everyone who shares a room with me (PRES-1). False when there is no connection to send it on.
   */
  setStatusMessage(text: string): boolean {
    if (!realtime.isConnected()) return false;
    const statusMessage = text.normalize('NFC').trim();
    realtime.setPresence({ statusMessage });
    const mine = this.state.presence[this.state.meId];
    this.dispatch({
      type: 'presence',
      userId: this.state.meId,
      presence: mine?.presence ?? 'online',
      statusMessage,
    });
    return true;
  }

  /** Moves my watermark (the view debounces and passes the highest visible sequence). */
  markRead(roomId: string, seq: number): void {
    const mine = this.state.reads[roomId]?.get(this.state.meId) ?? 0;
    const room = this.state.rooms.find((r) => r.id === roomId);
    if (seq <= mine && (!room || seq <= room.lastReadSeq)) return;
    realtime.markRead(roomId, seq);
    this.dispatch({ type: 'reads', roomId, reads: [{ userId: this.state.meId, lastReadSeq: seq }] });
  }

  /** Applies a message returned by an HTTP action (edit, delete) without waiting for the event. */
  applyMessage(m: Message): void {
    this.dispatch({ type: 'messages', roomId: m.roomId, messages: [m], viewing: true });
  }

  private async onReconnect(): Promise<void> {
    await this.loadRooms();
    await this.resync(Object.keys(this.state.timelines));
    this.resendOutbox();
  }

  /** Changes since each known revision (RT-3): no gap, no duplicate, no full reload. */
  async resync(roomIds: string[]): Promise<void> {
    let ask = roomIds.filter((id) => this.state.rooms.some((r) => r.id === id));
    while (ask.length > 0) {
      const ack = await realtime.sync(
        ask.map((roomId) => ({ roomId, rev: this.state.timelines[roomId]?.rev ?? 0 })),
      );
      if (!ack.ok) return;
      const more: string[] = [];
      for (const r of ack.data.rooms) {
        this.dispatch({ type: 'messages', roomId: r.roomId, messages: r.messages, viewing: false });
        this.dispatch({ type: 'reads', roomId: r.roomId, reads: r.reads });
        if (r.hasMore) more.push(r.roomId);
      }
      ask = more;
    }
  }
}
