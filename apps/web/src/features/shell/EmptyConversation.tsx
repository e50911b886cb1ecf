import { useTranslation } from 'react-i18next';

/** The main area while no conversation is open. */
export function EmptyConversation() {
  const { t } = useTranslation();
  return (
    <div className="empty-state">
      <svg className="empty-state__art" viewBox="0 0 120 96" aria-hidden="true" focusable="false">
        <path
          d="M22 14H66A14 14 0 0 1 80 28V48A14 14 0 0 1 66 62H36L24 74V62H22A14 14 0 0 1 8 48V28A14 14 0 0 1 22 14Z"
          className="empty-state__bubble"
        />
        <path
          d="M57 34H99A13 13 0 0 1 112 47V63A13 13 0 0 1 99 76H98V88L86 76H57A13 13 0 0 1 44 63V47A13 13 0 0 1 57 34Z"
          className="empty-state__bubble-alt"
        />
        <circle cx="64" cy="55" r="3.5" className="empty-state__dot" />
        <circle cx="78" cy="55" r="3.5" className="empty-state__dot" />
        <circle cx="92" cy="55" r="3.5" className="empty-state__dot" />
      </svg>
      <h2 className="empty-state__title">{t('shell.selectConversation')}</h2>
      <p className="empty-state__hint">{t('shell.selectConversationHint')}</p>
    </div>
  );
}
