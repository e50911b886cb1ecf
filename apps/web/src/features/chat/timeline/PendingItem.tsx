import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { renderMarkdown } from '../../../lib/markdown.tsx';
import { failureText } from '../../e2e/failureText.ts';
import { MessageFiles } from '../files/MessageFiles.tsx';
import type { PendingMessage } from '../model/timeline.ts';
import type { RowActions } from './rowProps.ts';

/** A message the server has not acknowledged yet: pending, or failed with Retry and Discard. */
export const PendingItem = memo(function PendingItem({
  pending,
  actions,
}: {
  pending: PendingMessage;
  actions: RowActions;
}) {
  const { t } = useTranslation();
  const failed = pending.status === 'failed';
  return (
    <div
      className={failed ? 'msg msg--continued msg--failed' : 'msg msg--continued msg--pending'}
      data-testid="pending-message"
      data-status={pending.status}
    >
      <div className="msg__gutter" />
      <div className="msg__main">
        <div className="msg__body">{renderMarkdown(pending.body)}</div>
        {pending.files?.length ? <MessageFiles files={pending.files} /> : null}
        <div className="msg__pending-status" role={failed ? 'alert' : 'status'}>
          {failed ? (
            <>
              <span>
                {t('chat.sendFailed')}
                {/* An encrypted send says why (waiting to be added, another tab), in the words of its code. */}
                {pending.e2e && pending.errorCode ? ` ${failureText(pending.errorCode, 'action')}` : null}
              </span>
              <button type="button" className="link-button" onClick={() => actions.retry(pending.id)}>
                {t('chat.retry')}
              </button>
              <button type="button" className="link-button" onClick={() => actions.discard(pending.id)}>
                {t('chat.discard')}
              </button>
            </>
          ) : (
            <span>{t('chat.sending')}</span>
          )}
        </div>
      </div>
    </div>
  );
});
