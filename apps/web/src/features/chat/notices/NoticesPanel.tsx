import { PIN_LIMITS, type Pin, type RoomSummary } from '@messenger/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/errorText.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { plainText } from '../plainText.ts';
import { shortTime } from '../timeline/format.ts';
import { AckReportDialog } from './AckReportDialog.tsx';
import { needsMyAck } from './pinModel.ts';
import { usePinStore } from './PinsContext.tsx';

/** All notices of a room, a form to write one, and per notice: acknowledge, report, unpin. */
export function NoticesPanel({
  room,
  canWrite,
  pins,
  meId,
  onJump,
  onClose,
}: {
  room: RoomSummary;
  /** The room's post policy lets me write notices. */
  canWrite: boolean;
  pins: Pin[];
  meId: string;
  onJump: (messageId: string) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const store = usePinStore();
  const id = useId();
  const [text, setText] = useState('');
  const [requiresAck, setRequiresAck] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [unpinning, setUnpinning] = useState<Pin | null>(null);
  const [reportOf, setReportOf] = useState<string | null>(null);
  const isAdmin = room.myRole === 'owner' || room.myRole === 'admin';
  const canManage = (p: Pin) => isAdmin || p.author?.id === meId;
  const reportPin = pins.find((p) => p.id === reportOf);

  const run = async (fn: () => Promise<void>) => {
    try {
      setError(null);
      await fn();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <aside
      className="members-panel notices-panel"
      aria-label={t('pins.panelTitle')}
      data-testid="notices-panel"
    >
      <header className="members-panel__head">
        <h2 className="members-panel__title">{t('pins.panelTitle')}</h2>
        <button type="button" className="icon-button" aria-label={t('chat.close')} onClick={onClose}>
          ×
        </button>
      </header>
      {canWrite ? (
        <form
          className="notice-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) return;
            void run(async () => {
              await store.create(room.id, { body: text, requiresAck });
              setText('');
            });
          }}
        >
          <label className="field__label" htmlFor={`${id}-text`}>
            {t('pins.newNotice')}
          </label>
          <textarea
            id={`${id}-text`}
            className="field__input notice-form__text"
            rows={3}
            maxLength={PIN_LIMITS.bodyMax}
            value={text}
            placeholder={t('pins.noticeText')}
            data-testid="notice-text"
            onChange={(e) => setText(e.target.value)}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={requiresAck}
              data-testid="notice-requires-ack"
              onChange={(e) => setRequiresAck(e.target.checked)}
            />
            {t('pins.askAck')}
          </label>
          <button
            type="submit"
            className="button button--small button--primary"
            disabled={!text.trim()}
            data-testid="notice-post"
          >
            {t('pins.post')}
          </button>
        </form>
      ) : null}
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      {pins.length === 0 ? <p className="files-panel__empty">{t('pins.none')}</p> : null}
      <ul className="notice-list">
        {pins.map((p) => (
          <li key={p.id} className="notice-card" data-testid="notice-card" data-pin-id={p.id}>
            <p className="notice-card__body">{p.message ? plainText(p.body) : p.body}</p>
            <p className="notice-card__meta">
              {t('pins.bannerBy', {
                name: p.author?.nickname ?? t('chat.someone'),
                time: shortTime(p.createdAt, i18n.language),
              })}
            </p>
            {p.requiresAck ? (
              <p className="notice-card__meta" data-testid="notice-progress">
                {t('pins.ackProgress', { count: p.ackCount, total: p.ackTotal })}
              </p>
            ) : null}
            <div className="notice-card__actions">
              {needsMyAck(p, meId) ? (
                <button
                  type="button"
                  className="button button--small button--primary"
                  onClick={() => void run(() => store.acknowledge(room.id, p.id))}
                >
                  {t('pins.acknowledge')}
                </button>
              ) : p.requiresAck && p.acknowledgedByMe ? (
                <span className="badge">{t('pins.acknowledged')}</span>
              ) : null}
              {p.message ? (
                <button type="button" className="link-button" onClick={() => onJump(p.message!.id)}>
                  {t('pins.jump')}
                </button>
              ) : null}
              {p.requiresAck && canManage(p) ? (
                <button
                  type="button"
                  className="link-button"
                  data-testid="notice-report"
                  onClick={() => setReportOf(p.id)}
                >
                  {t('pins.report')}
                </button>
              ) : null}
              {canManage(p) ? (
                <button
                  type="button"
                  className="link-button link-button--danger"
                  onClick={() => setUnpinning(p)}
                >
                  {t('pins.unpin')}
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {unpinning ? (
        <ConfirmDialog
          title={t('pins.unpinTitle')}
          body={t('pins.unpinBody')}
          confirmLabel={t('pins.unpin')}
          onConfirm={() => {
            const p = unpinning;
            setUnpinning(null);
            void run(() => store.remove(room.id, p.id));
          }}
          onClose={() => setUnpinning(null)}
        />
      ) : null}
      {reportPin ? <AckReportDialog pin={reportPin} onClose={() => setReportOf(null)} /> : null}
    </aside>
  );
}
