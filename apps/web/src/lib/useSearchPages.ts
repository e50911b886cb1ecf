import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';

/** A page of a searchable list as the admin routes answer it: some items and the cursor of the next page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'error'; error: unknown };

/**
 * A list searched by a text and read page by page ("Show more"): the first page again at each new search,
 * an answer for an older search never shown. `fetchPage` must be stable (a module function bound once).
 */
export function useSearchPages<T>(fetchPage: (q: string, cursor?: string) => Promise<Page<T>>): {
  query: string;
  setQuery: (q: string) => void;
  items: T[];
  setItems: Dispatch<SetStateAction<T[]>>;
  load: Load;
  hasMore: boolean;
  more: () => Promise<void>;
} {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    fetchPage(query).then(
      (r) => {
        if (cancelled) return;
        setItems(r.items);
        setCursor(r.nextCursor);
        setLoad({ status: 'ready' });
      },
      (error: unknown) => {
        if (!cancelled) setLoad({ status: 'error', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [fetchPage, query]);

  return {
    query,
    setQuery: (q: string) => {
      setQuery(q);
      setLoad({ status: 'loading' });
    },
    items,
    setItems,
    load,
    hasMore: cursor !== null,
    more: async () => {
      if (!cursor) return;
      const r = await fetchPage(query, cursor);
      setItems((list) => [...list, ...r.items]);
      setCursor(r.nextCursor);
    },
  };
}
