import { E2E_ROOM_MEMBERS_MAX } from '@messenger/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../ui/Dialog.tsx';
import { LockIcon } from '../../e2e/LockIcon.tsx';
import { useNewChat } from './useNewChat.ts';
import { UserPicker } from './UserPicker.tsx';

/**
 * Start a 1:1 chat (one person) or a group (several people and a name); whether it is end-to-end encrypted
 * follows the server's policy (E2E-113): on, fixed or a switch, with the reason when it cannot be changed.
 */
export function NewChatDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { picker, name, setName, error, busy, group, choice, encrypted, setEncrypted, submit } =
    useNewChat(onClose);
  const explainId = useId();

  return (
    <Dialog title={t('chat.newChat')} closeLabel={t('chat.close')} onClose={onClose} testId="new-chat-dialog">
      <form className="dialog__body new-chat" onSubmit={(e) => void submit(e)}>
        <UserPicker picker={picker} />
        {group ? (
          <label className="field">
            <span className="field__label">{t('chat.groupName')}</span>
            <input
              className="field__input"
              value={name}
              maxLength={50}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
        ) : null}
        {picker.chosen.length > 0 && choice.kind !== 'none' ? (
          <div className="new-chat__e2e" data-testid="e2e-choice" data-kind={choice.kind}>
            <label className="switch">
              <input
                type="checkbox"
                role="switch"
                className="switch__input"
                checked={encrypted}
                disabled={choice.kind !== 'optional'}
                onChange={(e) => setEncrypted(e.target.checked)}
                aria-describedby={explainId}
                data-testid="e2e-switch"
              />
              <span className="switch__track" aria-hidden="true" />
              <span className="switch__label">
                <LockIcon className="e2e-note__icon" />
                {group ? t('e2e.switchGroup') : t('e2e.switchDirect')}
              </span>
            </label>
            <p id={explainId} className="field__hint">
              {choice.kind === 'optional' ? null : (
                <span className="new-chat__e2e-reason" data-testid="e2e-switch-reason">
                  {t(`e2eDefault.${choice.reason === 'direct' ? 'directAlways' : choice.reason}`, {
                    max: E2E_ROOM_MEMBERS_MAX,
                  })}{' '}
                </span>
              )}
              {choice.kind === 'unavailable' ? null : t('e2e.explain', { max: E2E_ROOM_MEMBERS_MAX })}
            </p>
          </div>
        ) : null}
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || picker.chosen.length === 0}
          >
            {group ? t('chat.createGroup', { count: picker.chosen.length }) : t('chat.startChat')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
