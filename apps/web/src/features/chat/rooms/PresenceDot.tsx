import type { Presence } from '@messenger/shared';
import { useTranslation } from 'react-i18next';

/** A small online/away/offline dot with an accessible label. */
export function PresenceDot({ presence }: { presence: Presence | undefined }) {
  const { t } = useTranslation();
  const p = presence ?? 'offline';
  return (
    <span
      className={`presence-dot presence-dot--${p}`}
      role="img"
      aria-label={t(`chat.presence.${p}`)}
      data-presence={p}
    />
  );
}
