import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface TypingIndicatorProps {
  /** user id -> expiry (ms). */
  typing: Record<string, number> | undefined;
  nameOf: (id: string) => string;
}

/** "Kim is typing…", expiring client-side after 5 s without a new signal (TYPE-1). */
export function TypingIndicator({ typing, nameOf }: TypingIndicatorProps) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const entries = Object.entries(typing ?? {}).filter(([, until]) => until > now);
  const next = Math.min(...Object.values(typing ?? {}).filter((u) => u > now));
  useEffect(() => {
    if (!Number.isFinite(next)) return;
    const timer = setTimeout(() => setNow(Date.now()), next - Date.now() + 20);
    return () => clearTimeout(timer);
  }, [next]);
  useEffect(() => {
    // A new signal arrived: re-read the clock so it shows.
    const timer = setTimeout(() => setNow(Date.now()), 0);
    return () => clearTimeout(timer);
  }, [typing]);
  const names = entries.map(([id]) => nameOf(id));
  return (
    <div className="typing" aria-live="polite" data-testid="typing-indicator">
      {names.length === 0
        ? null
        : names.length === 1
          ? t('chat.typingOne', { name: names[0] ?? '' })
          : t('chat.typingMany', { names: names.join(', ') })}
    </div>
  );
}
