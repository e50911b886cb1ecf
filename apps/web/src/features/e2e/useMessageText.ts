import type { Message } from '@messenger/shared';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useE2e } from './E2eContext.tsx';

const NONE = () => () => {};

/**
 * The text of a message to quote (the composer's reply preview): its body, or for an encrypted message the text
 * decrypted here already ("Encrypted message" when there is none yet).
 */
export function useMessageText(message: Message | null): string {
  const { t } = useTranslation();
  const cache = useE2e()?.cache;
  const id = message?.kind === 'e2e' ? message.id : null;
  const entry = useSyncExternalStore(cache?.subscribe ?? NONE, () => (id ? cache?.latest(id) : undefined));
  if (!message) return '';
  if (message.kind !== 'e2e') return message.body;
  return entry?.value.status === 'ok' ? entry.value.content.body : t('e2e.preview');
}
