import { useTranslation } from 'react-i18next';
import { plainText } from '../plainText.ts';
import { useChatStore } from '../store/ChatContext.tsx';
import { usePinsSnapshot, usePinStore } from './PinsContext.tsx';

/** A reminder to acknowledge a notice (PIN-6), shown wherever the member is, with a way to its room. */
export function ReminderToast() {
  const { t } = useTranslation();
  const { reminder } = usePinsSnapshot();
  const pins = usePinStore();
  const chat = useChatStore();
  if (!reminder) return null;
  return (
    <div className="alert alert--info chat-notice reminder-toast" role="alert" data-testid="reminder-toast">
      <span className="alert__body">
        <strong>{t('pins.reminderFrom', { name: reminder.by || t('chat.someone') })}</strong>
        <span className="reminder-toast__text">{plainText(reminder.pin.body)}</span>
      </span>
      <button
        type="button"
        className="link-button"
        onClick={() => {
          chat.open(reminder.pin.roomId);
          pins.dismissReminder();
        }}
      >
        {t('pins.openRoom')}
      </button>
      <button type="button" className="link-button" onClick={() => pins.dismissReminder()}>
        {t('notices.dismiss')}
      </button>
    </div>
  );
}
