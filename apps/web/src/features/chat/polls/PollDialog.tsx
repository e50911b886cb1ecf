import { POLL_LIMITS } from '@messenger/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/errorText.ts';
import { Dialog } from '../../../ui/Dialog.tsx';
import { localInputToIso, pollDraftErrors } from './pollModel.ts';
import { usePollStore } from './PollsContext.tsx';

/** Creates a poll: question, 2-10 options (add/remove), multiple, anonymous, a deadline in the viewer's time zone. */
export function PollDialog({ roomId, onClose }: { roomId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const store = usePollStore();
  const id = useId();
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState(['', '']);
  const [multiple, setMultiple] = useState(false);
  const [anonymous, setAnonymous] = useState(false);
  const [endsAt, setEndsAt] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errors = pollDraftErrors({ question, options, endsAt });
  const shown = tried ? errors : {};

  const submit = async () => {
    setTried(true);
    if (Object.keys(errors).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await store.create(roomId, {
        question,
        options: options.map((o) => o.trim()).filter(Boolean),
        multiple,
        anonymous,
        ...(endsAt ? { endsAt: localInputToIso(endsAt)! } : {}),
      });
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('polls.create')} closeLabel={t('chat.close')} onClose={onClose} testId="poll-dialog">
      <form
        className="dialog__body poll-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor={`${id}-q`}>
            {t('polls.question')}
          </label>
          <input
            id={`${id}-q`}
            className="field__input"
            value={question}
            maxLength={POLL_LIMITS.questionMax}
            aria-invalid={!!shown.question}
            data-testid="poll-question"
            onChange={(e) => setQuestion(e.target.value)}
            autoFocus
          />
          {shown.question ? <p className="field__error">{t(shown.question)}</p> : null}
        </div>
        <fieldset className="poll-form__options">
          <legend className="field__label">{t('polls.options')}</legend>
          {options.map((o, i) => (
            <div key={i} className="poll-form__option">
              <input
                className="field__input"
                value={o}
                maxLength={POLL_LIMITS.optionMax}
                aria-label={t('polls.optionN', { n: i + 1 })}
                data-testid="poll-option-input"
                onChange={(e) => setOptions(options.map((x, j) => (j === i ? e.target.value : x)))}
              />
              {options.length > POLL_LIMITS.optionsMin ? (
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t('polls.removeOption', { n: i + 1 })}
                  onClick={() => setOptions(options.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              ) : null}
            </div>
          ))}
          {options.length < POLL_LIMITS.optionsMax ? (
            <button
              type="button"
              className="link-button poll-form__add"
              data-testid="poll-add-option"
              onClick={() => setOptions([...options, ''])}
            >
              {t('polls.addOption')}
            </button>
          ) : null}
          {shown.options ? <p className="field__error">{t(shown.options)}</p> : null}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={multiple} onChange={(e) => setMultiple(e.target.checked)} />
          {t('polls.allowMultiple')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={anonymous}
            data-testid="poll-anonymous"
            onChange={(e) => setAnonymous(e.target.checked)}
          />
          {t('polls.anonymousVote')}
        </label>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-end`}>
            {t('polls.deadline')}
          </label>
          <input
            id={`${id}-end`}
            type="datetime-local"
            className="field__input"
            value={endsAt}
            aria-invalid={!!shown.endsAt}
            aria-describedby={`${id}-end-hint`}
            data-testid="poll-deadline"
            onChange={(e) => setEndsAt(e.target.value)}
          />
          <p id={`${id}-end-hint`} className="field__hint">
            {t('polls.deadlineHint', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}
          </p>
          {shown.endsAt ? <p className="field__error">{t(shown.endsAt)}</p> : null}
        </div>
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('chat.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="poll-submit">
            {t('polls.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
