import type { RoomSummary } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../../ui/Avatar.tsx';
import { PresenceDot } from '../rooms/PresenceDot.tsx';
import { roomTitle } from '../roomTitle.ts';
import type { PresenceInfo } from '../chatApi.ts';
import { MegaphoneIcon } from '../notices/icons.tsx';
import { FilesIcon, PeopleIcon } from './icons.tsx';
import { SearchButton } from '../../search/SearchButton.tsx';
import { E2eBadge } from '../../e2e/LockIcon.tsx';
import { RoomMenu } from './RoomMenu.tsx';

export interface ChatHeaderProps {
  room: RoomSummary;
  peerPresence: PresenceInfo | undefined;
  membersOpen: boolean;
  filesOpen: boolean;
  noticesOpen: boolean;
  onBack: () => void;
  onToggleMembers: () => void;
  onToggleFiles: () => void;
  onToggleNotices: () => void;
}

/** Room name (or the peer with presence and status), member count, members panel and room menu. */
export function ChatHeader({
  room,
  peerPresence,
  membersOpen,
  filesOpen,
  noticesOpen,
  onBack,
  onToggleMembers,
  onToggleFiles,
  onToggleNotices,
}: ChatHeaderProps) {
  const { t } = useTranslation();
  const title = roomTitle(room, t('chat.deletedUser'));
  // A deleted person has no presence; a deactivated one says so (ACCT-3, ACCT-4).
  const subtitle =
    room.kind === 'group'
      ? t('chat.memberCount', { count: room.memberCount })
      : room.peer?.deleted
        ? ''
        : room.peer?.deactivated
          ? t('chat.deactivated')
          : [t(`chat.presence.${peerPresence?.presence ?? 'offline'}`), peerPresence?.statusMessage]
              .filter(Boolean)
              .join(' · ');
  return (
    <header className="chat-header">
      <button
        type="button"
        className="icon-button chat-header__back"
        aria-label={t('chat.backToList')}
        data-testid="back-to-list"
        onClick={onBack}
      >
        <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M10 3L5 8l5 5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      </button>
      <span className="room-item__avatar">
        <Avatar
          name={title}
          seed={room.peer?.id ?? room.id}
          url={room.peer ? room.peer.avatarUrl : room.imageUrl}
        />
        {room.kind === 'direct' && !room.peer?.deleted ? (
          <PresenceDot presence={peerPresence?.presence} />
        ) : null}
      </span>
      <div className="chat-header__titles">
        <h2 className="chat-header__title" data-testid="chat-title">
          {title}
          {room.e2e ? (
            <E2eBadge label={t('e2e.badge')} title={t('e2e.badgeTitle')} testId="e2e-badge" />
          ) : null}
        </h2>
        <p className="chat-header__sub">{subtitle}</p>
      </div>
      <SearchButton roomId={room.id} testId="search-room" />
      {/* Notices are not offered in encrypted rooms yet (E2E-41). */}
      {room.e2e ? null : (
        <button
          type="button"
          className="button button--small button--secondary"
          aria-pressed={noticesOpen}
          data-testid="notices-toggle"
          aria-label={t('pins.panelButton')}
          title={t('pins.panelButton')}
          onClick={onToggleNotices}
        >
          <MegaphoneIcon className="chat-header__icon" />
          <span className="chat-header__label">{t('pins.panelButton')}</span>
        </button>
      )}
      <button
        type="button"
        className="button button--small button--secondary"
        aria-pressed={filesOpen}
        data-testid="files-toggle"
        aria-label={t('files.panelButton')}
        title={t('files.panelButton')}
        onClick={onToggleFiles}
      >
        <FilesIcon className="chat-header__icon" />
        <span className="chat-header__label">{t('files.panelButton')}</span>
      </button>
      <button
        type="button"
        className="button button--small button--secondary"
        aria-pressed={membersOpen}
        data-testid="members-toggle"
        aria-label={t('chat.membersButton', { count: room.memberCount })}
        title={t('chat.membersButton', { count: room.memberCount })}
        onClick={onToggleMembers}
      >
        {/* On phones: the people icon and the count, so the room's name keeps the header's width. */}
        <PeopleIcon className="chat-header__icon" />
        <span className="chat-header__count" aria-hidden="true">
          {room.memberCount}
        </span>
        <span className="chat-header__label">{t('chat.membersButton', { count: room.memberCount })}</span>
      </button>
      <RoomMenu room={room} />
    </header>
  );
}
