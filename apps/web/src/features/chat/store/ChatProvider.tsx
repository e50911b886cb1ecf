import { useEffect, useState, type ReactNode } from 'react';
import type { ApiClient } from '../../../lib/api.ts';
import { chatApi } from '../chatApi.ts';
import { ChatContext } from './ChatContext.tsx';
import { ChatStore } from './chatStore.ts';

/** Creates the signed-in user's chat store and keeps it subscribed to the server's events. */
export function ChatProvider({
  api,
  userId,
  children,
}: {
  api: ApiClient;
  userId: string;
  children: ReactNode;
}) {
  const [store] = useState(() => new ChatStore(chatApi(api), userId));
  useEffect(() => store.start(), [store]);
  return <ChatContext value={store}>{children}</ChatContext>;
}
