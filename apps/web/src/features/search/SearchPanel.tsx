import type { SearchHit, UserSummary } from '@messenger/shared';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiClient } from '../../lib/api.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { useE2e } from '../e2e/E2eContext.tsx';
import { LockIcon } from '../e2e/LockIcon.tsx';
import { roomTitle } from '../chat/roomTitle.ts';
import { useChatState, useChatStore } from '../chat/store/ChatContext.tsx';
import {
  deviceCanFilter,
  deviceHitToPanelHit,
  filterDeviceHits,
  groupByRoom,
  type SearchFilters,
} from './searchModel.ts';
import { SearchFilterBar } from './SearchFilterBar.tsx';
import { SearchResults } from './SearchResults.tsx';
import { useSearch, type DeviceSearch } from './useSearch.ts';

export interface SearchPanelProps {
  api: ApiClient;
  /** Search within this room (a removable chip), or everywhere. */
  roomId: string | null;
  onClose: () => void;
}

/**
 * Message search (SRCH-7): words and filters, results grouped by room with the matches marked. Arrow keys
 * move through the results, Enter opens one: the room opens at that message.
 */
export function SearchPanel({ api, roomId, onClose }: SearchPanelProps) {
  const { t } = useTranslation();
  const state = useChatState();
  const store = useChatStore();
  const e2e = useE2e();
  const hasE2e = state.rooms.some((r) => r.e2e);
  // Encrypted rooms are searched in this device's index of the messages it opened (E2E-94): the server
  // never sees their text. Read from the store when the search runs, so a new render is not a new search.
  const deviceSearch = useMemo<DeviceSearch | null>(() => {
    if (!e2e || !hasE2e) return null;
    return async (text: string, filters: SearchFilters) => {
      const now = store.getState();
      const room = filters.roomId ? now.rooms.find((r) => r.id === filters.roomId) : null;
      if (!text.trim() || !deviceCanFilter(filters) || (room && !room.e2e)) return [];
      const found = await e2e.client.searchLocal(text, filters.roomId, 100);
      return filterDeviceHits(found, filters, new Date()).flatMap((h) => {
        const r = now.rooms.find((x) => x.id === h.roomId && x.e2e);
        if (!r) return [];
        const name = roomTitle(r, t('chat.deletedUser'));
        return [deviceHitToPanelHit(h, { kind: r.kind, name }, now.users[h.senderId] ?? null)];
      });
    };
  }, [e2e, hasE2e, store, t]);
  const s = useSearch(api, roomId, deviceSearch);
  const listId = useId();
  const [active, setActive] = useState(0);
  const groups = useMemo(() => groupByRoom(s.hits), [s.hits]);
  const ordered = useMemo(() => groups.flatMap((g) => g.hits), [groups]);
  const optionId = (h: SearchHit) => `${listId}-hit-${h.message.id}`;
  const current = ordered[Math.min(active, ordered.length - 1)];
  const activeId = current ? optionId(current) : null;
  const input = useRef<HTMLInputElement>(null);

  // After the dialog opened (its effect runs first and focuses its first button): typing goes to the field.
  useEffect(() => input.current?.focus(), []);

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const people = useMemo(() => {
    const members = s.filters.roomId ? state.members[s.filters.roomId] : undefined;
    const list: UserSummary[] = members ? members.map((m) => m.user) : Object.values(state.users);
    return list.filter((u) => !u.deleted).sort((a, b) => a.nickname.localeCompare(b.nickname));
  }, [s.filters.roomId, state.members, state.users]);

  const choose = (hit: SearchHit) => {
    store.openAt(hit.room.id, hit.message.id);
    onClose();
  };
  const titleOf = (g: { roomId: string; roomName: string }) => {
    const room = state.rooms.find((r) => r.id === g.roomId);
    return room ? roomTitle(room, t('chat.deletedUser')) : g.roomName;
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    // Keys that finish a Korean syllable belong to the IME.
    if (e.nativeEvent.isComposing) return;
    // A search field would spend Escape on clearing itself: here it closes the panel, as everywhere else.
    if (e.key === 'Escape') {
      e.preventDefault();
      e.currentTarget.closest('dialog')?.close();
      return;
    }
    if (ordered.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (Math.min(a, ordered.length - 1) + step + ordered.length) % ordered.length);
    } else if (e.key === 'Enter' && current) {
      e.preventDefault();
      choose(current);
    }
  };

  return (
    <Dialog
      title={t('search.title')}
      closeLabel={t('chat.close')}
      onClose={onClose}
      className="search-dialog"
      testId="search-panel"
    >
      <div className="search">
        <div className="search__bar">
          <svg className="search__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
            <path d="M10.5 10.5L14 14" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
          <input
            type="search"
            className="field__input search__input"
            role="combobox"
            aria-expanded={ordered.length > 0}
            aria-controls={listId}
            aria-activedescendant={activeId ?? undefined}
            aria-autocomplete="list"
            aria-label={t('search.placeholder')}
            placeholder={t('search.placeholder')}
            ref={input}
            value={s.text}
            data-testid="search-input"
            onChange={(e) => {
              s.setText(e.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
          />
        </div>
        <SearchFilterBar
          filters={s.filters}
          onChange={(f) => {
            s.setFilters(f);
            setActive(0);
          }}
          rooms={state.rooms}
          people={people}
        />
        {/*
          Design e2e.md 5.8: encrypted rooms are excluded from the server's search, and the UI says so; they
          are searched on this device, in the messages it has opened (E2E-94).
        */}
        {hasE2e ? (
          <p className="search__e2e-note" data-testid="search-e2e-note">
            <LockIcon className="e2e-note__icon" />
            {t(deviceSearch ? 'e2e.searchNoteDevice' : 'e2e.searchNote')}
          </p>
        ) : null}
        <div className="search__body" aria-busy={s.loading}>
          {s.idle ? (
            <p className="search__status">{t('search.hint')}</p>
          ) : s.loading ? (
            <p className="search__status" role="status">
              {t('search.searching')}
            </p>
          ) : s.error ? (
            <p className="search__status search__status--error" role="alert">
              {s.error}
            </p>
          ) : ordered.length === 0 ? (
            <div className="search__status" role="status" data-testid="search-empty">
              <p className="search__empty-title">{t('search.noResults')}</p>
              <p>{t('search.noResultsHint')}</p>
            </div>
          ) : (
            <>
              <SearchResults
                listId={listId}
                groups={groups}
                titleOf={titleOf}
                activeId={activeId}
                optionId={optionId}
                onChoose={choose}
                onHover={(h) => setActive(ordered.indexOf(h))}
              />
              {s.hasMore ? (
                <button
                  type="button"
                  className="button button--secondary button--small search__more"
                  disabled={s.loadingMore}
                  onClick={s.loadMore}
                >
                  {s.loadingMore ? t('search.searching') : t('search.loadMore')}
                </button>
              ) : null}
            </>
          )}
        </div>
      </div>
    </Dialog>
  );
}
