import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import type { Poll } from '@messenger/shared';
import type { PollStore } from './pollStore.ts';

/** The poll store of the signed-in shell. */
export const PollsContext = createContext<PollStore | null>(null);

export function usePollStore(): PollStore {
  const store = useContext(PollsContext);
  if (!store) throw new Error('usePollStore outside PollsContext');
  return store;
}

/** One poll, re-rendering when it changes; fetched if not known yet. */
export function usePoll(id: string): Poll | undefined {
  const store = usePollStore();
  const poll = useSyncExternalStore(store.subscribe, () => store.get(id));
  useEffect(() => {
    if (!poll) void store.ensure(id);
  }, [store, id, poll]);
  return poll;
}
