import type { RoomSummary, UserSummary } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { roomTitle } from '../chat/roomTitle.ts';
import { activeFilterCount, NO_FILTERS, type DateFilter, type SearchFilters } from './searchModel.ts';

export interface SearchFilterBarProps {
  filters: SearchFilters;
  onChange: (next: SearchFilters) => void;
  rooms: RoomSummary[];
  /** People to pick as sender (the chosen room's members when known). */
  people: UserSummary[];
}

/** The filters as chips: each a labelled native select (keyboard and phone friendly), mentions a toggle. */
export function SearchFilterBar({ filters, onChange, rooms, people }: SearchFilterBarProps) {
  const { t } = useTranslation();
  const set = (patch: Partial<SearchFilters>) => onChange({ ...filters, ...patch });
  const chip = (on: boolean) => (on ? 'search-chip search-chip--on' : 'search-chip');
  const deleted = t('chat.deletedUser');
  return (
    <div className="search-filters" role="group" aria-label={t('search.filters')}>
      <label className={chip(!!filters.roomId)}>
        <span className="visually-hidden">{t('search.room')}</span>
        <select
          value={filters.roomId ?? ''}
          data-testid="search-filter-room"
          onChange={(e) => set({ roomId: e.target.value || null, senderId: null })}
        >
          <option value="">{t('search.allRooms')}</option>
          {rooms.map((r) => (
            <option key={r.id} value={r.id}>
              {roomTitle(r, deleted)}
            </option>
          ))}
        </select>
      </label>
      <label className={chip(!!filters.senderId)}>
        <span className="visually-hidden">{t('search.sender')}</span>
        <select
          value={filters.senderId ?? ''}
          data-testid="search-filter-sender"
          onChange={(e) => set({ senderId: e.target.value || null })}
        >
          <option value="">{t('search.anyone')}</option>
          {people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.nickname} (@{u.username})
            </option>
          ))}
        </select>
      </label>
      <label className={chip(filters.date !== 'any')}>
        <span className="visually-hidden">{t('search.date')}</span>
        <select
          value={filters.date}
          data-testid="search-filter-date"
          onChange={(e) => set({ date: e.target.value as DateFilter })}
        >
          <option value="any">{t('search.anyTime')}</option>
          <option value="today">{t('search.today')}</option>
          <option value="week">{t('search.week')}</option>
          <option value="month">{t('search.month')}</option>
          <option value="custom">{t('search.custom')}</option>
        </select>
      </label>
      {filters.date === 'custom' ? (
        <span className="search-filters__range">
          <label>
            <span className="visually-hidden">{t('search.from')}</span>
            <input
              type="date"
              className="search-chip search-chip--on"
              value={filters.fromDay}
              max={filters.toDay || undefined}
              aria-label={t('search.from')}
              onChange={(e) => set({ fromDay: e.target.value })}
            />
          </label>
          <span aria-hidden="true">–</span>
          <label>
            <span className="visually-hidden">{t('search.to')}</span>
            <input
              type="date"
              className="search-chip search-chip--on"
              value={filters.toDay}
              min={filters.fromDay || undefined}
              aria-label={t('search.to')}
              onChange={(e) => set({ toDay: e.target.value })}
            />
          </label>
        </span>
      ) : null}
      <label className={chip(!!filters.file)}>
        <span className="visually-hidden">{t('search.file')}</span>
        <select
          value={filters.file ?? ''}
          data-testid="search-filter-file"
          onChange={(e) => set({ file: (e.target.value || null) as SearchFilters['file'] })}
        >
          <option value="">{t('search.noFileFilter')}</option>
          <option value="any">{t('search.anyFile')}</option>
          <option value="image">{t('search.images')}</option>
          <option value="file">{t('search.documents')}</option>
        </select>
      </label>
      <button
        type="button"
        className={chip(filters.mentionsMe)}
        aria-pressed={filters.mentionsMe}
        data-testid="search-filter-mentions"
        onClick={() => set({ mentionsMe: !filters.mentionsMe })}
      >
        @ {t('search.mentionsMe')}
      </button>
      {activeFilterCount(filters) > 0 ? (
        <button
          type="button"
          className="link-button search-filters__clear"
          onClick={() => onChange(NO_FILTERS)}
        >
          {t('search.clearFilters')}
        </button>
      ) : null}
    </div>
  );
}
