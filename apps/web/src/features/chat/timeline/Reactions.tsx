import type { Reaction } from '@messenger/shared';
import { useTranslation } from 'react-i18next';

export interface ReactionsProps {
  reactions: Reaction[];
  meId: string;
  /** Toggles one's own reaction; null where nothing may change (an archived room): the chips only show. */
  onToggle: ((emoji: string) => void) | null;
}

/** Reaction chips: count, own highlighted, click toggles (MSG-8). */
export function Reactions({ reactions, meId, onToggle }: ReactionsProps) {
  const { t } = useTranslation();
  if (reactions.length === 0) return null;
  return (
    <div className="reactions">
      {reactions.map((r) => {
        const mine = r.userIds.includes(meId);
        return (
          <button
            key={r.emoji}
            type="button"
            className={mine ? 'reaction reaction--mine' : 'reaction'}
            aria-pressed={mine}
            aria-label={t('chat.reactionLabel', { emoji: r.emoji, count: r.userIds.length })}
            data-testid="reaction"
            disabled={onToggle === null}
            onClick={() => onToggle?.(r.emoji)}
          >
            <span aria-hidden="true">{r.emoji}</span>
            <span className="reaction__count">{r.userIds.length}</span>
          </button>
        );
      })}
    </div>
  );
}
