import { AdminAuditResponse, type AdminAuditEntry } from '@messenger/shared';
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../i18n/errorText.ts';
import type { ApiClient } from '../../lib/api.ts';

/** What the administrator filters the audit log by (AUDIT-2); empty strings mean "any". */
export interface AuditFilters {
  actor: string;
  /** An action family (`auth`, `room`, ...), or '' for all. */
  family: string;
  /** `yyyy-mm-dd` in the browser's time zone. */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { actor: '', family: '', from: '', to: '' };

/** The query string of a filter set (the day range in the browser's time zone; `to` includes its day). */
export function auditQuery(f: AuditFilters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.actor.trim()) q.set('actor', f.actor.trim());
  if (f.family) q.set('action', f.family);
  if (f.from) q.set('from', new Date(`${f.from}T00:00:00`).toISOString());
  if (f.to) {
    const end = new Date(`${f.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    q.set('to', end.toISOString());
  }
  return q;
}

type Load = { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string };

/** What was loaded, and for which query: another query than the current one means it is loading. */
interface Loaded {
  query: string;
  entries: AdminAuditEntry[];
  cursor: string | null;
  error: string | null;
}

/** The log as filtered now, newest first: the first page when the filters change, more on request. */
export function useAdminAudit(api: ApiClient, filters: AuditFilters) {
  const query = auditQuery(filters).toString();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  const fetchPage = useCallback(
    (after: string | null) => {
      const q = new URLSearchParams(query);
      q.set('limit', '50');
      if (after) q.set('cursor', after);
      return api.call('GET', `/api/admin/audit?${q.toString()}`, AdminAuditResponse);
    },
    [api, query],
  );

  useEffect(() => {
    let cancelled = false;
    fetchPage(null).then(
      (r) => !cancelled && setLoaded({ query, entries: r.entries, cursor: r.nextCursor, error: null }),
      (err: unknown) => !cancelled && setLoaded({ query, entries: [], cursor: null, error: errorText(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [fetchPage, query]);

  const current = loaded?.query === query ? loaded : null;
  const load: Load = !current
    ? { status: 'loading' }
    : current.error
      ? { status: 'error', message: current.error }
      : { status: 'ready' };

  const [moreFor, setMoreFor] = useState<string | null>(null);
  /** The next page, kept only while the filters it was asked for are still the ones shown. */
  const more = async () => {
    const after = current?.cursor;
    if (!after || moreFor === after) return;
    setMoreFor(after);
    try {
      const r = await fetchPage(after);
      setLoaded((l) =>
        l && l.query === query && l.cursor === after
          ? { ...l, entries: [...l.entries, ...r.entries], cursor: r.nextCursor }
          : l,
      );
    } catch (err) {
      setLoaded((l) => (l && l.query === query ? { ...l, error: errorText(err) } : l));
    } finally {
      setMoreFor(null);
    }
  };

  return {
    entries: current?.entries ?? [],
    hasMore: !!current?.cursor,
    loadingMore: moreFor !== null,
    load,
    more,
    query,
  };
}
