import type { Message } from '@messenger/shared';
import { useState } from 'react';
import { errorText } from '../../../i18n/errorText.ts';
import { useChatStore } from '../store/ChatContext.tsx';

/** Edit, delete, react, reply, readers and retry for the open room's messages, with their dialogs' state. */
export function useMessageActions(onReply: (m: Message) => void) {
  const store = useChatStore();
  const [editingId, setEditingId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Message | null>(null);
  const [readersOf, setReadersOf] = useState<Message | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    }
  };

  return {
    editingId,
    deleting,
    readersOf,
    error,
    setError,
    reply: onReply,
    startEdit: (m: Message) => setEditingId(m.id),
    cancelEdit: () => setEditingId(null),
    saveEdit: async (m: Message, body: string) => {
      if (body.trim() === '' || body === m.body) return setEditingId(null);
      const ok = await run(async () => store.applyMessage((await store.api.edit(m.id, body)).message));
      if (ok) setEditingId(null);
    },
    askDelete: setDeleting,
    cancelDelete: () => setDeleting(null),
    confirmDelete: async () => {
      const m = deleting;
      if (!m) return;
      await run(async () => store.applyMessage((await store.api.remove(m.id)).message));
      setDeleting(null);
    },
    react: (m: Message, emoji: string) => void run(() => store.api.react(m.id, emoji)),
    showReaders: setReadersOf,
    hideReaders: () => setReadersOf(null),
    readers: (m: Message) => store.api.readers(m.id),
    retry: (id: string) => store.retry(id),
    discard: (id: string) => store.discard(id),
  };
}

export type MessageActionsModel = ReturnType<typeof useMessageActions>;
