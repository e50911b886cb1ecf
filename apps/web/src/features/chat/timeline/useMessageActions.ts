import type { Message } from '@messenger/shared';
import { useState } from 'react';
import { errorText } from '../../../i18n/errorText.ts';
import { codeOf } from '../../e2e/e2eClient.ts';
import { useE2e } from '../../e2e/E2eContext.tsx';
import { failureText } from '../../e2e/failureText.ts';
import { mentionedUserIds } from '../../e2e/mentions.ts';
import { useChatStore } from '../store/ChatContext.tsx';

/** Edit, delete, react, reply, readers and retry for the open room's messages, with their dialogs' state. */
export function useMessageActions(onReply: (m: Message) => void) {
  const store = useChatStore();
  const e2e = useE2e();
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

  /**
   * An encrypted message's edit (E2E-43): the new content sealed by the worker under the same id, its reply and
   * mentions kept; members get `message:updated` with the new ciphertext and decrypt it again.
   */
  const saveEncryptedEdit = async (m: Message, body: string) => {
    const before = e2e?.cache.latest(m.id)?.value;
    const old = before?.status === 'ok' ? before.content : null;
    if (body.trim() === '' || !old || body === old.body || !e2e) return setEditingId(null);
    const { members, meId } = store.getState();
    const mentions = mentionedUserIds(body, members[m.roomId] ?? [], meId);
    const content = {
      type: 'text' as const,
      body,
      ...(mentions.length ? { mentions } : {}),
      ...(old.replyTo ? { replyTo: old.replyTo } : {}),
    };
    try {
      await e2e.client.edit(m.roomId, m.id, content);
      setEditingId(null);
    } catch (err) {
      setError(failureText(codeOf(err), 'action'));
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
      if (m.kind === 'e2e') return saveEncryptedEdit(m, body);
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
