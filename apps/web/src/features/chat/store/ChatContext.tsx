import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ChatStore } from './chatStore.ts';
import type { ChatState } from './chatState.ts';

/** The chat store of the signed-in shell. */
export const ChatContext = createContext<ChatStore | null>(null);

/** The chat store; only inside the shell. */
export function useChatStore(): ChatStore {
  const store = useContext(ChatContext);
  if (!store) throw new Error('useChatStore outside ChatContext');
  return store;
}

/** The chat state, re-rendering on every change. */
export function useChatState(): ChatState {
  const store = useChatStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}
