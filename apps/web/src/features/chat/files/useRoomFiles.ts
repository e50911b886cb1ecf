import type { FileKind, Message, RoomFile } from '@messenger/shared';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { errorText } from '../../../i18n/errorText.ts';
import { useChatStore } from '../store/ChatContext.tsx';

interface Gallery {
  files: RoomFile[];
  cursor: string | null;
  done: boolean;
  loading: boolean;
  error: string | null;
}

const initial: Gallery = { files: [], cursor: null, done: false, loading: false, error: null };

/** The gallery entries a live message adds (its files of that kind, newest first). */
export function galleryEntries(message: Message, kind: FileKind): RoomFile[] {
  return message.files
    .filter((f) => f.kind === kind && !f.deleted)
    .map((f) => ({
      ...f,
      messageId: message.id,
      seq: message.seq,
      uploader: message.sender,
      createdAt: message.createdAt,
    }))
    .reverse();
}

/**
 * One page after another of a room's files of one kind, newest first; follows live messages (new files
 * appear, deleted ones disappear) and deletes a file.
 */
export function useRoomFiles(roomId: string, kind: FileKind) {
  const store = useChatStore();
  const api = store.api.files;
  const [g, setG] = useState<Gallery>(initial);
  const current = useRef(g);
  useLayoutEffect(() => {
    current.current = g;
  }, [g]);
  // Answers for another room or tab that arrive late are dropped.
  const generation = useRef(0);

  const loadMore = useCallback(async () => {
    const now = current.current;
    if (now.loading || now.done) return;
    const gen = generation.current;
    // Set at once too: a second scroll event before the next render must not load the same page again.
    current.current = { ...now, loading: true, error: null };
    setG(current.current);
    try {
      const page = await api.roomFiles(roomId, { kind, cursor: now.cursor });
      if (gen !== generation.current) return;
      setG((prev) => {
        const seen = new Set(prev.files.map((f) => f.id));
        return {
          files: [...prev.files, ...page.files.filter((f) => !seen.has(f.id))],
          cursor: page.nextCursor,
          done: page.nextCursor === null,
          loading: false,
          error: null,
        };
      });
    } catch (err) {
      if (gen === generation.current) setG((prev) => ({ ...prev, loading: false, error: errorText(err) }));
    }
  }, [api, roomId, kind]);

  useEffect(() => {
    generation.current += 1;
    current.current = initial;
    setG(initial);
    void loadMore();
  }, [loadMore]);

  useEffect(() => {
    const apply = (message: Message, created: boolean) => {
      if (message.roomId !== roomId) return;
      const gone = new Set(message.files.filter((f) => f.deleted).map((f) => f.id));
      if (message.deletedAt) for (const f of message.files) gone.add(f.id);
      const added = created ? galleryEntries(message, kind) : [];
      if (gone.size === 0 && added.length === 0) return;
      setG((prev) => {
        const seen = new Set(prev.files.map((f) => f.id));
        return {
          ...prev,
          files: [...added.filter((f) => !seen.has(f.id)), ...prev.files.filter((f) => !gone.has(f.id))],
        };
      });
    };
    return store.onMessage(apply);
  }, [store, roomId, kind]);

  /** Deletes a file for everyone; the message keeps a tombstone (through `message:updated`). */
  const remove = async (fileId: string): Promise<void> => {
    await api.remove(roomId, fileId);
    setG((prev) => ({ ...prev, files: prev.files.filter((f) => f.id !== fileId) }));
  };

  return { ...g, loadMore, remove };
}
