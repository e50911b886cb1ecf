import { MESSAGE_LIMITS, type Message } from '@messenger/shared';
import {
  useEffect,
  useRef,
  useState,
  type ChangeEvent,
  type ClipboardEvent,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { pastedFiles } from '../files/paste.ts';
import type { UploadTray } from '../files/useUploadTray.ts';
import { realtime } from '../../../lib/socket.ts';
import { shouldSend } from '../model/keys.ts';
import { useChatState, useChatStore } from '../store/ChatContext.tsx';
import { insertMention, matchMentions, mentionQuery, type MentionCandidate } from './mentions.ts';

/** Typing signals go out at most this often (TYPE-1). */
const TYPING_EVERY_MS = 3_000;
/** The counter appears this close to the limit. */
const COUNTER_FROM = MESSAGE_LIMITS.bodyMax - 1_000;

/** Code points after NFC, as the server counts (MSG-2). */
export function charCount(text: string): number {
  return [...text.normalize('NFC')].length;
}

/**
 * The composer's state: draft per room (kept across reloads), IME-safe Enter, mention autocomplete,
 * length limit, typing signal, reply mode, and the files of the upload tray sent with the text.
 */
export function useComposer(
  roomId: string,
  replyTo: Message | null,
  clearReply: () => void,
  ref: RefObject<HTMLTextAreaElement | null>,
  tray: UploadTray,
  /** An encrypted room: `blocked` until it is ready here, and pasted files are refused meanwhile (E2E-75). */
  e2e: { blocked: boolean; refuseFiles?: () => void } = { blocked: false },
) {
  const store = useChatStore();
  const state = useChatState();
  const [text, setTextState] = useState(() => store.drafts.get(roomId));
  const [mention, setMention] = useState<{ start: number; query: string; index: number } | null>(null);
  const lastTyping = useRef(0);

  const setText = (value: string) => {
    setTextState(value);
    store.drafts.set(roomId, value);
  };

  // Stop the typing signal when leaving the room.
  useEffect(
    () => () => {
      if (lastTyping.current) realtime.typing(roomId, false);
    },
    [roomId],
  );

  const members: MentionCandidate[] = (state.members[roomId] ?? [])
    .filter((m) => m.user.id !== state.meId && !m.user.deleted)
    .map((m) => ({ username: m.user.username, nickname: m.user.nickname }));
  const suggestions = mention ? matchMentions(mention.query, members) : [];
  const count = charCount(text);
  const tooLong = count > MESSAGE_LIMITS.bodyMax;

  const canSend = !tooLong && !e2e.blocked && tray.canSend(text);

  const send = () => {
    if (!canSend) return;
    // Null when a file's token is about to expire: it uploads again, and Send waits for it.
    const attachments = tray.take();
    if (!attachments) return;
    store.send(roomId, text, replyTo?.id, attachments.tokens.length > 0 ? attachments : undefined);
    setText('');
    setMention(null);
    clearReply();
    if (lastTyping.current) realtime.typing(roomId, false);
    lastTyping.current = 0;
  };

  const pick = (c: MentionCandidate) => {
    const el = ref.current;
    if (!mention || !el) return;
    const next = insertMention(text, mention.start, el.selectionStart, c.username);
    setText(next.text);
    setMention(null);
    requestAnimationFrame(() => el.setSelectionRange(next.caret, next.caret));
  };

  const onChange = (e: ChangeEvent<HTMLTextAreaElement>) => {
    const value = e.target.value;
    setText(value);
    const q = mentionQuery(value, e.target.selectionStart);
    setMention(q ? { ...q, index: 0 } : null);
    const now = Date.now();
    if (value.trim() && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      realtime.typing(roomId, true);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    const composing = e.nativeEvent.isComposing || e.nativeEvent.keyCode === 229;
    if (!composing && mention && suggestions.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const d = e.key === 'ArrowDown' ? 1 : -1;
        setMention({ ...mention, index: (mention.index + d + suggestions.length) % suggestions.length });
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        pick(suggestions[mention.index] ?? suggestions[0]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setMention(null);
        return;
      }
    }
    if (e.key === 'Escape' && !composing && replyTo) {
      e.preventDefault();
      clearReply();
      return;
    }
    if (
      shouldSend({
        key: e.key,
        shiftKey: e.shiftKey,
        altKey: e.altKey,
        isComposing: composing,
        keyCode: e.nativeEvent.keyCode,
      })
    ) {
      e.preventDefault();
      send();
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = pastedFiles([...e.clipboardData.files], [...e.clipboardData.types]);
    if (files.length === 0) return;
    e.preventDefault();
    if (e2e.refuseFiles) return e2e.refuseFiles();
    tray.add(files);
  };

  return {
    text,
    onChange,
    onKeyDown,
    onPaste,
    send,
    canSend,
    count,
    showCounter: count >= COUNTER_FROM,
    tooLong,
    limit: MESSAGE_LIMITS.bodyMax,
    suggestions: mention ? suggestions : [],
    activeSuggestion: mention?.index ?? 0,
    pick,
    closeSuggestions: () => setMention(null),
  };
}
