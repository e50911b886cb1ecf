import type { Presence, RoomSummary } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../../ui/Avatar.tsx';
import { E2eBadge } from '../../e2e/LockIcon.tsx';
import { plainText } from '../plainText.ts';
import { roomTitle } from '../roomTitle.ts';
import { PresenceDot } from './PresenceDot.tsx';
import { shortTime } from '../timeline/format.ts';

export interface RoomListItemProps {
  room: RoomSummary;
  active: boolean;
  presence: Presence | undefined;
  onOpen: () => void;
  /** A standard direct room beside an encrypted one with the same person: labelled "not end-to-end" (E2E-112). */
  standardTwin?: boolean;
}

/** One row of the room list: avatar, title, time, preview and markers. */
export function RoomListItem({ room, active, presence, onOpen, standardTwin }: RoomListItemProps) {
  const { t, i18n } = useTranslation();
  const title = roomTitle(room, t('chat.deletedUser'));
  const last = room.lastMessage;
  const text =
    last?.kind === 'poll' ? t('polls.preview', { question: last.text }) : plainText(last?.text ?? '');
  // An encrypted message is not decrypted for the list (only members' devices can; E2E-42).
  const shown = last?.kind === 'e2e' ? t('e2e.preview') : text;
  const preview = !last
    ? t('chat.noMessagesYet')
    : last.deleted
      ? t('chat.deletedMessage')
      : last.kind === 'system'
        ? t('chat.systemPreview')
        : room.kind === 'group' && last.senderNickname
          ? `${last.senderNickname}: ${shown}`
          : shown;
  return (
    <li>
      <button
        type="button"
        className="room-item"
        aria-current={active ? 'true' : undefined}
        data-testid="room-item"
        data-room-id={room.id}
        onClick={onOpen}
      >
        <span className="room-item__avatar">
          <Avatar
            name={title}
            seed={room.peer?.id ?? room.id}
            url={room.peer ? room.peer.avatarUrl : room.imageUrl}
          />
          {room.kind === 'direct' && !room.peer?.deleted ? <PresenceDot presence={presence} /> : null}
        </span>
        <span className="room-item__body">
          <span className="room-item__top">
            <span className="room-item__title">{title}</span>
            {room.e2e ? <E2eBadge label={t('e2e.badge')} title={t('e2e.badge')} /> : null}
            {standardTwin ? (
              <span className="room-item__standard" title={t('e2e.notE2e')} data-testid="room-not-e2e">
                {t('e2eDefault.notE2eTag')}
              </span>
            ) : null}
            {room.kind === 'group' ? <span className="room-item__count">{room.memberCount}</span> : null}
            {room.pinned ? (
              <span
                className="room-item__icon"
                role="img"
                aria-label={t('chat.pinned')}
                title={t('chat.pinned')}
              >
                📌
              </span>
            ) : null}
            {room.muted ? (
              <span
                className="room-item__icon"
                role="img"
                aria-label={t('chat.muted')}
                title={t('chat.muted')}
              >
                🔕
              </span>
            ) : null}
            <span className="room-item__time">{last ? shortTime(last.createdAt, i18n.language) : ''}</span>
          </span>
          <span className="room-item__bottom">
            <span className="room-item__preview">{preview}</span>
            {room.mentioned ? (
              <span
                className="room-item__mention"
                aria-label={t('chat.mentionedYou')}
                data-testid="room-mention"
              >
                @
              </span>
            ) : null}
            {room.unreadCount > 0 ? (
              <span
                className={room.muted ? 'room-item__unread room-item__unread--muted' : 'room-item__unread'}
                aria-label={t('chat.unreadCount', { count: room.unreadCount })}
                data-testid="room-unread"
              >
                {room.unreadCount > 999 ? '999+' : room.unreadCount}
              </span>
            ) : null}
          </span>
        </span>
      </button>
    </li>
  );
}
