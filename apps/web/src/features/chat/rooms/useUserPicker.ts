import type { UserSummary } from '@messenger/shared';
import { useEffect, useState } from 'react';
import { useChatStore } from '../store/ChatContext.tsx';

/** Directory search (debounced) and the chosen people, for the new-chat and invite dialogs. */
export function useUserPicker(exclude: string[] = []) {
  const store = useChatStore();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<UserSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [chosen, setChosen] = useState<UserSummary[]>([]);

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      store.api.users(query.trim()).then(
        (r) => {
          if (cancelled) return;
          setResults(r.users);
          setNextCursor(r.nextCursor);
          setLoading(false);
        },
        () => !cancelled && setLoading(false),
      );
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, store]);

  const more = async () => {
    if (!nextCursor) return;
    const r = await store.api.users(query.trim(), nextCursor);
    setResults((prev) => [...prev, ...r.users]);
    setNextCursor(r.nextCursor);
  };

  const toggle = (u: UserSummary) =>
    setChosen((prev) => (prev.some((x) => x.id === u.id) ? prev.filter((x) => x.id !== u.id) : [...prev, u]));

  return {
    query,
    setQuery: (q: string) => {
      setQuery(q);
      setLoading(true);
    },
    results: results.filter((u) => !exclude.includes(u.id) && !u.deleted),
    loading,
    hasMore: nextCursor !== null,
    more,
    chosen,
    toggle,
  };
}
