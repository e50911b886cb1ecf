import { useTranslation } from 'react-i18next';

/** Shown over the chat while files are dragged onto it; lets every pointer event through to the drop zone. */
export function DropOverlay() {
  const { t } = useTranslation();
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-overlay__card">
        <svg viewBox="0 0 24 24" focusable="false">
          <path
            d="M12 16V4M7 9l5-5 5 5M4 15v4a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <strong>{t('files.dropHere')}</strong>
        <span>{t('files.dropHint')}</span>
      </div>
    </div>
  );
}
