import type { SearchHit } from '@messenger/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorText } from '../../i18n/errorText.ts';
import type { ApiClient } from '../../lib/api.ts';
import { searchApi } from './searchApi.ts';
import { mergeHits, NO_FILTERS, searchBody, type PanelHit, type SearchFilters } from './searchModel.ts';

/** Searches this device's index of encrypted rooms (E2E-94); null where there are none. */
export type DeviceSearch = (text: string, filters: SearchFilters) => Promise<PanelHit[]>;

/** Pause after the last keystroke before searching (the server allows 30 searches a minute). */
const DEBOUNCE_MS = 350;

interface Answer {
  /** The query and filters this answer is for. */
  key: string;
  hits: SearchHit[];
  /** Found on this device in encrypted rooms (E2E-94), shown with the server's hits. */
  device: PanelHit[];
  hasMore: boolean;
  error: string | null;
  loadingMore: boolean;
}

/**
 * The search panel's state: words and filters, the answer to the latest of them (older answers that arrive
 * late are dropped), paging. Searches once typing pauses; nothing is asked without words or a filter.
 */
export function useSearch(
  client: ApiClient,
  initialRoomId: string | null,
  deviceSearch: DeviceSearch | null = null,
) {
  const api = useMemo(() => searchApi(client), [client]);
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<SearchFilters>({ ...NO_FILTERS, roomId: initialRoomId });
  const [answer, setAnswer] = useState<Answer | null>(null);
  const latestKey = useRef<string | null>(null);
  // The dates of presets are computed when the request is made, so the key holds the filters, not instants.
  const asked = searchBody(text, filters, new Date(0)) !== null;
  const key = asked ? JSON.stringify([text.trim(), filters]) : null;

  useEffect(() => {
    latestKey.current = key;
    if (!key) return;
    const timer = setTimeout(() => {
      const body = searchBody(text, filters, new Date());
      if (!body) return;
      // The device's index is asked beside the server; its failure only leaves its hits out.
      const local = deviceSearch
        ? deviceSearch(text, filters).catch((): PanelHit[] => [])
        : Promise.resolve([]);
      Promise.all([api.search(body), local]).then(
        ([r, found]) => {
          if (latestKey.current === key)
            setAnswer({
              key,
              hits: r.hits,
              device: found,
              hasMore: r.hasMore,
              error: null,
              loadingMore: false,
            });
        },
        (err: unknown) => {
          if (latestKey.current === key)
            setAnswer({
              key,
              hits: [],
              device: [],
              hasMore: false,
              error: errorText(err),
              loadingMore: false,
            });
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // The key is text and filters: a new one means a new search (as does a device index coming or going).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, api, deviceSearch]);

  const current = answer && answer.key === key ? answer : null;
  const hits = useMemo(() => (current ? mergeHits(current.hits, current.device) : []), [current]);

  /** The next page, appended. */
  const loadMore = () => {
    if (!current || !current.hasMore || current.loadingMore) return;
    const body = searchBody(text, filters, new Date(), current.hits.length);
    if (!body) return;
    setAnswer({ ...current, loadingMore: true });
    api.search(body).then(
      (r) => {
        if (latestKey.current === current.key)
          setAnswer({
            ...current,
            hits: [...current.hits, ...r.hits],
            hasMore: r.hasMore,
            loadingMore: false,
          });
      },
      (err: unknown) => {
        if (latestKey.current === current.key)
          setAnswer({ ...current, error: errorText(err), loadingMore: false });
      },
    );
  };

  return {
    text,
    setText,
    filters,
    setFilters,
    /** Nothing asked yet: the panel shows how to search. */
    idle: key === null,
    /** A search for the current words and filters is under way. */
    loading: key !== null && current === null,
    hits,
    hasMore: current?.hasMore ?? false,
    loadingMore: current?.loadingMore ?? false,
    error: current?.error ?? null,
    loadMore,
  };
}

export type SearchModel = ReturnType<typeof useSearch>;
