import type { Message } from '@messenger/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../i18n/errorText.ts';
import { Dialog } from '../../../ui/Dialog.tsx';
import { plainText } from '../plainText.ts';
import { usePinStore } from './PinsContext.tsx';

/** Pins a message as a notice, optionally asking the members to acknowledge it. */
export function PinDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const { t } = useTranslation();
  const store = usePinStore();
  const [requiresAck, setRequiresAck] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pin = async () => {
    setBusy(true);
    setError(null);
    try {
      await store.create(message.roomId, { messageId: message.id, requiresAck });
      onClose();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('pins.pinTitle')} closeLabel={t('chat.close')} onClose={onClose} testId="pin-dialog">
      <div className="dialog__body">
        <blockquote className="pin-dialog__quote">{plainText(message.body)}</blockquote>
        <label className="check">
          <input
            type="checkbox"
            checked={requiresAck}
            data-testid="pin-requires-ack"
            onChange={(e) => setRequiresAck(e.target.checked)}
          />
          {t('pins.askAck')}
        </label>
        {error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('chat.cancel')}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            data-testid="pin-confirm"
            onClick={() => void pin()}
            autoFocus
          >
            {t('pins.pin')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
