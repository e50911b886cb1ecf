import { useTranslation } from 'react-i18next';
import { useOpenSearch } from './searchContext.ts';

/** The magnifier that opens search: everywhere (sidebar) or within a room (room header). */
export function SearchButton({ roomId, testId }: { roomId: string | null; testId: string }) {
  const { t } = useTranslation();
  const open = useOpenSearch();
  const label = roomId ? t('search.inRoom') : t('search.open');
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={label}
      title={roomId ? label : `${label} (Ctrl+K)`}
      aria-keyshortcuts={roomId ? undefined : 'Control+K'}
      data-testid={testId}
      onClick={() => open(roomId)}
    >
      <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M10.5 10.5L14 14" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
    </button>
  );
}
