import type { Pin } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/errorText.ts';
import { plainText } from '../plainText.ts';
import { shortTime } from '../timeline/format.ts';
import { MegaphoneIcon } from './icons.tsx';
import { bannerPin, needsMyAck } from './pinModel.ts';
import { usePinStore } from './PinsContext.tsx';

/**
 * The banner at the top of a room: the notice still waiting for my acknowledgement, else the newest one.
 * Prominent (accent) while I have not acknowledged, more so after a reminder, which it names (PIN-6): also
 * a reminder sent while I was away, until I acknowledge.
 */
export function NoticeBanner({
  roomId,
  pins,
  meId,
  onOpenAll,
}: {
  roomId: string;
  pins: Pin[];
  meId: string;
  onOpenAll: () => void;
}) {
  const { t, i18n } = useTranslation();
  const store = usePinStore();
  const [expanded, setExpanded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pin = bannerPin(pins, meId);
  if (!pin) return null;
  const waiting = needsMyAck(pin, meId);
  const reminder = waiting ? pin.myReminder : null;
  const cls = ['notice-banner', waiting && 'notice-banner--attention', reminder && 'notice-banner--reminded']
    .filter(Boolean)
    .join(' ');
  const author = pin.author?.nickname ?? t('chat.someone');
  const ack = async () => {
    try {
      setError(null);
      await store.acknowledge(roomId, pin.id);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <section className={cls} aria-label={t('pins.banner')} data-testid="notice-banner" data-pin-id={pin.id}>
      <span className="notice-banner__icon">
        <MegaphoneIcon />
      </span>
      <div className="notice-banner__main">
        <button
          type="button"
          className={expanded ? 'notice-banner__text notice-banner__text--open' : 'notice-banner__text'}
          aria-expanded={expanded}
          title={expanded ? t('pins.collapse') : t('pins.expand')}
          data-testid="notice-banner-text"
          onClick={() => setExpanded((v) => !v)}
        >
          {pin.message ? plainText(pin.body) : pin.body}
        </button>
        <span className="notice-banner__meta">
          {t('pins.bannerBy', { name: author, time: shortTime(pin.createdAt, i18n.language) })}
          {pin.requiresAck ? ` · ${t('pins.ackProgress', { count: pin.ackCount, total: pin.ackTotal })}` : ''}
        </span>
        {reminder ? (
          <span className="notice-banner__reminded" data-testid="notice-reminded">
            {t('pins.remindedBy', {
              name: reminder.by || t('chat.someone'),
              time: shortTime(reminder.at, i18n.language),
            })}
          </span>
        ) : null}
        {error ? (
          <span className="field__error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
      <div className="notice-banner__actions">
        {waiting ? (
          <button
            type="button"
            className="button button--small button--primary"
            data-testid="notice-ack"
            onClick={() => void ack()}
          >
            {t('pins.acknowledge')}
          </button>
        ) : pin.requiresAck && pin.acknowledgedByMe ? (
          <span className="badge">{t('pins.acknowledged')}</span>
        ) : null}
        <button type="button" className="link-button" data-testid="notice-all" onClick={onOpenAll}>
          {t('pins.all', { count: pins.length })}
        </button>
      </div>
    </section>
  );
}
