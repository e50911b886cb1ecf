import type { Poll } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/errorText.ts';
import { dateFormat } from '../../../lib/time.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { useChatState } from '../store/ChatContext.tsx';
import { isOpen, percentOf } from './pollModel.ts';
import { usePoll, usePollStore } from './PollsContext.tsx';

/** Date and time in the viewer's time zone, "12월 1일 (화) 오후 3:00". */
export function deadlineText(iso: string, locale: string): string {
  return dateFormat(locale, {
    month: 'short',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

/**
 * A poll in the timeline: options with bars and percentages, my choice marked, who voted (unless anonymous),
 * the deadline in the viewer's time zone, and Close for the creator and room admins.
 */
export function PollCard({ pollId, canModerate }: { pollId: string; canModerate: boolean }) {
  const { t, i18n } = useTranslation();
  const poll = usePoll(pollId);
  const store = usePollStore();
  const state = useChatState();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  if (!poll) return <div className="poll poll--loading">{t('polls.loading')}</div>;
  const open = isOpen(poll);
  const canClose = open && (canModerate || poll.creator?.id === state.meId);
  const nameOf = (id: string) => state.users[id]?.nickname ?? t('chat.someone');

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      className={open ? 'poll' : 'poll poll--closed'}
      data-testid="poll-card"
      data-poll-id={poll.id}
      aria-label={t('polls.cardLabel', { question: poll.question })}
    >
      <header className="poll__head">
        <span className="poll__kind">{t('polls.kind')}</span>
        <PollFlags poll={poll} />
      </header>
      <p className="poll__question">{poll.question}</p>
      <ul className="poll__options">
        {poll.options.map((o) => {
          const mine = poll.myVotes.includes(o.id);
          const pct = percentOf(o.votes, poll);
          return (
            <li key={o.id} className="poll__option-row">
              <button
                type="button"
                className={mine ? 'poll__option poll__option--mine' : 'poll__option'}
                aria-pressed={mine}
                disabled={!open || busy}
                data-testid="poll-option"
                onClick={() => void run(() => store.vote(poll.id, o.id))}
              >
                <span className="poll__bar" style={{ width: `${pct}%` }} aria-hidden="true" />
                <span className="poll__mark" aria-hidden="true">
                  {mine ? '✓' : ''}
                </span>
                <span className="poll__text">{o.text}</span>
                <span className="poll__count" data-testid="poll-count">
                  {t('polls.votes', { count: o.votes })} · {pct}%
                </span>
              </button>
              {o.voterIds && o.voterIds.length > 0 ? (
                <p className="poll__voters" data-testid="poll-voters">
                  {o.voterIds.map(nameOf).join(', ')}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
      <footer className="poll__foot">
        <span data-testid="poll-total">{t('polls.voters', { count: poll.totalVoters })}</span>
        {poll.closedAt ? (
          <span className="badge poll__closed" data-testid="poll-closed">
            {t('polls.closed')}
          </span>
        ) : poll.endsAt ? (
          <span>{t('polls.endsAt', { time: deadlineText(poll.endsAt, i18n.language) })}</span>
        ) : null}
        {canClose ? (
          <button
            type="button"
            className="link-button poll__close"
            disabled={busy}
            onClick={() => setConfirmClose(true)}
          >
            {t('polls.close')}
          </button>
        ) : null}
      </footer>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      {confirmClose ? (
        <ConfirmDialog
          title={t('polls.closeTitle')}
          body={t('polls.closeBody')}
          confirmLabel={t('polls.close')}
          onConfirm={() => {
            setConfirmClose(false);
            void run(() => store.close(poll.id));
          }}
          onClose={() => setConfirmClose(false)}
        />
      ) : null}
    </section>
  );
}

function PollFlags({ poll }: { poll: Poll }) {
  const { t } = useTranslation();
  return (
    <span className="poll__flags">
      {poll.multiple ? t('polls.multiple') : t('polls.single')}
      {poll.anonymous ? ` · ${t('polls.anonymous')}` : ''}
    </span>
  );
}
