import type { SearchHit } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { LockIcon } from '../e2e/LockIcon.tsx';
import { shortTime } from '../chat/timeline/format.ts';
import { Highlight } from './Highlight.tsx';
import type { HitGroup } from './searchModel.ts';

export interface SearchResultsProps {
  listId: string;
  groups: HitGroup[];
  /** Title of a room as the viewer's room list shows it (falls back to the server's name). */
  titleOf: (group: HitGroup) => string;
  activeId: string | null;
  optionId: (hit: SearchHit) => string;
  onChoose: (hit: SearchHit) => void;
  onHover: (hit: SearchHit) => void;
}

/** Hits grouped by room, each with sender, time and the matches marked; a listbox for keyboard use. */
export function SearchResults({
  listId,
  groups,
  titleOf,
  activeId,
  optionId,
  onChoose,
  onHover,
}: SearchResultsProps) {
  const { t, i18n } = useTranslation();
  return (
    <div
      id={listId}
      role="listbox"
      aria-label={t('search.results')}
      className="search-results"
      data-testid="search-results"
    >
      {groups.map((g) => (
        <div key={g.roomId} role="group" aria-labelledby={`${listId}-${g.roomId}`} className="search-group">
          <h3 id={`${listId}-${g.roomId}`} className="search-group__title">
            {titleOf(g)}
          </h3>
          {g.hits.map((h) => {
            const id = optionId(h);
            const plainFiles = h.files.length === 0 && !h.snippet.text;
            return (
              <div
                key={h.message.id}
                id={id}
                role="option"
                aria-selected={activeId === id}
                className={activeId === id ? 'search-hit search-hit--active' : 'search-hit'}
                data-testid="search-hit"
                data-message-id={h.message.id}
                data-on-device={h.onDevice ? 'true' : undefined}
                onClick={() => onChoose(h)}
                onPointerMove={() => onHover(h)}
              >
                <div className="search-hit__meta">
                  <span className="search-hit__sender">
                    {h.message.sender?.nickname ?? t('chat.deletedUser')}
                  </span>
                  {h.onDevice ? (
                    <span
                      className="search-hit__e2e"
                      data-testid="search-hit-e2e"
                      title={t('e2e.searchHitDevice')}
                    >
                      <LockIcon className="e2e-note__icon" />
                      <span className="visually-hidden">{t('e2e.searchHitDevice')}</span>
                    </span>
                  ) : null}
                  <time className="search-hit__time" dateTime={h.message.createdAt}>
                    {shortTime(h.message.createdAt, i18n.language)}
                  </time>
                </div>
                {h.snippet.text ? (
                  <p className="search-hit__text">
                    <Highlight value={h.snippet} />
                  </p>
                ) : null}
                {h.files.map((f) => (
                  <p key={f.id} className="search-hit__file">
                    <span aria-hidden="true">📎 </span>
                    <Highlight value={f.name} />
                  </p>
                ))}
                {plainFiles
                  ? h.message.files
                      .filter((f) => !f.deleted)
                      .map((f) => (
                        <p key={f.id} className="search-hit__file">
                          <span aria-hidden="true">📎 </span>
                          {f.name}
                        </p>
                      ))
                  : null}
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
