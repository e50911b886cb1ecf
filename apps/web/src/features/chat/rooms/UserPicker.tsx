import { useTranslation } from 'react-i18next';
import { Avatar } from '../../../ui/Avatar.tsx';
import type { useUserPicker } from './useUserPicker.ts';

/** Search box, results with checkboxes and the chosen people as removable chips. */
export function UserPicker({ picker }: { picker: ReturnType<typeof useUserPicker> }) {
  const { t } = useTranslation();
  return (
    <div className="user-picker">
      <input
        type="search"
        className="field__input"
        placeholder={t('chat.searchPeople')}
        aria-label={t('chat.searchPeople')}
        value={picker.query}
        onChange={(e) => picker.setQuery(e.target.value)}
        autoFocus
      />
      {picker.chosen.length > 0 ? (
        <ul className="user-picker__chips" aria-label={t('chat.chosenPeople')}>
          {picker.chosen.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                className="chip"
                aria-label={t('chat.removePerson', { name: u.nickname })}
                onClick={() => picker.toggle(u)}
              >
                {u.nickname} ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <ul className="user-picker__list" aria-label={t('chat.people')} aria-busy={picker.loading}>
        {picker.results.map((u) => (
          <li key={u.id}>
            <label
              className={`user-picker__row${u.deactivated ? ' user-picker__row--disabled' : ''}`}
              data-testid="user-option"
            >
              {/* Deactivated people are listed (so nobody wonders where they went) but cannot be picked (ACCT-4). */}
              <input
                type="checkbox"
                checked={picker.chosen.some((x) => x.id === u.id)}
                disabled={u.deactivated === true}
                onChange={() => picker.toggle(u)}
              />
              <Avatar name={u.nickname} seed={u.id} size="sm" url={u.avatarUrl} />
              <span className="user-picker__name">{u.nickname}</span>
              <span className="user-picker__username">
                @{u.username}
                {u.deactivated ? ` · ${t('chat.deactivated')}` : ''}
              </span>
            </label>
          </li>
        ))}
        {!picker.loading && picker.results.length === 0 ? (
          <li className="user-picker__empty">{t('chat.noPeopleFound')}</li>
        ) : null}
      </ul>
      {picker.hasMore ? (
        <button type="button" className="link-button" onClick={() => void picker.more()}>
          {t('chat.morePeople')}
        </button>
      ) : null}
    </div>
  );
}
