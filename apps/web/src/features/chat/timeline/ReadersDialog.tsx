import type { Message, ReadersResponse } from '@messenger/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../../ui/Avatar.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';

export interface ReadersDialogProps {
  message: Message;
  load: (m: Message) => Promise<ReadersResponse>;
  onClose: () => void;
}

/** Who has read a message and who has not (READ-1). */
export function ReadersDialog({ message, load, onClose }: ReadersDialogProps) {
  const { t } = useTranslation();
  const [data, setData] = useState<ReadersResponse | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    load(message).then(setData, () => setFailed(true));
  }, [load, message]);
  const list = (title: string, users: ReadersResponse['readBy'], testId: string) => (
    <section className="readers__section" data-testid={testId}>
      <h3 className="readers__title">
        {title} <span className="readers__count">{users.length}</span>
      </h3>
      <ul className="readers__list">
        {users.map((u) => (
          <li key={u.id} className="readers__row">
            <Avatar name={u.nickname} seed={u.id} size="sm" url={u.avatarUrl} />
            <span>{u.deleted ? t('chat.deletedUser') : u.nickname}</span>
          </li>
        ))}
      </ul>
    </section>
  );
  return (
    <Dialog
      title={t('chat.readersTitle')}
      closeLabel={t('chat.close')}
      onClose={onClose}
      testId="readers-dialog"
    >
      <div className="dialog__body readers">
        {failed ? <p role="alert">{t('errors.unknown')}</p> : null}
        {!data && !failed ? <p role="status">{t('app.loading')}</p> : null}
        {data ? (
          <>
            {list(t('chat.unreadBy'), data.unreadBy, 'unread-by')}
            {list(t('chat.readBy'), data.readBy, 'read-by')}
          </>
        ) : null}
      </div>
    </Dialog>
  );
}
