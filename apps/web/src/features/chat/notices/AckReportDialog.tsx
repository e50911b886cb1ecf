import type { Pin } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../ui/Dialog.tsx';
import { deadlineText } from '../polls/PollCard.tsx';
import { useAckReport } from './useAckReport.ts';

/** Who has and has not acknowledged a notice (author and admins), with CSV download and a reminder button. */
export function AckReportDialog({ pin, onClose }: { pin: Pin; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { report, error, status, remind, csvUrl } = useAckReport(pin);

  return (
    <Dialog title={t('pins.reportTitle')} closeLabel={t('chat.close')} onClose={onClose} testId="ack-report">
      <div className="dialog__body ack-report">
        {report ? (
          <>
            <h3 className="ack-report__head">{t('pins.done', { count: report.acknowledged.length })}</h3>
            <ul className="ack-report__list" data-testid="ack-done">
              {report.acknowledged.map((a) => (
                <li key={a.user.id}>
                  <span>{a.user.nickname}</span>
                  <time dateTime={a.at}>{deadlineText(a.at, i18n.language)}</time>
                </li>
              ))}
            </ul>
            <h3 className="ack-report__head">{t('pins.pending', { count: report.pending.length })}</h3>
            <ul className="ack-report__list" data-testid="ack-pending">
              {report.pending.map((u) => (
                <li key={u.id}>{u.nickname}</li>
              ))}
            </ul>
          </>
        ) : null}
        {status ? <p role="status">{status}</p> : null}
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog__actions">
          <a className="button button--secondary" href={csvUrl} download data-testid="ack-csv">
            {t('pins.downloadCsv')}
          </a>
          <button
            type="button"
            className="button button--primary"
            disabled={!report || report.pending.length === 0}
            data-testid="ack-remind"
            onClick={() => void remind()}
          >
            {t('pins.remind')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
